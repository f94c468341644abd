# SNAT --to-source for one LAN and MASQUERADE for another behind one router; nat counters and errors
ip netns add edge
ip netns add lana
ip netns add lanb
ip netns add isp
ip -n edge link add a0 type veth peer name eth0 netns lana
ip -n edge link add b0 type veth peer name eth0 netns lanb
ip -n edge link add up0 type veth peer name eth0 netns isp
ip -n edge addr add 10.10.1.1/24 dev a0
ip -n edge addr add 10.10.2.1/24 dev b0
ip -n edge addr add 203.0.113.1/24 dev up0
ip -n edge addr add 203.0.113.5/24 dev up0
ip -n edge link set a0 up
ip -n edge link set b0 up
ip -n edge link set up0 up
ip -n lana addr add 10.10.1.2/24 dev eth0
ip -n lanb addr add 10.10.2.2/24 dev eth0
ip -n isp addr add 203.0.113.254/24 dev eth0
ip -n lana link set eth0 up
ip -n lanb link set eth0 up
ip -n isp link set eth0 up
ip -n lana route add default via 10.10.1.1
ip -n lanb route add default via 10.10.2.1
ip netns exec edge sysctl -w net.ipv4.ip_forward=1
ip netns exec isp nc -lk 443 &
ip netns exec lana ping -c 1 -W 1 203.0.113.254
ip netns exec edge iptables -t nat -A POSTROUTING -s 10.10.1.0/24 -o up0 -j SNAT --to-source 203.0.113.5
ip netns exec edge iptables -t nat -A POSTROUTING -s 10.10.2.0/24 -o up0 -j MASQUERADE
ip netns exec lana ping -c 2 -W 1 203.0.113.254
ip netns exec lanb ping -c 1 -W 1 203.0.113.254
ip netns exec lana nc -zvn -w 1 203.0.113.254 443
ip netns exec lanb nc -zvn -w 1 203.0.113.254 443
ip netns exec lanb nc -zvn -w 1 203.0.113.254 444
ip netns exec isp ping -c 1 -W 1 10.10.1.2
ip netns exec edge iptables -t nat -L POSTROUTING -n -v -x
ip netns exec edge iptables -t nat -L POSTROUTING
ip netns exec edge iptables -t nat -Z POSTROUTING
ip netns exec edge iptables -t nat -L -n -v
ip netns exec edge iptables -t nat -S
ip netns exec edge iptables -A FORWARD -j SNAT --to-source 203.0.113.5
ip netns exec edge iptables -t nat -A POSTROUTING -j SNAT
ip netns exec edge iptables -t nat -A PREROUTING -j MASQUERADE
ip netns exec edge iptables -t nat -A POSTROUTING -j SNAT --to-source 203.0.113.300
ip netns exec edge iptables -t nat -A POSTROUTING -j SNAT --to-source 203.0.113.5:1024-2048
ip netns exec edge iptables -t nat -A POSTROUTING -p udp -j SNAT --to-source 203.0.113.5:1024-2048
ip netns exec edge iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 40000-40100
ip netns exec edge iptables -t nat -S POSTROUTING
ip netns exec edge iptables -t nat -L POSTROUTING -n
