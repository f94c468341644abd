# macvlan children renamed and re-addressed in their namespaces; deleting the parent's namespace
ip netns add host9
ip netns add c9a
ip netns add c9b
ip -n host9 link add p9 type veth peer name q9
ip -n host9 link set p9 up
ip -n host9 link set q9 up
ip -n host9 addr add 10.209.0.1/24 dev q9
ip -n host9 link add m9a link p9 type macvlan mode bridge
ip -n host9 link add m9b link p9 type macvlan mode bridge
ip -n host9 link set m9a netns c9a
ip -n host9 link set m9b netns c9b
ip -n c9a addr add 10.209.0.10/24 dev m9a
ip -n c9a link set m9a up
ip -n c9b addr add 10.209.0.11/24 dev m9b
ip -n c9b link set m9b up
ip -n c9a link set m9a address 02:00:00:09:00:0a
ip netns exec c9a ping -c 1 -W 1 10.209.0.1
ip -n host9 -j neigh show 10.209.0.10
ip netns exec c9b ping -c 1 -W 1 10.209.0.10
ip -n c9b -j neigh show 10.209.0.10
ip -n c9a link set m9a name eth0
ip -n c9a link show eth0
ip -n c9a -j addr show
ip -n c9a link set eth0 down
ip netns exec c9b ping -c 1 -W 1 10.209.0.10
ip netns del host9
ip -n c9a -j link show
ip -n c9b -j link show
ip netns exec c9b ping -c 1 -W 1 10.209.0.1
