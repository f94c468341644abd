# promote_secondaries=1: deleting a primary promotes the next address of its subnet
ip netns add ps
ip -n ps link add p0 type veth peer name p1
ip -n ps link set p0 up
ip -n ps link set p1 up
ip netns exec ps sysctl -w net.ipv4.conf.p0.promote_secondaries=1
ip -n ps addr add 10.120.0.1/24 dev p0
ip -n ps addr add 10.120.0.2/24 dev p0
ip -n ps addr add 10.120.0.3/24 dev p0
ip -n ps addr add 10.120.0.1/24 dev p1
ip -n ps addr add 10.120.0.2/24 dev p1
ip -n ps route show
ip -n ps addr del 10.120.0.1/24 dev p0
ip -n ps addr del 10.120.0.1/24 dev p1
ip -n ps -4 -j addr show
ip -n ps route show
ip -n ps route show table local
ip netns exec ps sysctl -w net.ipv4.conf.all.promote_secondaries=1
ip -n ps addr add 10.120.0.1/24 dev p1
ip -n ps addr add 10.120.0.9/24 dev p1
ip -n ps addr del 10.120.0.1/24 dev p1
ip -n ps -4 -j addr show dev p1
ip -n ps route show
