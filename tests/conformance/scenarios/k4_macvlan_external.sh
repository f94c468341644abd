# macvlan children reach a host beyond the parent's link; the host sees their own MACs
ip netns add edge
ip netns add lanhost
ip netns add k1
ip netns add k2
ip -n edge link add lan0 type veth peer name eth0 netns lanhost
ip -n edge link set lan0 up
ip -n lanhost addr add 10.44.0.254/24 dev eth0
ip -n lanhost link set eth0 up
ip -n edge link add mac1 link lan0 type macvlan mode bridge
ip -n edge link add mac2 link lan0 type macvlan mode bridge
ip -n edge link set mac1 netns k1
ip -n edge link set mac2 netns k2
ip -n k1 addr add 10.44.0.11/24 dev mac1
ip -n k2 addr add 10.44.0.12/24 dev mac2
ip -n k1 link set mac1 up
ip -n k2 link set mac2 up
ip -n k1 route add default via 10.44.0.254
ip netns exec k1 ping -c 1 -W 1 10.44.0.254
ip netns exec k2 ping -c 1 -W 1 10.44.0.254
ip netns exec lanhost ping -c 1 -W 1 10.44.0.12
ip -n lanhost -j neigh show
ip -n k1 -j neigh show
ip netns exec k1 ping -c 1 -W 1 10.44.0.12
ip -n k1 route get 10.99.0.1
ip -n edge -j link show
