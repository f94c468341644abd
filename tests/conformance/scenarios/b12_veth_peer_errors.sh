# veth creation clashes across namespaces, deleting from the far side, a peer named like its twin
ip netns add pa
ip netns add pb
ip -n pb link add eth0 type veth peer name tmp0
ip -n pa link add v0 type veth peer name eth0 netns pb
ip -n pa link add v0 type veth peer name v0
ip -n pa link add v0 type veth peer name eth0 netns pa
ip -n pa -j link show
ip -n pb link set tmp0 name eth1
ip -n pa link add v1 type veth peer name tmp0 netns pb
ip -n pb -j link show
ip -n pb link show tmp0
ip -n pb link del tmp0
ip -n pa -j link show
ip -n pa link add v2 type veth peer name w2 netns pb
ip -n pb link set w2 up
ip -n pa link set v2 up
ip -n pa link show v2
ip -n pb link set w2 netns pa
ip -n pa link show
ip -n pa link del w2
ip -n pa -j link show
ip -n pb -j link show
