# Neighbour tables on both sides of a router; a wrong static MAC breaks the path until removed
ip netns add ha
ip netns add rt
ip netns add hz
ip -n ha link add eth0 type veth peer name ra netns rt
ip -n hz link add eth0 type veth peer name rz netns rt
ip -n ha addr add 192.168.5.10/24 dev eth0
ip -n hz addr add 192.168.6.10/24 dev eth0
ip -n rt addr add 192.168.5.1/24 dev ra
ip -n rt addr add 192.168.6.1/24 dev rz
ip -n ha link set eth0 up
ip -n hz link set eth0 up
ip -n rt link set ra up
ip -n rt link set rz up
ip -n ha route add default via 192.168.5.1
ip -n hz route add default via 192.168.6.1
ip netns exec rt sysctl -w net.ipv4.ip_forward=1
ip netns exec ha ping -c 1 -W 1 192.168.6.10
ip -n ha -j neigh show
ip -n rt -j neigh show dev rz
ip -n rt neigh show 192.168.6.10
ip -n ha neigh replace 192.168.5.1 lladdr 02:00:00:00:05:01 dev eth0
ip -n ha -j neigh show
ip netns exec ha ping -c 1 -W 1 192.168.6.10
ip -n ha neigh del 192.168.5.1 dev eth0
ip netns exec ha ping -c 1 -W 1 192.168.6.10
ip -n ha -j neigh show 192.168.5.1
ip netns exec ha ping -c 1 -W 1 192.168.7.10
ip -n ha neigh show
