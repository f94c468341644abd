# veth pairs in text form across namespaces; a move blocked by a name clash; rename then move
ip netns add vh
ip netns add vc1
ip netns add vc2
ip -n vh link add ve1 type veth peer name eth0 netns vc1
ip -n vh link add ve2 type veth peer name eth0 netns vc2
ip -n vh link show
ip -n vc1 link show
ip -n vc1 link set eth0 netns vc2
ip -n vc2 link set eth0 name eth1
ip -n vc1 link set eth0 netns vc2
ip -n vc2 link show
ip -n vh link show ve1
ip -n vc2 link set eth0 netns vh
ip -n vh link set dev eth0 netns vc1
ip -n vh -j link show
ip -n vc1 -j link show
ip -n vc2 link set eth1 up
ip -n vh link set ve2 up
ip -n vh link show ve2
ip -n vc2 link show eth1
ip -n vc2 link del eth1
ip -n vh link show
ip -n vc1 link show eth0
