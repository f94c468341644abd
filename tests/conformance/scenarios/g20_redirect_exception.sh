# A host told by ICMP redirects to go direct: the route exception it keeps, as ip route get shows it
ip netns add rda
ip netns add rdr
ip netns add rdb
ip netns add rdsw
ip -n rdsw link add br0 type bridge
ip -n rdsw link set br0 up
ip -n rdsw link add pa type veth peer name eth0 netns rda
ip -n rdsw link add pr type veth peer name eth0 netns rdr
ip -n rdsw link add pb type veth peer name eth0 netns rdb
ip -n rdsw link set pa master br0
ip -n rdsw link set pr master br0
ip -n rdsw link set pb master br0
ip -n rdsw link set pa up
ip -n rdsw link set pr up
ip -n rdsw link set pb up
ip -n rda addr add 10.0.0.1/24 dev eth0
ip -n rdr addr add 10.0.0.2/24 dev eth0
ip -n rdb addr add 10.0.0.3/24 dev eth0
ip -n rda link set eth0 up
ip -n rdr link set eth0 up
ip -n rdb link set eth0 up
ip netns exec rdr sysctl -w net.ipv4.ip_forward=1
ip -n rda route add 10.0.0.3/32 via 10.0.0.2
ip -n rda route get 10.0.0.3
ip netns exec rda ping -c 3 -W 1 10.0.0.3
ip -n rda route get 10.0.0.3
ip -n rda route show
ip -n rda -j route get 10.0.0.3
ip netns exec rda ping -c 1 -W 1 10.0.0.3
ip -n rda neigh show
