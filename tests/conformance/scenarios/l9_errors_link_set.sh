# link errors and abbreviations: bad MTUs and MACs, up and down together, enslaving what cannot be, short verbs
ip netns add el
ip -n el link add a0 type veth peer name a1
ip -n el l a b0 type bridge
ip -n el li sh b0
ip -n el link set a0 mtu 0
ip -n el link set a0 mtu 65536
ip -n el link set a0 mtu 68
ip -n el link set a0 mtu 67
ip -n el link set a0 address 00:00:00:00:00:00
ip -n el link set a0 address 01:00:5e:00:00:01
ip -n el link set a0 up down
ip -n el -j link show a0
ip -n el link set a0 name a0
ip -n el link set a0 name lo
ip -n el link set a0 nomaster
ip -n el link set b0 master b0
ip -n el link set lo master b0
ip -n el link set a0 master lo
ip -n el link set a0 upp
ip -n el link set a0 up up
ip -n el link s
ip -n el link set
ip -n el link del
ip -n el link delete dev
ip -n el link add a2 type veth peer
ip -n el link add a2 type veth peer name
ip -n el link add a3 type veth peer a4
ip -n el link show type nosuchtype
ip -n el link show dev nosuch
ip -n el link show up nosuch
ip -n el -j link show
ip -n el link xyz
ip -n el foo
ip -n el link show a0 a1
