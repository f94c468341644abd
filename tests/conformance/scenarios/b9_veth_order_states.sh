# veth states in another order: the far end up first, GET and dump views, a move while up
ip netns add oa
ip netns add ob
ip netns add oc
ip -n oa link add x1 type veth peer name y1 netns ob
ip -n ob link set y1 up
ip -n ob -j link show y1
ip -n ob -j link show
ip -n oa link set x1 up
ip -n oa -j link show
ip -n ob -j link show y1
ip -n ob link set y1 netns oc
ip -n oa -j link show x1
ip -n oc -j link show
ip -n oc link set y1 up
ip -n oa -j link show
ip -n oc -j link show y1
ip -n oa link set x1 down
ip -n oc -j link show y1
ip -n oc link show y1
ip -n oa link add x2 type veth peer name y2
ip -n oa link set x2 up
ip -n oa -j link show x2
ip -n oa link set y2 netns ob
ip -n oa -j link show x2
ip -n ob -j link show y2
