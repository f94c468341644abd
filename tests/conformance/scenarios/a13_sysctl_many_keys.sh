# sysctl with several keys at once: every key is tried, failures go to stderr, the rest still prints
ip netns add sk
ip -n sk link add s0 type veth peer name s1
ip netns exec sk sysctl net.ipv4.ip_forward=1
ip netns exec sk sysctl -w net.ipv4.ip_forward=0 net.ipv4.nosuch=1 net.ipv4.conf.s0.rp_filter=1
ip netns exec sk sysctl net.ipv4.conf.nosuch.forwarding net.ipv4.conf.s0.rp_filter net.ipv4.conf.s1.rp_filter
ip netns exec sk sysctl net.ipv4.ip_forward=abc net.ipv4.ip_forward
ip netns exec sk sysctl net.ipv4.conf.s0.forwarding
ip netns exec sk sysctl -w net.ipv4.conf.s1.rp_filter=2
ip netns exec sk sysctl net.ipv4.conf.s1.rp_filter net.ipv4.conf.all.rp_filter
ip -n sk link del s0
ip netns exec sk sysctl net.ipv4.conf.s0.rp_filter net.ipv4.conf.default.rp_filter
