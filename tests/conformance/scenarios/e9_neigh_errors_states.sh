# Neighbour command errors, entries without a MAC, states that can be set, and resolving a gateway
ip netns add nx
ip netns add ny
ip -n nx link add v0 type veth peer name v0 netns ny
ip -n nx addr add 10.190.0.1/24 dev v0
ip -n ny addr add 10.190.0.2/24 dev v0
ip -n nx link set v0 up
ip -n ny link set v0 up
ip -n nx neigh add 10.190.0.20 lladdr 02:11:22:33:44:20 dev v0
ip -n nx neigh add 10.190.0.20 lladdr 02:11:22:33:44:21 dev v0
ip -n nx neigh del 10.190.0.21 dev v0
ip -n nx neigh del 10.190.0.20
ip -n nx neigh add 10.190.0.22 lladdr 02:11:22:33:44:22 dev v0 nud delay
ip -n nx neigh add 10.190.0.23 lladdr 02:11:22:33:44:23 dev v0 nud probe
ip -n nx neigh add 10.190.0.24 lladdr 02:11:22:33:44:24 dev v0 nud bogus
ip -n nx neigh add 10.190.0.25 lladdr zz:11 dev v0
ip -n nx neigh add 10.190.0.26 dev v0
ip -n nx neigh add 10.190.0.26 lladdr 02:11:22:33:44:26 dev v0
ip -n nx neigh replace 10.190.0.28 dev v0 nud stale
ip -n nx neigh del 10.190.0.28 dev v0
ip -n nx neigh add 10.190.0.27 lladdr 02:11:22:33:44:27 dev lo
ip -n nx neigh add 10.77.0.6 lladdr 02:11:22:33:44:28 dev v0
ip -n nx neigh add 10.77.0.5 lladdr 02:11:22:33:44:29 dev v0
ip -n nx neigh show 10.190.0.20
ip -n nx neigh show 10.190.0.22
ip -n nx -j neigh show 10.190.0.23
ip -n nx neigh show dev lo
ip -n nx neigh show 10.77.0.6 dev v0
ip -n nx neigh show 10.77.0.5
ip -n nx -j neigh show nud none
ip -n nx neigh show
ip -n nx -j neigh show
ip -n nx neigh show nud permanent
ip -n nx neigh show nud delay
ip -n nx neigh replace 10.190.0.20 lladdr 02:11:22:33:44:30 dev v0 nud reachable
ip -n nx neigh show 10.190.0.20
ip -n nx route add 10.191.0.0/16 via 10.190.0.2
ip netns exec nx ping -c 1 -W 1 10.191.0.1
ip -n nx -j neigh show 10.190.0.2
ip -n nx neigh flush
ip -n nx neigh flush dev nosuch
ip -n nx neigh flush dev v0
ip -n nx neigh show
