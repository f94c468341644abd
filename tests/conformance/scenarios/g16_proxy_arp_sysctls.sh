# Proxy ARP on a router for a host whose mask is too wide, and the other conf/neigh sysctls
ip netns add wide
ip netns add parp
ip netns add far
ip -n wide link add eth0 type veth peer name inside netns parp
ip -n parp link add outside type veth peer name eth0 netns far
ip -n wide addr add 10.31.0.10/16 dev eth0
ip -n parp addr add 10.31.0.1/24 dev inside
ip -n parp addr add 10.31.7.1/24 dev outside
ip -n far addr add 10.31.7.20/24 dev eth0
ip -n wide link set eth0 up
ip -n parp link set inside up
ip -n parp link set outside up
ip -n far link set eth0 up
ip -n far route add default via 10.31.7.1
ip netns exec parp sysctl net.ipv4.conf.inside.proxy_arp net.ipv4.conf.all.proxy_arp
ip netns exec parp sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.inside.accept_redirects
ip netns exec wide ping -c 1 -W 1 10.31.7.20
ip -n wide neigh show
ip -n wide neigh get 10.31.7.20 dev eth0
ip netns exec parp sysctl -w net.ipv4.conf.inside.proxy_arp=1
ip -n wide neigh flush dev eth0
ip netns exec wide ping -c 1 -W 1 10.31.7.20
ip -n wide neigh show nud incomplete
ip netns exec parp sysctl -w net.ipv4.ip_forward=1
ip netns exec parp sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.inside.accept_redirects
ip -n wide neigh flush dev eth0
ip netns exec wide ping -c 2 -W 1 10.31.7.20
ip -n wide -j neigh show
ip -n wide neigh get 10.31.7.20 dev eth0
ip -n wide -j neigh get 10.31.7.20 dev eth0
ip -n wide neigh get 10.31.7.99 dev eth0
ip -n wide neigh get 10.31.7.20
ip -n parp neigh show dev outside
ip netns exec parp sysctl net.ipv4.conf.outside.log_martians net.ipv4.conf.outside.arp_filter
ip netns exec parp sysctl net.ipv4.conf.lo.disable_xfrm net.ipv4.conf.outside.disable_xfrm
ip netns exec parp sysctl net.ipv4.neigh.outside.base_reachable_time_ms net.ipv4.neigh.outside.proxy_delay
ip netns exec parp sysctl net.ipv4.neigh.default.base_reachable_time_ms
ip netns exec parp sysctl net.ipv4.ip_local_port_range net.ipv4.icmp_ratelimit net.ipv4.ping_group_range
ip netns exec parp sysctl -w net.ipv4.conf.all.proxy_arp=1 net.ipv4.conf.inside.proxy_arp=0
ip netns exec parp sysctl -w net.ipv4.ip_local_port_range="20000 30000"
ip netns exec parp sysctl net.ipv4.ip_local_port_range
ip netns exec parp sysctl -w net.ipv4.ip_default_ttl=300
ip -n wide neigh show nud all
ip -n wide neigh show nud noarp
