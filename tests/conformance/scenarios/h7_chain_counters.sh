# User chains reached from INPUT and FORWARD: per-chain ICMP counters, references, -Z, -F of one chain
ip netns add mid
ip netns add west
ip netns add east
ip -n mid link add w0 type veth peer name eth0 netns west
ip -n mid link add e0 type veth peer name eth0 netns east
ip -n mid addr add 192.168.31.1/24 dev w0
ip -n mid addr add 192.168.32.1/24 dev e0
ip -n mid link set w0 up
ip -n mid link set e0 up
ip -n west addr add 192.168.31.7/24 dev eth0
ip -n east addr add 192.168.32.7/24 dev eth0
ip -n west link set eth0 up
ip -n east link set eth0 up
ip -n west route add default via 192.168.31.1
ip -n east route add default via 192.168.32.1
ip netns exec mid sysctl -w net.ipv4.ip_forward=1
ip netns exec mid iptables -N ICMP-CHECK
ip netns exec mid iptables -N FROM-WEST
ip netns exec mid iptables -A ICMP-CHECK -p icmp -s 192.168.32.0/24 -j DROP
ip netns exec mid iptables -A ICMP-CHECK -p icmp -j RETURN
ip netns exec mid iptables -A FROM-WEST -j ICMP-CHECK
ip netns exec mid iptables -A FROM-WEST -d 192.168.32.7 -j ACCEPT
ip netns exec mid iptables -A INPUT -j ICMP-CHECK
ip netns exec mid iptables -A FORWARD -i w0 -j FROM-WEST
ip netns exec mid iptables -A FORWARD -i e0 -j ICMP-CHECK
ip netns exec west ping -c 2 -W 1 192.168.32.7
ip netns exec east ping -c 1 -W 1 192.168.31.7
ip netns exec east ping -c 1 -W 1 192.168.32.1
ip netns exec west ping -c 1 -W 1 192.168.31.1
ip netns exec mid iptables -L -n -v -x
ip netns exec mid iptables -L ICMP-CHECK -n -v -x --line-numbers
ip netns exec mid iptables -Z ICMP-CHECK
ip netns exec mid iptables -L ICMP-CHECK -v -x -n
ip netns exec mid iptables -L FORWARD -v -x -n
ip netns exec mid iptables -F FROM-WEST
ip netns exec mid iptables -L -n
ip netns exec west ping -c 1 -W 1 192.168.32.7
ip netns exec mid iptables -L FROM-WEST -n -v -x
ip netns exec mid iptables -L FORWARD -n -v -x
ip netns exec mid iptables -D FORWARD -i e0 -j ICMP-CHECK
ip netns exec mid iptables -L ICMP-CHECK -n
ip netns exec mid iptables -S
