# sysctl read and write forms, several keys at once, errors, and what ip_forward switches
ip netns add sy
ip netns add sz
ip -n sy link add lan0 type veth peer name lan0 netns sz
ip netns exec sy sysctl net.ipv4.ip_forward
ip netns exec sy sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding
ip netns exec sy sysctl net.ipv4.conf.lan0.forwarding net.ipv4.conf.lo.forwarding
ip netns exec sy sysctl -w net.ipv4.ip_forward=1
ip netns exec sy sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding
ip netns exec sy sysctl net.ipv4.conf.lan0.forwarding net.ipv4.conf.lo.forwarding
ip netns exec sy sysctl -w net.ipv4.conf.default.forwarding=0
ip netns exec sy sysctl net.ipv4.ip_forward
ip netns exec sy sysctl -w net.ipv4.conf.all.forwarding=0
ip netns exec sy sysctl net.ipv4.ip_forward net.ipv4.conf.lan0.forwarding
ip netns exec sy sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.default.rp_filter=1
ip netns exec sy sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.default.rp_filter net.ipv4.conf.lan0.rp_filter
ip -n sy link add lan1 type veth peer name lan2
ip netns exec sy sysctl net.ipv4.conf.lan1.rp_filter net.ipv4.conf.lan1.forwarding
ip netns exec sz sysctl net.ipv4.conf.all.rp_filter net.ipv4.ip_forward
ip netns exec sy sysctl net.ipv4.conf.nosuch.rp_filter
ip netns exec sy sysctl net.ipv4.no_such_key
ip netns exec sy sysctl -w net.ipv4.ip_forward
ip netns exec sy sysctl -w net.ipv4.ip_forward=yes
ip netns exec sy sysctl -w net.ipv4.ip_forward=1 net.ipv4.nosuch=1 net.ipv4.conf.all.rp_filter=0
ip netns exec sy sysctl net.ipv4.ip_forward net.ipv4.conf.all.rp_filter
ip netns exec sy sysctl -w net.ipv4.conf.lan0.rp_filter=2
ip -n sy link set lan0 netns sz
ip netns exec sz sysctl net.ipv4.conf.lan0.rp_filter net.ipv4.conf.lan0.forwarding
ip netns exec sy sysctl -w net.ipv4.ip_default_ttl=20
ip netns exec sy sysctl net.ipv4.ip_default_ttl
ip netns exec sy sysctl net.ipv4.icmp_echo_ignore_all net.ipv4.icmp_echo_ignore_broadcasts
