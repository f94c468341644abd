ip netns add host
ip netns add c1
ip netns add outside
ip -n host link add docker0 type bridge
ip -n host addr add 172.17.0.1/16 dev docker0
ip -n host link set docker0 up
ip -n host link add veth1 type veth peer name eth0 netns c1
ip -n host link set veth1 master docker0
ip -n host link set veth1 up
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 route add default via 172.17.0.1
ip -n host link add wan type veth peer name eth0 netns outside
ip -n host addr add 198.51.100.1/24 dev wan
ip -n host link set wan up
ip -n outside addr add 198.51.100.2/24 dev eth0
ip -n outside link set eth0 up
ip netns exec host sysctl -w net.ipv4.ip_forward=1
ip netns exec host iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
ip netns exec host iptables -t nat -A PREROUTING -d 198.51.100.1 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
ip netns exec c1 python3 -m http.server 80 &
ip netns exec c1 ping -c 1 -W 1 198.51.100.2
ip netns exec outside nc -zvn -w 1 198.51.100.1 8080
ip netns exec outside curl -s http://198.51.100.1:8080/
ip netns exec host conntrack -L
ip netns exec host iptables -t nat -L -n -v
