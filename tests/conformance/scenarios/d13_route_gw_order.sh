# Gateway routes added before and after the addresses that make them reachable; host routes; errors
ip netns add hq
ip netns add branch
ip -n hq link add wan0 type veth peer name wan0 netns branch
ip -n hq route add 10.40.0.0/16 via 172.20.0.2
ip -n hq route add 10.40.0.0/16 dev wan0
ip -n hq link set wan0 up
ip -n branch link set wan0 up
ip -n hq route add 10.40.0.0/16 dev wan0
ip -n hq route show
ip -n hq addr add 172.20.0.1/30 dev wan0
ip -n hq route add 10.41.0.0/16 via 172.20.0.2
ip -n hq route add 10.42.0.0/16 via 172.20.0.3
ip -n hq route add 10.43.0.0/16 via 172.20.0.1
ip -n hq route add 10.44.0.0/16 via 172.20.0.5
ip -n hq route add 10.45.0.9 via 172.20.0.2
ip -n hq route add 10.45.0.10/32 dev wan0
ip -n hq route add 10.46.0.0/15 via 172.20.0.2
ip -n hq route add 10.46.0.0/33 via 172.20.0.2
ip -n hq route add 10.48.0.0/12 via 172.20.0.2
ip -n hq route add 10.41.0.0/16 via 172.20.0.2
ip -n hq route show
ip -n hq -j route show 10.45.0.9
ip -n hq route get 10.45.0.9
ip -n hq route get 10.45.0.10
ip -n hq route get 10.41.200.1
ip -n hq route del 10.99.0.0/16
ip -n hq route del 10.41.0.0/16 via 172.20.0.9
ip -n hq route del 10.41.0.0/16 dev nosuch
ip -n hq route del 10.40.0.0/16
ip -n hq addr del 172.20.0.1/30 dev wan0
ip -n hq route show
ip -n hq route get 10.41.0.1
ip -n hq addr add 172.20.0.1/30 dev wan0
ip -n hq route show
