# TTL of replies and requests follows ip_default_ttl and the route hoplimit metric; -t overrides
ip netns add tt1
ip netns add tt2
ip netns add tt3
ip -n tt1 link add e0 type veth peer name e0 netns tt2
ip -n tt2 link add e1 type veth peer name e0 netns tt3
ip -n tt1 addr add 10.44.1.1/24 dev e0
ip -n tt2 addr add 10.44.1.2/24 dev e0
ip -n tt2 addr add 10.44.2.2/24 dev e1
ip -n tt3 addr add 10.44.2.3/24 dev e0
ip -n tt1 link set e0 up
ip -n tt2 link set e0 up
ip -n tt2 link set e1 up
ip -n tt3 link set e0 up
ip -n tt1 route add default via 10.44.1.2
ip -n tt3 route add default via 10.44.2.2
ip netns exec tt2 sysctl -w net.ipv4.ip_forward=1
ip netns exec tt1 ping -c 1 -W 1 10.44.2.3
ip netns exec tt3 sysctl -w net.ipv4.ip_default_ttl=30
ip netns exec tt1 ping -c 1 -W 1 10.44.2.3
ip netns exec tt1 sysctl -w net.ipv4.ip_default_ttl=1
ip netns exec tt1 ping -c 1 -W 1 10.44.2.3
ip netns exec tt1 ping -c 1 -W 1 -t 64 10.44.2.3
ip netns exec tt1 ping -c 1 -W 1 10.44.1.2
ip -n tt1 route add 10.44.2.3/32 via 10.44.1.2 hoplimit 5
ip netns exec tt1 ping -c 1 -W 1 10.44.2.3
ip -n tt1 route show
ip -n tt3 route add 10.44.1.0/24 via 10.44.2.2 hoplimit 1
ip netns exec tt1 ping -c 1 -W 1 10.44.2.3
ip netns exec tt1 sysctl -w net.ipv4.ip_default_ttl=64
ip netns exec tt1 ping -c 1 -W 1 -t 1 10.44.2.3
