# forwarding and rp_filter sysctls: all/default/per device, new devices inherit default, several keys, errors
ip netns add fw
ip -n fw link add f0 type veth peer name f1
ip netns exec fw sysctl net.ipv4.conf.f0.forwarding
ip netns exec fw sysctl -w net.ipv4.conf.all.forwarding=1
ip netns exec fw sysctl net.ipv4.ip_forward
ip netns exec fw sysctl net.ipv4.conf.f0.forwarding
ip netns exec fw sysctl net.ipv4.conf.default.forwarding
ip -n fw link add f2 type veth peer name f3
ip netns exec fw sysctl net.ipv4.conf.f2.forwarding
ip netns exec fw sysctl -w net.ipv4.conf.f0.forwarding=0
ip netns exec fw sysctl net.ipv4.ip_forward net.ipv4.conf.f0.forwarding
ip netns exec fw sysctl -w net.ipv4.ip_forward=0
ip netns exec fw sysctl net.ipv4.conf.f1.forwarding net.ipv4.conf.lo.forwarding
ip netns exec fw sysctl -w net.ipv4.conf.default.rp_filter=1
ip -n fw link add f4 type veth peer name f5
ip netns exec fw sysctl net.ipv4.conf.f4.rp_filter
ip netns exec fw sysctl net.ipv4.conf.f0.rp_filter
ip netns exec fw sysctl net.ipv4.conf.nosuch.rp_filter
ip netns exec fw sysctl -w net.ipv4.conf.f0.rp_filter=5
ip netns exec fw sysctl -w net.ipv4.ip_forward=2
ip netns exec fw sysctl -w net.ipv4.ip_forward=abc
ip -n fw link set f0 name g0
ip netns exec fw sysctl net.ipv4.conf.g0.forwarding
ip netns exec fw sysctl net.ipv4.conf.f0.forwarding
ip netns exec fw sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.ip_forward=1
ip netns exec fw sysctl net.ipv4.conf.g0.rp_filter net.ipv4.conf.all.forwarding
