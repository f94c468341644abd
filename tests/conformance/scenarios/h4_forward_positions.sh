# A router between three LANs: FORWARD policy DROP, rules placed with -I N, replaced with -R, deleted by spec and number; ICMP counters
ip netns add r1
ip netns add pc1
ip netns add pc2
ip netns add pc3
ip -n r1 link add lan1 type veth peer name eth0 netns pc1
ip -n r1 link add lan2 type veth peer name eth0 netns pc2
ip -n r1 link add lan3 type veth peer name eth0 netns pc3
ip -n r1 addr add 10.1.1.1/24 dev lan1
ip -n r1 addr add 10.1.2.1/24 dev lan2
ip -n r1 addr add 10.1.3.1/24 dev lan3
ip -n r1 link set lan1 up
ip -n r1 link set lan2 up
ip -n r1 link set lan3 up
ip -n pc1 addr add 10.1.1.10/24 dev eth0
ip -n pc2 addr add 10.1.2.10/24 dev eth0
ip -n pc3 addr add 10.1.3.10/24 dev eth0
ip -n pc1 link set eth0 up
ip -n pc2 link set eth0 up
ip -n pc3 link set eth0 up
ip -n pc1 route add default via 10.1.1.1
ip -n pc2 route add default via 10.1.2.1
ip -n pc3 route add default via 10.1.3.1
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r1 iptables -P FORWARD DROP
ip netns exec r1 iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec r1 iptables -A FORWARD -i lan1 -j ACCEPT
ip netns exec pc1 ping -c 2 -W 1 10.1.2.10
ip netns exec pc2 ping -c 1 -W 1 10.1.1.10
ip netns exec r1 iptables -I FORWARD 2 -s 10.1.2.0/24 -d 10.1.3.10 -p icmp -j ACCEPT
ip netns exec r1 iptables -I FORWARD -i lan3 -o lan1 -j DROP
ip netns exec pc2 ping -c 1 -W 1 10.1.3.10
ip netns exec pc3 ping -c 1 -W 1 10.1.1.10
ip netns exec r1 iptables -L FORWARD -n -v -x --line-numbers
ip netns exec r1 iptables -R FORWARD 1 -i lan3 -o lan1 -p icmp -j ACCEPT
ip netns exec pc3 ping -c 1 -W 1 10.1.1.10
ip netns exec r1 iptables -L FORWARD -n -v -x
ip netns exec r1 iptables -D FORWARD -s 10.1.2.0/24 -d 10.1.3.10/32 -p icmp -j ACCEPT
ip netns exec r1 iptables -D FORWARD 3
ip netns exec r1 iptables -S FORWARD
ip netns exec r1 iptables -L FORWARD --line-numbers
ip netns exec r1 iptables -P FORWARD ACCEPT
ip netns exec pc2 ping -c 1 -W 1 10.1.3.10
ip netns exec r1 iptables -L FORWARD -v -x -n
ip netns exec r1 iptables -S FORWARD 1
ip netns exec r1 iptables -L FORWARD 2 -n
ip netns exec r1 iptables -L OUTPUT -n -v -x
ip netns exec r1 iptables -A FORWARD -i lan+ -o lan2 -j ACCEPT
ip netns exec r1 iptables -I FORWARD 3 ! -s 10.1.0.0/16 -j DROP
ip netns exec r1 iptables -S
ip netns exec r1 iptables -L -n --line-numbers
