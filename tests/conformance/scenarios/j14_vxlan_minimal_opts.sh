# VXLAN with the fewest options: no local and no dev (the route decides), one VNI on two ports, nolearning under a bridge, an unroutable remote
ip netns add n1
ip netns add n2
ip netns add n3
ip netns add ct
ip -n n1 link add e12 type veth peer name e21 netns n2
ip -n n1 link add e13 type veth peer name e31 netns n3
ip -n n1 addr add 10.12.0.1/24 dev e12
ip -n n2 addr add 10.12.0.2/24 dev e21
ip -n n1 addr add 10.13.0.1/24 dev e13
ip -n n3 addr add 10.13.0.3/24 dev e31
ip -n n1 link set e12 up
ip -n n2 link set e21 up
ip -n n1 link set e13 up
ip -n n3 link set e31 up
ip -n n1 link add to2 type vxlan id 99 remote 10.12.0.2 dstport 4789
ip -n n1 link add to3 type vxlan id 99 remote 10.13.0.3 dstport 8472
ip -n n2 link add to1 type vxlan id 99 remote 10.12.0.1 dstport 4789
ip -n n3 link add to1 type vxlan id 99 remote 10.13.0.1 dstport 8472 nolearning
ip -n n1 link add nowhere type vxlan id 5 remote 10.250.0.1 dstport 4789
ip -n n1 -j link show
ip -n n1 addr add 192.168.99.1/30 dev to2
ip -n n2 addr add 192.168.99.2/30 dev to1
ip -n n1 addr add 192.168.99.5/30 dev to3
ip -n n1 addr add 192.168.99.9/30 dev nowhere
ip -n n1 link set to2 up
ip -n n1 link set to3 up
ip -n n1 link set nowhere up
ip -n n2 link set to1 up
ip -n n3 link add br0 type bridge
ip -n n3 link set to1 master br0
ip -n n3 link add vct type veth peer name eth0 netns ct
ip -n n3 link set vct master br0
ip -n n3 link set to1 up
ip -n n3 link set vct up
ip -n n3 link set br0 up
ip -n ct addr add 192.168.99.6/30 dev eth0
ip -n ct link set eth0 up
ip netns exec n1 ping -c 1 -W 1 192.168.99.2
ip netns exec n1 ping -c 1 -W 1 192.168.99.6
ip netns exec ct ping -c 1 -W 1 192.168.99.5
ip netns exec n1 ping -c 1 -W 1 192.168.99.10
ip -n n1 -j neigh show dev to3
bridge -n n3 -j fdb show br br0
bridge -n n1 -j fdb show br br0
ip -n n1 route get 10.250.0.1
