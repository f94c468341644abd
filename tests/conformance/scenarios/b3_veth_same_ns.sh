# Both ends in one namespace: states while each end goes up, rename, explicit MAC
ip netns add box
ip -n box link add left0 address 02:11:22:33:44:01 type veth peer name right0
ip -n box -j link show
ip -n box link show left0
ip -n box link set left0 up
ip -n box -j link show
ip -n box link show right0
ip -n box link set right0 up
ip -n box -j link show
ip -n box link set right0 name r0
ip -n box -j link show r0
ip -n box link show right0
ip -n box link set left0 down
ip -n box -j link show r0
ip -n box link set r0 address 02:11:22:33:44:02
ip -n box link show r0
ip -n box link delete left0
ip -n box -j link show
