# Three routers in a row with /30 links; TTL counts the hops; a TCP listener behind them
ip netns add a
ip netns add ra
ip netns add rb
ip netns add rc
ip netns add z
ip -n a link add to-ra type veth peer name from-a netns ra
ip -n ra link add to-rb type veth peer name from-ra netns rb
ip -n rb link add to-rc type veth peer name from-rb netns rc
ip -n rc link add to-z type veth peer name from-rc netns z
ip -n a addr add 10.0.1.1/30 dev to-ra
ip -n ra addr add 10.0.1.2/30 dev from-a
ip -n ra addr add 10.0.2.1/30 dev to-rb
ip -n rb addr add 10.0.2.2/30 dev from-ra
ip -n rb addr add 10.0.3.1/30 dev to-rc
ip -n rc addr add 10.0.3.2/30 dev from-rb
ip -n rc addr add 10.0.4.1/30 dev to-z
ip -n z addr add 10.0.4.2/30 dev from-rc
ip -n a link set to-ra up
ip -n ra link set from-a up
ip -n ra link set to-rb up
ip -n rb link set from-ra up
ip -n rb link set to-rc up
ip -n rc link set from-rb up
ip -n rc link set to-z up
ip -n z link set from-rc up
ip netns exec ra sysctl -w net.ipv4.ip_forward=1
ip netns exec rb sysctl -w net.ipv4.ip_forward=1
ip netns exec rc sysctl -w net.ipv4.ip_forward=1
ip -n a route add default via 10.0.1.2
ip -n z route add default via 10.0.4.1
ip -n ra route add default via 10.0.2.2
ip -n rc route add 10.0.1.0/24 via 10.0.3.1
ip -n rb route add 10.0.4.0/30 via 10.0.3.2
ip -n rb route add 10.0.1.0/30 via 10.0.2.1
ip netns exec a ping -c 2 -W 1 10.0.4.2
ip netns exec a ping -c 1 -W 1 10.0.3.2
ip netns exec z ping -c 1 -W 1 10.0.1.1
ip netns exec z ping -c 1 -W 1 10.0.2.1
ip netns exec z nc -lk 5201 &
ip netns exec a nc -zvn -w 1 10.0.4.2 5201
ip netns exec a nc -zvn -w 1 10.0.4.2 5202
ip -n rb route get 10.0.4.2 from 10.0.1.1 iif from-ra
ip -n a -j neigh show
