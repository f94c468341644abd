# Per-device sysctls follow renames and moves, and start from the namespace's defaults
ip netns add sa
ip netns add sb
ip netns exec sa sysctl -w net.ipv4.conf.default.rp_filter=2
ip -n sa link add d0 type veth peer name d1
ip netns exec sa sysctl net.ipv4.conf.d0.rp_filter
ip netns exec sa sysctl -w net.ipv4.conf.d0.rp_filter=1
ip -n sa link set d0 name wan0
ip netns exec sa sysctl net.ipv4.conf.wan0.rp_filter
ip netns exec sa sysctl net.ipv4.conf.d0.rp_filter
ip -n sa link set wan0 netns sb
ip netns exec sb sysctl net.ipv4.conf.wan0.rp_filter
ip netns exec sa sysctl net.ipv4.conf.wan0.rp_filter
ip netns exec sa sysctl -w net.ipv4.ip_forward=1
ip netns exec sa sysctl net.ipv4.conf.d1.forwarding
ip -n sa link add d2 type veth peer name d3
ip netns exec sa sysctl net.ipv4.conf.d2.forwarding
ip netns exec sa sysctl net.ipv4.conf.default.forwarding
