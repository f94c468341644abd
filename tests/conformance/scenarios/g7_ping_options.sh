# ping options across a router: TTL, size, interval, quiet, interface
ip netns add src
ip netns add mid
ip netns add dst
ip -n src link add eth0 type veth peer name in0 netns mid
ip -n mid link add out0 type veth peer name eth0 netns dst
ip -n src addr add 10.80.1.2/24 dev eth0
ip -n mid addr add 10.80.1.1/24 dev in0
ip -n mid addr add 10.80.2.1/24 dev out0
ip -n dst addr add 10.80.2.2/24 dev eth0
ip -n src link set eth0 up
ip -n mid link set in0 up
ip -n mid link set out0 up
ip -n dst link set eth0 up
ip -n src route add default via 10.80.1.1
ip -n dst route add default via 10.80.2.1
ip netns exec mid sysctl -w net.ipv4.ip_forward=1
ip netns exec src ping -c 2 -W 1 10.80.2.2
ip netns exec src ping -c 1 -W 1 -t 1 10.80.2.2
ip netns exec src ping -c 1 -W 1 -t 2 10.80.2.2
ip netns exec src ping -c 1 -W 1 -s 1000 10.80.2.2
ip netns exec src ping -c 3 -i 0.2 -W 1 10.80.2.2
ip netns exec src ping -q -c 2 -W 1 10.80.2.2
ip netns exec src ping -c 1 -W 1 -I eth0 10.80.1.1
ip netns exec src ping -c 1 -W 1 10.80.1.255
ip netns exec dst ping -c 1 -W 1 -s 56 10.80.1.2
