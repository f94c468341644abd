# onlink gateways, preferred source and route errors on a different topology
ip netns add core
ip netns add edge
ip -n core link set lo up
ip -n core link add c0 type veth peer name e0 netns edge
ip -n core addr add 172.30.0.1/28 dev c0
ip -n core addr add 172.30.1.1/28 dev c0
ip -n core addr add 10.254.254.1/32 dev lo
ip -n core link set c0 up
ip -n edge link set e0 up
ip -n core route add 198.51.100.0/24 via 172.30.0.14
ip -n core route add 198.51.100.0/25 via 172.30.0.30
ip -n core route add 198.51.100.0/25 via 172.30.0.30 dev c0 onlink
ip -n core route add 198.51.100.128/25 via 172.30.1.2 src 10.254.254.1
ip -n core route add 203.0.113.0/24 via 172.30.1.2 src 172.30.9.9
ip -n core route add 203.0.113.0/24 dev c0 src 172.30.1.1
ip -n core route show
ip -n core -j route show
ip -n core route get 198.51.100.200
ip -n core route get 198.51.100.5
ip -n core route get 203.0.113.7
ip -n core route get 172.30.0.5
ip -n core route get 172.30.1.5 from 172.30.0.1
ip -n core route add 192.168.0.0/16 via 172.30.0.1
ip -n core route add blackhole default
ip -n core route get 172.16.99.9
ip -n core route del blackhole default
ip -n core route get 172.16.99.9
