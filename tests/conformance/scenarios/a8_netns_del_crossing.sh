# Deleting namespaces takes the far ends of their veths along, bridge ports included
ip netns add core
ip netns add leaf1
ip netns add leaf2
ip -n core link add brc type bridge
ip -n core link set brc up
ip -n core link add l1 type veth peer name up0 netns leaf1
ip -n core link add l2 type veth peer name up0 netns leaf2
ip -n core link set l1 master brc
ip -n core link set l2 master brc
ip -n core link set l1 up
ip -n core link set l2 up
ip -n leaf1 link set up0 up
ip -n leaf2 link set up0 up
ip -n leaf1 addr add 10.140.0.1/24 dev up0
ip -n leaf2 addr add 10.140.0.2/24 dev up0
ip -n leaf1 -j link show up0
ip -n leaf2 -j link show up0
ip -n core -j link show l1
ip -n core -j link show l2
ip netns exec leaf1 ping -c 1 -W 1 10.140.0.2
bridge -n core -j fdb show br brc
ip netns del leaf2
ip -n core -j link show
bridge -n core -j link show
bridge -n core -j fdb show br brc
ip netns del leaf1
ip -n core -j link show
ip netns exec leaf1 ping -c 1 -W 1 10.140.0.2
ip netns add leaf1
ip -n leaf1 -j link show
