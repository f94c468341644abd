# Gateway MAC: a bridge takes its lowest port MAC, an explicit MAC then sticks; containers see that one
ip netns add gw
ip netns add ca
ip netns add cb
ip -n gw link add brg type bridge
ip -n gw link add pa address 02:aa:00:00:00:20 type veth peer name eth0 netns ca
ip -n gw link add pb address 02:aa:00:00:00:10 type veth peer name eth0 netns cb
ip -n gw link set pa master brg
ip -n gw -j link show brg
ip -n gw link set pb master brg
ip -n gw link show brg
ip -n gw link set brg address 02:aa:00:00:00:30
ip -n gw link set pa up
ip -n gw link set pb up
ip -n gw link set brg up
ip -n gw addr add 10.77.0.1/24 dev brg
ip -n ca addr add 10.77.0.10/24 dev eth0
ip -n cb addr add 10.77.0.20/24 dev eth0
ip -n ca link set eth0 up
ip -n cb link set eth0 up
ip -n ca route add default via 10.77.0.1
ip netns exec ca ping -c 1 -W 1 10.77.0.1
ip netns exec cb ping -c 1 -W 1 10.77.0.1
ip -n ca neigh show
ip -n cb -j neigh show
ip -n gw neigh show dev brg
bridge -n gw -j fdb show br brg
ip -n gw route get 10.77.0.20
ip -n ca route get 10.99.0.1
ip -n gw link show brg
