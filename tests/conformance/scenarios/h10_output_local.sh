# The host's own traffic: OUTPUT DROP and REJECT seen by ping and nc, rules on lo, and counters of locally generated echo requests
ip netns add ws
ip netns add peer
ip -n ws link add eth0 type veth peer name eth0 netns peer
ip -n ws addr add 10.123.45.1/24 dev eth0
ip -n peer addr add 10.123.45.2/24 dev eth0
ip -n ws link set eth0 up
ip -n peer link set eth0 up
ip -n ws link set lo up
ip netns exec peer nc -lk 22 &
ip netns exec ws nc -lk 8080 &
ip netns exec ws iptables -A OUTPUT -d 10.123.45.2 -p icmp -j DROP
ip netns exec ws ping -c 1 -W 1 10.123.45.2
ip netns exec ws iptables -R OUTPUT 1 -d 10.123.45.2 -p icmp -j REJECT
ip netns exec ws ping -c 1 -W 1 10.123.45.2
ip netns exec ws iptables -R OUTPUT 1 -d 10.123.45.2 -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec ws ping -c 2 -W 1 10.123.45.2
ip netns exec ws iptables -A OUTPUT -p tcp --dport 22 -j DROP
ip netns exec ws nc -zvn -w 1 10.123.45.2 22
ip netns exec ws iptables -R OUTPUT 2 -p tcp --dport 22 -j REJECT --reject-with icmp-net-unreachable
ip netns exec ws nc -zvn -w 1 10.123.45.2 22
ip netns exec ws iptables -A INPUT -i lo -p tcp --dport 8080 -j REJECT
ip netns exec ws nc -zvn -w 1 127.0.0.1 8080
ip netns exec ws nc -zvn -w 1 10.123.45.1 8080
ip netns exec peer nc -zvn -w 1 10.123.45.1 8080
ip netns exec ws iptables -A OUTPUT -o lo -p icmp -j DROP
ip netns exec ws ping -c 1 -W 1 127.0.0.1
ip netns exec ws ping -c 1 -W 1 10.123.45.1
ip netns exec ws iptables -L OUTPUT -n -v -x --line-numbers
ip netns exec ws iptables -F OUTPUT
ip netns exec ws ping -c 1 -W 1 10.123.45.2
ip netns exec ws iptables -P OUTPUT DROP
ip netns exec ws ping -c 1 -W 1 10.123.45.2
ip netns exec ws iptables -L OUTPUT -n -v -x
ip netns exec ws nc -zvn -w 1 10.123.45.2 22
ip netns exec ws iptables -P OUTPUT ACCEPT
ip netns exec ws iptables -S
