# Ports moved between two bridges, renamed, moved out of the namespace, a bridge deleted under one
ip netns add sx
ip netns add sy
ip -n sx link add b1 type bridge
ip -n sx link add b2 type bridge
ip -n sx link add q1 type veth peer name r1
ip -n sx link add q2 type veth peer name r2
ip -n sx link set q1 master b1
ip -n sx link set q1 master b1
ip -n sx link set q2 master b1
ip -n sx link set b1 up
ip -n sx link set q1 up
ip -n sx link set r1 up
bridge -n sx -j link show
ip -n sx link set q2 master b2
bridge -n sx -j link show
ip -n sx link set q1 name uplink
bridge -n sx -j link show
ip -n sx -j link show master b1
ip -n sx link set b2 master b1
ip -n sx link set uplink netns sy
ip -n sy -j link show
bridge -n sx -j link show
ip -n sx -j link show b1
ip -n sx link del b2
ip -n sx -j link show q2
ip -n sx link set r2 master b1
ip -n sx link set r2 up
ip -n sx link set q2 up
bridge -n sx -j link show
bridge -n sx link show
ip -n sx -j link show
