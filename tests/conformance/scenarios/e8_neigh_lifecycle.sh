# Neighbour entries across link down/up, address removal and a peer that changes its MAC
ip netns add la
ip netns add lb
ip -n la link add n0 type veth peer name n0 netns lb
ip -n la addr add 10.88.0.1/24 dev n0
ip -n lb addr add 10.88.0.2/24 dev n0
ip -n la link set n0 up
ip -n lb link set n0 up
ip netns exec la ping -c 1 -W 1 10.88.0.2
ip -n la neigh add 10.88.0.77 lladdr 02:00:00:88:00:77 dev n0
ip -n la -j neigh show 10.88.0.2
ip -n la -j neigh show 10.88.0.77
ip -n la -j neigh show
ip -n la link set n0 down
ip -n la -j neigh show
ip -n la link set n0 up
ip netns exec la ping -c 1 -W 1 10.88.0.2
ip -n la -j neigh show
ip -n la addr del 10.88.0.1/24 dev n0
ip -n la -j neigh show
ip -n la addr add 10.88.0.1/24 dev n0
ip -n lb link set n0 address 02:00:00:88:00:02
ip -n la -j neigh show
ip netns exec la ping -c 1 -W 1 10.88.0.2
ip -n la neigh flush dev n0
ip netns exec la ping -c 1 -W 1 10.88.0.2
ip -n la -j neigh show
