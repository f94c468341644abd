# A stateful router: FORWARD policy DROP, multiport and comment matches, counters and -Z
ip netns add office
ip netns add gw
ip netns add servers
ip -n gw link add in0 type veth peer name eth0 netns office
ip -n gw link add srv0 type veth peer name eth0 netns servers
ip -n gw addr add 10.60.1.1/24 dev in0
ip -n gw addr add 10.60.2.1/24 dev srv0
ip -n gw link set in0 up
ip -n gw link set srv0 up
ip -n office addr add 10.60.1.20/24 dev eth0
ip -n servers addr add 10.60.2.30/24 dev eth0
ip -n office link set eth0 up
ip -n servers link set eth0 up
ip -n office route add default via 10.60.1.1
ip -n servers route add default via 10.60.2.1
ip netns exec gw sysctl -w net.ipv4.ip_forward=1
ip netns exec servers nc -lk 22 &
ip netns exec servers nc -lk 443 &
ip netns exec servers nc -lk 3306 &
ip netns exec gw iptables -P FORWARD DROP
ip netns exec gw iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec gw iptables -A FORWARD -i in0 -o srv0 -p tcp -m multiport --dports 22,443,8000:8100 -m comment --comment "office to servers" -j ACCEPT
ip netns exec gw iptables -A FORWARD -i in0 -o srv0 -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec office nc -zvn -w 1 10.60.2.30 22
ip netns exec office nc -zvn -w 1 10.60.2.30 443
ip netns exec office nc -zvn -w 1 10.60.2.30 3306
ip netns exec office nc -zvn -w 1 10.60.2.30 8080
ip netns exec office ping -c 2 -W 1 10.60.2.30
ip netns exec servers ping -c 1 -W 1 10.60.1.20
ip netns exec servers nc -zvn -w 1 10.60.1.20 22
ip netns exec gw iptables -S FORWARD
ip netns exec gw iptables -L FORWARD
ip netns exec gw iptables -L FORWARD -n --line-numbers
ip netns exec gw iptables -L FORWARD 3 -n -v -x
ip netns exec gw iptables -Z FORWARD 3
ip netns exec gw iptables -L FORWARD 3 -n -v -x
ip netns exec gw iptables -Z FORWARD 9
ip netns exec gw iptables -Z NOPE
ip netns exec gw iptables -A FORWARD -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT
ip netns exec gw iptables -A FORWARD -m multiport --dports 22 -j ACCEPT
ip netns exec gw iptables -A FORWARD -p tcp -m multiport --dports 10:5 -j ACCEPT
ip netns exec gw iptables -A FORWARD -m comment -j ACCEPT
ip netns exec gw iptables -R FORWARD 2 -i in0 -o srv0 -p tcp -m multiport ! --dports 22,443 -j ACCEPT
ip netns exec office nc -zvn -w 1 10.60.2.30 3306
ip netns exec office nc -zvn -w 1 10.60.2.30 22
ip netns exec gw iptables -S FORWARD
ip netns exec gw iptables -Z
ip netns exec gw iptables -L FORWARD -v -x -n
