# Containers behind a bridge learn the bridge's MAC for the gateway and each other's MACs
ip netns add hostx
ip netns add ca
ip netns add cb
ip -n hostx link add brx type bridge
ip -n hostx link add va type veth peer name eth0 netns ca
ip -n hostx link add vb type veth peer name eth0 netns cb
ip -n hostx link set va master brx
ip -n hostx link set vb master brx
ip -n hostx addr add 192.168.88.1/24 dev brx
ip -n hostx link set brx up
ip -n hostx link set va up
ip -n hostx link set vb up
ip -n ca addr add 192.168.88.10/24 dev eth0
ip -n cb addr add 192.168.88.20/24 dev eth0
ip -n ca link set eth0 up
ip -n cb link set eth0 up
ip -n ca route add default via 192.168.88.1
ip netns exec ca ping -c 1 -W 1 192.168.88.1
ip netns exec ca ping -c 1 -W 1 192.168.88.20
ip -n ca neigh show
ip -n ca -j neigh show
ip netns exec hostx ping -c 1 -W 1 192.168.88.20
ip -n hostx -j neigh show dev brx
ip -n ca neigh flush dev eth0
ip -n ca -j neigh show
ip netns exec ca ping -c 1 -W 1 192.168.88.30
ip -n ca -j neigh show
ip -n ca neigh show 192.168.88.30
