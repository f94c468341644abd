# macvlan children next to their parent: the parent cannot reach them, they reach each other
ip netns add mhost
ip netns add mpeer
ip -n mhost link add eth0 type veth peer name eth0 netns mpeer
ip -n mhost addr add 10.15.0.1/24 dev eth0
ip -n mpeer addr add 10.15.0.2/24 dev eth0
ip -n mhost link set eth0 up
ip -n mpeer link set eth0 up
ip -n mhost link add macv0 link eth0 type macvlan mode bridge
ip -n mhost link add macv1 link eth0 type macvlan mode bridge
ip -n mhost -j link show
ip -n mhost link show macv0
ip -n mhost link set macv0 up
ip -n mhost link set macv1 up
ip -n mhost -j link show macv0
ip netns add c0
ip netns add c1
ip -n mhost link set macv0 netns c0
ip -n mhost link set macv1 netns c1
ip -n c0 addr add 10.15.0.50/24 dev macv0
ip -n c1 addr add 10.15.0.51/24 dev macv1
ip -n c0 link set macv0 up
ip -n c1 link set macv1 up
ip netns exec c0 ping -c 1 -W 1 10.15.0.51
ip netns exec c0 ping -c 1 -W 1 10.15.0.2
ip netns exec mpeer ping -c 1 -W 1 10.15.0.51
ip -n c0 -j neigh show
ip -n mpeer -j neigh show 10.15.0.51
ip -n mhost link add macv2 link nosuch type macvlan mode bridge
ip -n c0 -j link show
