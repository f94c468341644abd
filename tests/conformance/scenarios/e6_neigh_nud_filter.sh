# neigh show filters by nud state and device; flush keeps permanent entries
ip netns add nf
ip netns add ng
ip -n nf link add lan type veth peer name lan netns ng
ip -n nf addr add 10.25.0.1/24 dev lan
ip -n ng addr add 10.25.0.2/24 dev lan
ip -n nf link set lan up
ip -n ng link set lan up
ip netns exec nf ping -c 1 -W 1 10.25.0.2
ip -n nf neigh add 10.25.0.50 lladdr 02:00:00:25:00:50 dev lan
ip -n nf neigh add 10.25.0.51 lladdr 02:00:00:25:00:51 dev lan nud stale
ip -n nf neigh show nud permanent
ip -n nf neigh show nud reachable
ip -n nf neigh show nud stale
ip -n nf -j neigh show nud all
ip -n nf neigh flush dev lan
ip -n nf neigh show
ip -n nf neigh flush all
ip -n nf neigh show
