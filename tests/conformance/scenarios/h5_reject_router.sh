# REJECT on a router: each --reject-with type seen by ping and nc from two clients; DROP vs REJECT
ip netns add gwy
ip netns add alice
ip netns add bob
ip netns add srv
ip -n gwy link add a0 type veth peer name eth0 netns alice
ip -n gwy link add b0 type veth peer name eth0 netns bob
ip -n gwy link add s0 type veth peer name eth0 netns srv
ip -n gwy addr add 10.7.1.1/24 dev a0
ip -n gwy addr add 10.7.2.1/24 dev b0
ip -n gwy addr add 10.7.9.1/24 dev s0
ip -n gwy link set a0 up
ip -n gwy link set b0 up
ip -n gwy link set s0 up
ip -n alice addr add 10.7.1.2/24 dev eth0
ip -n bob addr add 10.7.2.2/24 dev eth0
ip -n srv addr add 10.7.9.5/24 dev eth0
ip -n alice link set eth0 up
ip -n bob link set eth0 up
ip -n srv link set eth0 up
ip -n alice route add default via 10.7.1.1
ip -n bob route add default via 10.7.2.1
ip -n srv route add default via 10.7.9.1
ip netns exec gwy sysctl -w net.ipv4.ip_forward=1
ip netns exec srv nc -lk 80 &
ip netns exec srv nc -lk 25 &
ip netns exec srv nc -lk 23 &
ip netns exec gwy iptables -A FORWARD -s 10.7.1.2 -p tcp --dport 25 -j REJECT --reject-with icmp-net-unreachable
ip netns exec gwy iptables -A FORWARD -s 10.7.2.2 -p tcp --dport 25 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec gwy iptables -A FORWARD -p tcp --dport 23 -j REJECT --reject-with tcp-reset
ip netns exec gwy iptables -A FORWARD -s 10.7.1.2 -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec gwy iptables -A FORWARD -s 10.7.2.2 -p icmp -j REJECT
ip netns exec gwy iptables -A FORWARD -p tcp --dport 80 -d 10.7.9.5 -s 10.7.2.0/24 -j DROP
ip netns exec alice nc -zvn -w 1 10.7.9.5 80
ip netns exec alice nc -zvn -w 1 10.7.9.5 25
ip netns exec bob nc -zvn -w 1 10.7.9.5 25
ip netns exec alice nc -zvn -w 1 10.7.9.5 23
ip netns exec bob nc -zvn -w 1 10.7.9.5 80
ip netns exec alice ping -c 1 -W 1 10.7.9.5
ip netns exec bob ping -c 2 -W 1 10.7.9.5
ip netns exec srv ping -c 1 -W 1 10.7.1.2
ip netns exec alice ping -c 1 -W 1 10.7.1.1
ip netns exec gwy iptables -L FORWARD -n
ip netns exec gwy iptables -S FORWARD
ip netns exec gwy iptables -L FORWARD
ip netns exec gwy iptables -A INPUT -p tcp -j REJECT --reject-with icmp-port-unreachable
ip netns exec gwy iptables -A INPUT -p tcp -j REJECT --reject-with icmp-proto-unreachable
ip netns exec gwy iptables -A INPUT -p tcp -j REJECT --reject-with icmp-host-unreachable
ip netns exec gwy iptables -A INPUT -p tcp -j REJECT --reject-with tcp-rst
ip netns exec gwy iptables -S INPUT
ip netns exec gwy iptables -L INPUT -n
