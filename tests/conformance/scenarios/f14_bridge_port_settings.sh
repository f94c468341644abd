# Port settings with the bridge tool: cost, priority, state by hand, learning off; their errors
ip netns add bs
ip netns add ba
ip netns add bb
ip -n bs link add brs type bridge
ip -n bs link add sa type veth peer name eth0 netns ba
ip -n bs link add sb type veth peer name eth0 netns bb
ip -n bs link set sa master brs
ip -n bs link set sb master brs
ip -n bs link set brs up
ip -n bs link set sa up
ip -n bs link set sb up
ip -n ba addr add 10.55.0.1/24 dev eth0
ip -n bb addr add 10.55.0.2/24 dev eth0
ip -n ba link set eth0 up
ip -n bb link set eth0 up
bridge -n bs link show
bridge -n bs link set dev sa cost 100 priority 7
bridge -n bs link set dev sa cost 70000
bridge -n bs link set dev sb priority 64
bridge -n bs link set dev sb state 9
bridge -n bs link set dev sb state bogus
bridge -n bs link set dev brs cost 5
bridge -n bs link set dev sb learning off
bridge -n bs link show
ip netns exec ba ping -c 1 -W 1 10.55.0.2
bridge -n bs -j fdb show br brs
bridge -n bs link set dev sb state disabled
bridge -n bs -j link show
ip -n bs -j link show brs
ip netns exec ba ping -c 1 -W 1 10.55.0.2
bridge -n bs link set dev sb state blocking
bridge -n bs link show dev sb
ip netns exec bb ping -c 1 -W 1 10.55.0.1
bridge -n bs link set dev sa state 0
ip -n bs link set sa down
ip -n bs link set sa up
bridge -n bs -j link show
bridge -n bs link set dev sb learning on hairpin on
bridge -n bs link set dev sb flood maybe
bridge -n bs link set cost 3
bridge -n bs link show
