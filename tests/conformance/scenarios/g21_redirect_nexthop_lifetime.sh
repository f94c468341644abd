# A redirect taken on the first ping (the new gateway's MAC is already known); the exception hangs off the route's nexthop: routes sharing that nexthop (fib_info) share it (ip route show cache lists it once per such route), deleting them or taking the device down drops it
ip netns add rfa
ip netns add rfr
ip netns add rfb
ip netns add rfsw
ip -n rfsw link add br0 type bridge
ip -n rfsw link set br0 up
ip -n rfsw link add pa type veth peer name eth0 netns rfa
ip -n rfsw link add pr type veth peer name eth0 netns rfr
ip -n rfsw link add pb type veth peer name eth0 netns rfb
ip -n rfsw link set pa master br0
ip -n rfsw link set pr master br0
ip -n rfsw link set pb master br0
ip -n rfsw link set pa up
ip -n rfsw link set pr up
ip -n rfsw link set pb up
ip -n rfa addr add 10.0.0.1/24 dev eth0
ip -n rfr addr add 10.0.0.2/24 dev eth0
ip -n rfb addr add 10.0.0.3/24 dev eth0
ip -n rfa link set eth0 up
ip -n rfr link set eth0 up
ip -n rfb link set eth0 up
ip netns exec rfr sysctl -w net.ipv4.ip_forward=1
ip netns exec rfr sysctl net.ipv4.conf.all.accept_redirects
ip netns exec rfa sysctl net.ipv4.conf.all.accept_redirects
ip netns exec rfa ping -c 1 -W 1 10.0.0.3
ip -n rfa route add 10.0.0.3/32 via 10.0.0.2
ip -n rfa route add 10.0.0.4/32 via 10.0.0.2
ip netns exec rfa ping -c 2 -W 1 10.0.0.3
ip -n rfa route get 10.0.0.3
ip -n rfa route get 10.0.0.4
ip -n rfa route get 10.0.0.3 from 10.0.0.1
ip -n rfa route show cache
ip -n rfa -j route show table all cache
ip -n rfa route show cache 10.0.0.4
ip -n rfa route show cache dev eth0
ip -n rfa route del 10.0.0.3/32
ip -n rfa route get 10.0.0.3
ip -n rfa route add 10.0.0.3/32 via 10.0.0.2
ip -n rfa -j route get 10.0.0.3
ip -n rfa route del 10.0.0.3/32
ip -n rfa route add 10.0.0.3/32 via 10.0.0.2 metric 7
ip -n rfa route get 10.0.0.3
ip -n rfa route del 10.0.0.3/32 metric 7
ip -n rfa route add 10.0.0.3/32 via 10.0.0.2
ip -n rfa route get 10.0.0.3
ip -n rfa link set eth0 down
ip -n rfa link set eth0 up
ip -n rfa route add 10.0.0.3/32 via 10.0.0.2
ip -n rfa route get 10.0.0.3
ip -n rfa route show
ip -n rfa route show cache
