# A router on the same LAN as both hosts forwards back out the interface it came in on
ip netns add lan
ip netns add h1
ip netns add h2
ip netns add r
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip -n lan link add p1 type veth peer name eth0 netns h1
ip -n lan link add p2 type veth peer name eth0 netns h2
ip -n lan link add pr type veth peer name eth0 netns r
ip -n lan link set p1 master br0
ip -n lan link set p2 master br0
ip -n lan link set pr master br0
ip -n lan link set p1 up
ip -n lan link set p2 up
ip -n lan link set pr up
ip -n h1 addr add 10.77.0.11/24 dev eth0
ip -n h2 addr add 10.77.0.12/24 dev eth0
ip -n h2 addr add 10.78.0.12/24 dev eth0
ip -n r addr add 10.77.0.1/24 dev eth0
ip -n r addr add 10.78.0.1/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n r link set eth0 up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n h1 route add 10.78.0.0/24 via 10.77.0.1
ip -n r route get 10.78.0.12 from 10.77.0.11 iif eth0
ip -n r -j route get 10.78.0.12 from 10.77.0.11 iif eth0
ip netns exec h1 ping -c 1 -W 1 10.78.0.12
ip -n h1 route get 10.78.0.12
