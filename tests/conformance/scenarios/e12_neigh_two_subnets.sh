# Two subnets on one link: one MAC behind two entries, a wrong MAC set by hand, an address that leaves
ip netns add ma
ip netns add mb
ip -n ma link add l0 type veth peer name l0 netns mb
ip -n ma addr add 10.170.1.1/24 dev l0
ip -n ma addr add 10.170.2.1/24 dev l0
ip -n mb addr add 10.170.1.2/24 dev l0
ip -n mb addr add 10.170.2.2/24 dev l0
ip -n ma link set l0 up
ip -n mb link set l0 up
ip netns exec ma ping -c 1 -W 1 10.170.1.2
ip netns exec ma ping -c 1 -W 1 10.170.2.2
ip -n ma neigh show
ip -n ma -j neigh show dev l0
ip netns exec ma ping -c 1 -W 1 10.170.2.9
ip -n ma neigh show nud incomplete
ip -n ma neigh replace 10.170.1.2 lladdr 02:00:00:01:70:02 dev l0 nud stale
ip -n ma neigh show 10.170.1.2
ip netns exec ma ping -c 1 -W 1 10.170.1.2
ip -n ma neigh show 10.170.1.2
ip -n ma neigh del 10.170.1.2 dev l0
ip -n ma neigh flush dev l0
ip -n ma neigh show
ip netns exec ma ping -c 1 -W 1 10.170.1.2
ip -n ma -j neigh show 10.170.1.2
ip -n mb addr del 10.170.2.2/24 dev l0
ip netns exec ma ping -c 1 -W 1 10.170.2.2
ip -n ma -j neigh show 10.170.2.2
