# A host moved from one bridge port to another: the fdb follows its traffic; port down and up
ip netns add sv
ip netns add ma
ip netns add mb
ip -n sv link add brm type bridge
ip -n sv link set brm up
ip -n sv link add pa type veth peer name eth0 netns ma
ip -n sv link add pb type veth peer name eth0 netns mb
ip -n sv link add pc type veth peer name spare
ip -n sv link set pa master brm
ip -n sv link set pb master brm
ip -n sv link set pc master brm
ip -n sv link set pa up
ip -n sv link set pb up
ip -n sv link set pc up
ip -n ma addr add 192.168.33.1/24 dev eth0
ip -n mb addr add 192.168.33.2/24 dev eth0
ip -n ma link set eth0 up
ip -n mb link set eth0 up
ip netns exec ma ping -c 1 -W 1 192.168.33.2
bridge -n sv -j fdb show br brm
bridge -n sv -j link show
ip -n sv link set pa nomaster
ip -n sv link set pc master brm
bridge -n sv -j fdb show br brm
ip -n sv link set pb down
bridge -n sv -j fdb show br brm
bridge -n sv -j link show
ip -n sv link set pb up
ip -n sv link set pa master brm
ip netns exec mb ping -c 1 -W 1 192.168.33.1
bridge -n sv -j fdb show br brm
ip -n sv -j link show brm
