# Namespace and usage errors
ip netns add ne
ip netns add ne
ip netns del nope
ip -n nope addr show
ip -n nope -j route show
ip netns exec nope sysctl net.ipv4.ip_forward
ip -n ne link add v0 type veth peer name v1 netns nope
ip -n ne link add v0 type veth peer name v1
ip -n ne link set v1 netns nope
ip -n ne link set v1 netns ne
ip -n ne -j link show
ip -n ne link
ip -n ne route add 10.40.0.0/16 via 10.41.0.1 dev v0 onlink
ip -n ne link set v0 up
ip -n ne route add 10.40.0.0/16 via 10.41.0.1 dev v0 onlink
ip -n ne route show
ip -n ne link set v0 down
ip -n ne route show
ip -n ne neigh add 10.41.0.1 lladdr 02:00:00:41:00:01 dev v0
ip -n ne neigh show
ip -n ne rule add from 10.40.0.0/16 table 5 pref 100
ip -n ne rule add from 10.41.0.0/16 table 6
ip -n ne rule add to 10.42.0.0/16 table 7
ip -n ne rule show
ip -n ne -j rule show
