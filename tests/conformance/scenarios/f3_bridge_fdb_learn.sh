# fdb learning on a four-port bridge, port states, a port going down flushes its entries
ip netns add sw1
ip netns add t1
ip netns add t2
ip netns add t3
ip netns add t4
ip -n sw1 link add name lanbr type bridge
ip -n sw1 link add tap1 type veth peer name eth0 netns t1
ip -n sw1 link add tap2 type veth peer name eth0 netns t2
ip -n sw1 link add tap3 type veth peer name eth0 netns t3
ip -n sw1 link add tap4 type veth peer name eth0 netns t4
ip -n sw1 link set tap1 master lanbr
ip -n sw1 link set tap2 master lanbr
ip -n sw1 link set tap3 master lanbr
ip -n sw1 link set dev tap4 master lanbr
ip -n sw1 link set lanbr up
ip -n sw1 link set tap1 up
ip -n sw1 link set tap2 up
ip -n sw1 link set tap3 up
bridge -n sw1 -j link show
ip -n sw1 -j link show lanbr
ip -n t1 addr add 172.28.0.1/24 dev eth0
ip -n t2 addr add 172.28.0.2/24 dev eth0
ip -n t3 addr add 172.28.0.3/24 dev eth0
ip -n t4 addr add 172.28.0.4/24 dev eth0
ip -n t1 link set eth0 up
ip -n t2 link set eth0 up
ip -n t3 link set eth0 up
ip -n t4 link set eth0 up
bridge -n sw1 -j fdb show br lanbr
ip netns exec t1 ping -c 1 -W 1 172.28.0.2
bridge -n sw1 -j fdb show br lanbr
ip netns exec t3 ping -c 1 -W 1 172.28.0.2
bridge -n sw1 -j fdb show br lanbr
ip netns exec t4 ping -c 1 -W 1 172.28.0.1
ip -n sw1 link set tap4 up
bridge -n sw1 -j link show
ip netns exec t4 ping -c 1 -W 1 172.28.0.3
bridge -n sw1 -j fdb show br lanbr
ip -n sw1 link set tap1 down
bridge -n sw1 -j fdb show br lanbr
bridge -n sw1 -j link show
ip -n sw1 -j link show
