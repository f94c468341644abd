# A bridge deleted under its ports; fdb and link filters by device; fdb without a bridge filter
ip netns add fs
ip netns add fa
ip netns add fb
ip -n fs link add name br-x type bridge
ip -n fs link set dev br-x up
ip -n fs link add ta type veth peer name eth0 netns fa
ip -n fs link add tb type veth peer name eth0 netns fb
ip -n fs link set ta master br-x
ip -n fs link set tb master br-x
ip -n fs link set ta up
ip -n fs link set tb up
ip -n fa addr add 10.88.0.1/24 dev eth0
ip -n fb addr add 10.88.0.2/24 dev eth0
ip -n fa link set eth0 up
ip -n fb link set eth0 up
ip netns exec fa ping -c 2 -W 1 10.88.0.2
bridge -n fs -j fdb show br br-x
bridge -n fs -j fdb show dev ta
bridge -n fs -j link show dev tb
bridge -n fs -j fdb show
ip -n fs -j link show master br-x
ip -n fs link show master br-x
ip -n fs link del br-x
ip -n fs -j link show
bridge -n fs -j link show
ip netns exec fa ping -c 1 -W 1 10.88.0.2
