# Learned fdb entries follow ports; removing the lowest-MAC port changes the bridge MAC, which flushes its ARP table
ip netns add sw
ip netns add c1
ip netns add c2
ip netns add c3
ip -n sw link add br-lan type bridge
ip -n sw addr add 10.66.0.1/24 dev br-lan
ip -n sw link set br-lan up
ip -n sw link add v1 address 02:66:00:00:00:02 type veth peer name eth0 netns c1
ip -n sw link add v2 address 02:66:00:00:00:01 type veth peer name eth0 netns c2
ip -n sw link add v3 address 02:66:00:00:00:03 type veth peer name eth0 netns c3
ip -n sw link set v1 master br-lan
ip -n sw link set v2 master br-lan
ip -n sw link set v3 master br-lan
ip -n sw link set v1 up
ip -n sw link set v2 up
ip -n sw link set v3 up
ip -n c1 addr add 10.66.0.11/24 dev eth0
ip -n c2 addr add 10.66.0.12/24 dev eth0
ip -n c3 addr add 10.66.0.13/24 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
ip -n c3 link set eth0 up
ip netns exec c1 ping -c 1 -W 1 10.66.0.1
ip netns exec c2 ping -c 1 -W 1 10.66.0.1
ip netns exec c3 ping -c 1 -W 1 10.66.0.12
ip -n c3 -j link show eth0
ip -n sw -j link show v3
bridge -n sw -j fdb show br br-lan
ip -n sw link set v2 nomaster
bridge -n sw -j fdb show br br-lan
bridge -n sw -j link show
ip -n sw link del v3
bridge -n sw -j fdb show br br-lan
ip netns exec c1 ping -c 1 -W 1 10.66.0.1
ip -n sw -j neigh show
ip -n sw -j link show br-lan
