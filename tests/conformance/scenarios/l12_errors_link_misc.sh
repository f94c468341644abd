# More link errors: names, moves, masters and deletes in unusual orders
ip netns add lm
ip netns add ln
ip -n lm link add x0 type veth peer name x1
ip -n lm link set x0 name ""
ip -n lm link set x0 name a/b
ip -n lm link set x0 name x0:1
ip -n lm link add name x2 type veth peer name x3 netns nosuchns
ip -n lm link add x4 type veth peer name x5 address 02:00:00:00:00
ip -n lm link add x6 type veth peer name x7 mtu 60
ip -n lm link add x6 mtu 70000 type veth peer name x7
ip -n lm link set x0 netns ln netns lm
ip -n lm link set x0 mtu 1500 mtu 1400
ip -n lm link set x0 master
ip -n lm link set x0 master nosuch
ip -n lm link set x0 nomaster nomaster
ip -n lm link delete x0 x1
ip -n lm link del dev nosuch
ip -n lm link set lo netns ln
ip -n lm link set lo name lo0
ip -n lm link set lo address 02:00:00:00:00:01
ip -n lm link delete lo
ip -n lm link set x0 netns ln name lo
ip -n ln -j link show
ip -n lm -j link show
ip -n lm link ls
ip -n lm link list x1
