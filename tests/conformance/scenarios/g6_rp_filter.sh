# Reverse path filtering on a router with per-interface settings
ip netns add gw1
ip netns add left
ip netns add right
ip -n gw1 link add l0 type veth peer name eth0 netns left
ip -n gw1 link add r0 type veth peer name eth0 netns right
ip -n gw1 addr add 10.31.0.1/24 dev l0
ip -n gw1 addr add 10.32.0.1/24 dev r0
ip -n gw1 link set l0 up
ip -n gw1 link set r0 up
ip -n left addr add 10.31.0.2/24 dev eth0
ip -n right addr add 10.32.0.2/24 dev eth0
ip -n left link set eth0 up
ip -n right link set eth0 up
ip -n left route add default via 10.31.0.1
ip -n right route add default via 10.32.0.1
ip netns exec gw1 sysctl -w net.ipv4.ip_forward=1
ip netns exec gw1 sysctl net.ipv4.conf.l0.rp_filter
ip netns exec gw1 sysctl -w net.ipv4.conf.l0.rp_filter=1
ip -n gw1 route get 10.32.0.2 from 10.31.0.2 iif l0
ip -n gw1 route get 10.32.0.2 from 10.32.0.9 iif l0
ip -n gw1 route get 10.32.0.2 from 10.99.0.9 iif l0
ip -n gw1 route get 10.31.0.2 from 10.31.0.9 iif r0
ip netns exec gw1 sysctl -w net.ipv4.conf.all.rp_filter=2
ip -n gw1 route get 10.31.0.2 from 10.31.0.9 iif r0
ip -n gw1 route get 10.31.0.2 from 10.99.0.9 iif r0
ip netns exec left ping -c 1 -W 1 10.32.0.2
ip netns exec gw1 sysctl -w net.ipv4.conf.l0.rp_filter=0
ip netns exec gw1 sysctl -w net.ipv4.conf.all.rp_filter=0
ip -n gw1 route get 10.32.0.2 from 10.32.0.9 iif l0
