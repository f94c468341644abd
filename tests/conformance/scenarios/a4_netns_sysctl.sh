# Per-namespace sysctls, deleting namespaces, duplicate and missing namespaces
ip netns add one
ip netns add two
ip netns add three
ip netns exec one sysctl net.ipv4.conf.all.rp_filter
ip netns exec one sysctl net.ipv4.conf.default.rp_filter
ip netns exec one sysctl net.ipv4.conf.lo.rp_filter
ip netns exec one sysctl -w net.ipv4.conf.all.rp_filter=2
ip netns exec one sysctl net.ipv4.conf.all.rp_filter
ip netns exec two sysctl net.ipv4.conf.all.rp_filter
ip netns exec two sysctl -w net.ipv4.ip_forward=1
ip netns exec two sysctl net.ipv4.conf.all.forwarding
ip netns exec two sysctl net.ipv4.conf.lo.forwarding
ip netns exec three sysctl net.ipv4.ip_forward
ip netns exec one sysctl net.ipv4.no_such_key
ip netns add two
ip netns del three
ip netns del three
ip netns exec three sysctl net.ipv4.ip_forward
ip -n three link show
ip -n two -j link show
ip netns exec two sysctl -w net.ipv4.ip_forward=0
ip netns exec two sysctl net.ipv4.ip_forward
