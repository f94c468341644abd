# Static neighbour entries: nud states, errors, show filters, flush
ip netns add nb
ip -n nb link add n0 type veth peer name n1
ip -n nb addr add 10.13.0.1/24 dev n0
ip -n nb link set n0 up
ip -n nb link set n1 up
ip -n nb neigh add 10.13.0.5 lladdr 02:00:0a:0d:00:05 dev n0
ip -n nb neigh add 10.13.0.6 lladdr 02:00:0a:0d:00:06 dev n0 nud reachable
ip -n nb neigh add 10.13.0.7 lladdr 02:00:0a:0d:00:07 dev n0 nud stale
ip -n nb neigh add 10.13.0.8 lladdr 02:00:0a:0d:00:08 dev n0 nud noarp
ip -n nb neigh add 10.13.0.5 lladdr 02:00:0a:0d:00:55 dev n0
ip -n nb neigh show 10.13.0.5
ip -n nb neigh show 10.13.0.6
ip -n nb -j neigh show 10.13.0.7
ip -n nb neigh show
ip -n nb -j neigh show
ip -n nb neigh show dev n0
ip -n nb neigh show 10.13.0.7
ip -n nb -j neigh show dev n1
ip -n nb neigh replace 10.13.0.7 lladdr 02:00:0a:0d:00:77 dev n0 nud permanent
ip -n nb -j neigh show 10.13.0.7
ip -n nb neigh change 10.13.0.9 lladdr 02:00:0a:0d:00:09 dev n0
ip -n nb neigh del 10.13.0.9 dev n0
ip -n nb neigh add 10.13.0.10 lladdr 02:00:0a:0d:00:10 dev nosuch
ip -n nb neigh add 10.13.0.11 lladdr 02:00:0a:0d:00:11
ip -n nb neigh del 10.13.0.6 dev n0
ip -n nb neigh show
ip -n nb neigh flush dev n0
ip -n nb neigh show
ip -n nb -j neigh show
