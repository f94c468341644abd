# A service address on a namespace's loopback, reached through a veth with a static route
ip netns add svc
ip netns add cli
ip -n svc link set lo up
ip -n svc addr add 10.255.0.53/32 dev lo
ip -n svc link add s0 type veth peer name c0 netns cli
ip -n svc addr add 10.9.9.1/30 dev s0
ip -n cli addr add 10.9.9.2/30 dev c0
ip -n svc link set s0 up
ip -n cli link set c0 up
ip netns exec cli ping -c 1 -W 1 10.255.0.53
ip -n cli route add 10.255.0.53/32 via 10.9.9.1
ip netns exec cli ping -c 2 -W 1 10.255.0.53
ip -n svc route get 10.9.9.2 from 10.255.0.53
ip -n svc -j route show table local
ip -n svc link set lo down
ip netns exec cli ping -c 1 -W 1 10.255.0.53
ip -n svc route show table local
ip -n svc -4 -j addr show lo
