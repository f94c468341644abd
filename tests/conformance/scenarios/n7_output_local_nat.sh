# The host's own traffic: OUTPUT filter rules, nat OUTPUT DNAT and REDIRECT, REJECT on a router seen by ping, -C
ip netns add srv
ip netns add rtr
ip netns add cli
ip -n rtr link add r-srv type veth peer name eth0 netns srv
ip -n rtr link add r-cli type veth peer name eth0 netns cli
ip -n rtr addr add 10.50.1.1/24 dev r-srv
ip -n rtr addr add 10.50.2.1/24 dev r-cli
ip -n rtr link set r-srv up
ip -n rtr link set r-cli up
ip -n srv addr add 10.50.1.10/24 dev eth0
ip -n cli addr add 10.50.2.10/24 dev eth0
ip -n srv link set eth0 up
ip -n cli link set eth0 up
ip -n srv link set lo up
ip -n srv route add default via 10.50.1.1
ip -n cli route add default via 10.50.2.1
ip netns exec rtr sysctl -w net.ipv4.ip_forward=1
ip netns exec srv nc -lk 9000 &
ip netns exec srv nc -lk 9100 &
ip netns exec cli nc -lk 7000 &
ip netns exec srv iptables -A OUTPUT -p tcp --dport 7000 -j REJECT --reject-with tcp-reset
ip netns exec srv nc -zvn -w 1 10.50.2.10 7000
ip netns exec srv iptables -C OUTPUT -p tcp --dport 7000 -j REJECT --reject-with tcp-reset
ip netns exec srv iptables -C OUTPUT -p tcp --dport 7001 -j REJECT --reject-with tcp-reset
ip netns exec srv iptables -D OUTPUT 1
ip netns exec srv nc -zvn -w 1 10.50.2.10 7000
ip netns exec srv iptables -t nat -A OUTPUT -p tcp -d 10.50.1.10 --dport 80 -j REDIRECT --to-ports 9000
ip netns exec srv nc -zvn -w 1 10.50.1.10 80
ip netns exec srv iptables -t nat -A OUTPUT -p tcp -d 10.99.0.1 --dport 5000 -j DNAT --to-destination 10.50.2.10:7000
ip netns exec srv nc -zvn -w 1 10.99.0.1 5000
ip netns exec srv nc -zvn -w 1 10.99.0.1 5001
ip netns exec srv iptables -t nat -A PREROUTING -p tcp --dport 81 -j REDIRECT --to-ports 9100
ip netns exec cli nc -zvn -w 1 10.50.1.10 81
ip netns exec cli nc -zvn -w 1 10.50.1.10 82
ip netns exec srv iptables -t nat -L -n -v -x
ip netns exec srv iptables -t nat -S
ip netns exec rtr iptables -A FORWARD -d 10.50.1.10 -p icmp -j REJECT --reject-with icmp-port-unreachable
ip netns exec rtr iptables -A FORWARD -d 10.50.1.10 -p tcp --dport 9100 -j REJECT --reject-with icmp-host-unreachable
ip netns exec cli ping -c 1 -W 1 10.50.1.10
ip netns exec cli nc -zvn -w 1 10.50.1.10 9100
ip netns exec cli nc -zvn -w 1 10.50.1.10 9000
ip netns exec rtr iptables -I FORWARD -m state --state ESTABLISHED -j ACCEPT
ip netns exec rtr iptables -I FORWARD 2 -m conntrack --ctstate INVALID -j DROP
ip netns exec rtr iptables -A FORWARD -m state --state NEW,RELATED -j ACCEPT
ip netns exec rtr iptables -A FORWARD -m state --state FOO -j ACCEPT
ip netns exec rtr iptables -A FORWARD -m conntrack --ctstate NEW,BAR -j ACCEPT
ip netns exec rtr iptables -A FORWARD -m conntrack -j ACCEPT
ip netns exec rtr iptables -L FORWARD -n --line-numbers
ip netns exec rtr iptables -L FORWARD
ip netns exec rtr iptables -S FORWARD
ip netns exec rtr iptables -L FORWARD -v -n -x
