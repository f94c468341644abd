# macvlan children as hosts of a LAN whose router is another namespace reached through the parent
ip netns add lanhost
ip netns add rtr
ip netns add wanh
ip netns add app1
ip netns add app2
ip -n lanhost link add uplink type veth peer name lan netns rtr
ip -n rtr link add wan type veth peer name eth0 netns wanh
ip -n lanhost link add app1if link uplink type macvlan mode bridge
ip -n lanhost link add app2if link uplink type macvlan mode bridge
ip -n lanhost link set app1if netns app1
ip -n lanhost link set app2if netns app2
ip -n app1 link set app1if name eth0
ip -n app2 link set app2if name eth0
ip -n app1 addr add 10.230.0.11/24 dev eth0
ip -n app2 addr add 10.230.0.12/24 dev eth0
ip -n rtr addr add 10.230.0.1/24 dev lan
ip -n rtr addr add 10.231.0.1/24 dev wan
ip -n wanh addr add 10.231.0.2/24 dev eth0
ip -n app1 link set eth0 up
ip -n app2 link set eth0 up
ip -n lanhost link set uplink up
ip -n rtr link set lan up
ip -n rtr link set wan up
ip -n wanh link set eth0 up
ip -n app1 -j link show
ip -n app1 route add default via 10.230.0.1
ip -n app2 route add default via 10.230.0.1
ip -n wanh route add 10.230.0.0/24 via 10.231.0.1
ip netns exec app1 ping -c 1 -W 1 10.231.0.2
ip netns exec rtr sysctl -w net.ipv4.ip_forward=1
ip netns exec app1 ping -c 2 -W 1 10.231.0.2
ip netns exec app2 ping -c 1 -W 1 10.231.0.1
ip netns exec wanh ping -c 1 -W 1 10.230.0.12
ip -n app1 -j neigh show
ip -n rtr -j neigh show dev wan
ip -n app1 route get 10.231.0.2
ip netns exec app1 ping -c 1 -W 1 10.230.0.12
ip -n lanhost link set uplink down
ip -n app1 -j link show eth0
ip netns exec app1 ping -c 1 -W 1 10.230.0.12
ip -n lanhost link set uplink up
ip -n app1 -j link show eth0
ip netns exec app2 ping -c 1 -W 1 10.230.0.11
