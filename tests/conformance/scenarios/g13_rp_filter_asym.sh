# Asymmetric paths through two routers: strict rp_filter drops, loose accepts, per-device maximum
ip netns add cl
ip netns add ra
ip netns add rb
ip netns add sv
ip -n cl link add via-a type veth peer name cl0 netns ra
ip -n cl link add via-b type veth peer name cl0 netns rb
ip -n sv link add via-a type veth peer name sv0 netns ra
ip -n sv link add via-b type veth peer name sv0 netns rb
ip -n cl addr add 10.201.1.2/24 dev via-a
ip -n cl addr add 10.201.2.2/24 dev via-b
ip -n ra addr add 10.201.1.1/24 dev cl0
ip -n rb addr add 10.201.2.1/24 dev cl0
ip -n ra addr add 10.202.1.1/24 dev sv0
ip -n rb addr add 10.202.2.1/24 dev sv0
ip -n sv addr add 10.202.1.2/24 dev via-a
ip -n sv addr add 10.202.2.2/24 dev via-b
ip -n cl link set via-a up
ip -n cl link set via-b up
ip -n sv link set via-a up
ip -n sv link set via-b up
ip -n ra link set cl0 up
ip -n ra link set sv0 up
ip -n rb link set cl0 up
ip -n rb link set sv0 up
ip -n sv addr add 10.203.0.1/32 dev lo
ip -n sv link set lo up
ip netns exec ra sysctl -w net.ipv4.ip_forward=1
ip netns exec rb sysctl -w net.ipv4.ip_forward=1
ip -n cl route add 10.203.0.1/32 via 10.201.1.1
ip -n ra route add 10.203.0.1/32 via 10.202.1.2
ip -n rb route add 10.203.0.1/32 via 10.202.2.2
ip -n sv route add 10.201.0.0/16 via 10.202.2.1
ip -n rb route add 10.201.1.0/24 via 10.201.2.2
ip netns exec cl ping -c 1 -W 1 10.203.0.1
ip netns exec sv sysctl -w net.ipv4.conf.via-b.rp_filter=1
ip netns exec sv sysctl net.ipv4.conf.via-b.rp_filter net.ipv4.conf.all.rp_filter
ip -n sv route get 10.203.0.1 from 10.201.1.2 iif via-a
ip netns exec cl ping -c 1 -W 1 10.203.0.1
ip netns exec sv sysctl -w net.ipv4.conf.via-a.rp_filter=1
ip -n sv route get 10.203.0.1 from 10.201.1.2 iif via-a
ip netns exec cl ping -c 1 -W 1 10.203.0.1
ip netns exec sv sysctl -w net.ipv4.conf.all.rp_filter=2
ip -n sv route get 10.203.0.1 from 10.201.1.2 iif via-a
ip netns exec cl ping -c 1 -W 1 10.203.0.1
ip -n sv route get 10.203.0.1 from 10.99.0.1 iif via-a
ip -n sv -j route get 10.203.0.1 from 10.99.0.1 iif via-a
ip netns exec sv sysctl -w net.ipv4.conf.all.rp_filter=0
ip netns exec sv sysctl -w net.ipv4.conf.via-a.rp_filter=0
ip -n sv route get 10.203.0.1 from 10.99.0.1 iif via-a
