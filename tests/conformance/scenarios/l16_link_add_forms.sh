# ip link add in unusual forms: dev and name, no name, repeated peer words, up at creation, help
ip netns add lq
ip -n lq link add dev x0 type veth peer name x1
ip -n lq link add name x2 dev x3 type veth
ip -n lq link add x4 x5 type veth
ip -n lq link add x6 type veth peer name x7 peer name x8
ip -n lq link add x6 type veth peer name x7 name x8
ip -n lq link add x9 type veth help
ip -n lq link add type veth
ip -n lq link add type bridge
ip -n lq link add type bridge
ip -n lq -j link show
ip -n lq link add br9 type bridge mtu 1400
ip -n lq link add br9 mtu 1400 type bridge
ip -n lq link show br9
ip -n lq link add br8 up type bridge
ip -n lq link show br8
ip -n lq link add br7 type bridge stp_state
ip -n lq link add br7 type bridge nonsense 1
ip -n lq link set x0 name x0
ip -n lq link set dev x0 dev x1 up
ip -n lq link set x0 up name x00
ip -n lq link show x00
ip -n lq link delete x00 type veth
ip -n lq link delete dev x1 type bridge
ip -n lq link show
