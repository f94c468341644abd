# One router, three subnets with different prefix lengths
ip netns add core
ip netns add s1
ip netns add s2
ip netns add s3
ip -n core link add leg1 type veth peer name eth0 netns s1
ip -n core link add leg2 type veth peer name eth0 netns s2
ip -n core link add leg3 type veth peer name eth0 netns s3
ip -n core addr add 10.10.10.1/25 dev leg1
ip -n core addr add 10.10.10.129/26 dev leg2
ip -n core addr add 192.168.200.1/23 dev leg3
ip -n core link set leg1 up
ip -n core link set leg2 up
ip -n core link set leg3 up
ip -n s1 addr add 10.10.10.100/25 dev eth0
ip -n s2 addr add 10.10.10.150/26 dev eth0
ip -n s3 addr add 192.168.201.77/23 dev eth0
ip -n s1 link set eth0 up
ip -n s2 link set eth0 up
ip -n s3 link set eth0 up
ip -n s1 route add default via 10.10.10.1
ip -n s2 route add default via 10.10.10.129
ip -n s3 route add 10.10.10.0/24 via 192.168.200.1
ip netns exec core sysctl -w net.ipv4.ip_forward=1
ip netns exec s1 ping -c 1 -W 1 10.10.10.150
ip netns exec s1 ping -c 1 -W 1 192.168.201.77
ip netns exec s3 ping -c 2 -W 1 10.10.10.100
ip netns exec s2 ping -c 1 -W 1 192.168.201.77
ip -n core route show
ip -n core route get 192.168.201.77 from 10.10.10.150 iif leg2
ip -n core -j route get 10.10.10.100 from 192.168.201.77 iif leg3
ip -n s2 -j neigh show
ip netns exec core sysctl -w net.ipv4.ip_forward=0
ip netns exec s1 ping -c 1 -W 1 10.10.10.150
ip -n core route get 10.10.10.150 from 10.10.10.100 iif leg1
