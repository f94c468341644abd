# A j1-like overlay built in another order (ports up before the bridges), three containers, fdb on both VTEPs
ip netns add vh1
ip netns add vh2
ip netns add k1
ip netns add k2
ip netns add k3
ip -n vh1 link add und type veth peer name und netns vh2
ip -n vh1 addr add 192.168.150.1/24 dev und
ip -n vh2 addr add 192.168.150.2/24 dev und
ip -n vh1 link set und up
ip -n vh2 link set und up
ip -n vh1 link add br-ov type bridge
ip -n vh2 link add br-ov type bridge
ip -n vh1 link add vx300 type vxlan id 300 local 192.168.150.1 remote 192.168.150.2 dstport 4789 dev und
ip -n vh2 link add vx300 type vxlan id 300 local 192.168.150.2 remote 192.168.150.1 dstport 4789 dev und
ip -n vh1 link add vk1 type veth peer name eth0 netns k1
ip -n vh1 link add vk2 type veth peer name eth0 netns k2
ip -n vh2 link add vk3 type veth peer name eth0 netns k3
ip -n vh1 link set vx300 master br-ov
ip -n vh2 link set vx300 master br-ov
ip -n vh1 link set vk1 master br-ov
ip -n vh1 link set vk2 master br-ov
ip -n vh2 link set vk3 master br-ov
ip -n k1 addr add 10.30.0.1/24 dev eth0
ip -n k2 addr add 10.30.0.2/24 dev eth0
ip -n k3 addr add 10.30.0.3/24 dev eth0
ip -n k1 link set eth0 up
ip -n k2 link set eth0 up
ip -n k3 link set eth0 up
ip -n vh1 link set vk1 up
ip -n vh1 link set vk2 up
ip -n vh2 link set vk3 up
ip -n vh1 link set vx300 up
ip -n vh2 link set vx300 up
ip -n vh1 link set br-ov up
ip -n vh2 link set br-ov up
ip netns exec k3 ping -c 1 -W 1 10.30.0.1
ip netns exec k2 ping -c 1 -W 1 10.30.0.3
ip netns exec k1 ping -c 1 -W 1 10.30.0.2
bridge -n vh1 -j fdb show br br-ov
bridge -n vh1 -j link show
ip -n k3 -j neigh show
ip -n vh1 -j link show br-ov
