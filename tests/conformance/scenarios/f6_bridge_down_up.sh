# A bridge set down stops forwarding; bridge link shows its ports disabled; up again works
ip netns add swb
ip netns add pc1
ip netns add pc2
ip -n swb link add brq type bridge
ip -n swb link set brq up
ip -n swb link add q1 type veth peer name eth0 netns pc1
ip -n swb link add q2 type veth peer name eth0 netns pc2
ip -n swb link set q1 master brq
ip -n swb link set q2 master brq
ip -n swb link set q1 up
ip -n swb link set q2 up
ip -n pc1 addr add 192.168.150.1/24 dev eth0
ip -n pc2 addr add 192.168.150.2/24 dev eth0
ip -n pc1 link set eth0 up
ip -n pc2 link set eth0 up
ip netns exec pc1 ping -c 1 -W 1 192.168.150.2
ip -n swb link set brq down
bridge -n swb -j link show
ip -n swb -j link show brq
ip netns exec pc1 ping -c 1 -W 1 192.168.150.2
ip -n swb link set brq up
bridge -n swb -j link show
ip netns exec pc1 ping -c 1 -W 1 192.168.150.2
bridge -n swb -j fdb show br brq
ip -n swb -j link show
