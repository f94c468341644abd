# A macvlan "shim" on the host reaches its own containers; ping -I by device and by address, -t 0, 0.0.0.0
ip netns add mhost
ip netns add mctr
ip netns add mgw
ip -n mhost link add phy type veth peer name eth0 netns mgw
ip -n mhost addr add 10.66.0.2/24 dev phy
ip -n mhost link set phy up
ip -n mgw addr add 10.66.0.1/24 dev eth0
ip -n mgw link set eth0 up
ip -n mhost link add cmv link phy type macvlan mode bridge
ip -n mhost link set cmv netns mctr
ip -n mctr addr add 10.66.0.50/24 dev cmv
ip -n mctr link set cmv up
ip -n mctr route add default via 10.66.0.1
ip netns exec mhost ping -c 1 -W 1 10.66.0.50
ip -n mhost link add shim link phy type macvlan mode bridge
ip -n mhost addr add 10.66.0.200/32 dev shim
ip -n mhost link set shim up
ip -n mhost route add 10.66.0.50/32 dev shim
ip -n mhost route show
ip -n mhost route get 10.66.0.50
ip netns exec mhost ping -c 1 -W 1 10.66.0.50
ip -n mctr -j neigh show 10.66.0.200
ip netns exec mctr ping -c 1 -W 1 10.66.0.1
ip netns exec mctr ping -c 1 -W 1 10.66.0.2
ip -n mhost link show shim
ip -n mhost -j link show
ip -n mctr link show
ip netns exec mctr ping -c 1 -W 1 -t 0 10.66.0.1
ip netns exec mctr ping -c 1 -W 1 -I cmv 10.66.0.1
ip netns exec mctr ping -c 1 -W 1 -I 10.66.0.50 10.66.0.1
ip netns exec mctr ping -c 1 -W 1 -I lo 10.66.0.1
ip netns exec mctr ping -c 1 -W 1 127.0.0.1
ip -n mctr link set lo up
ip netns exec mctr ping -c 1 -W 1 127.0.0.1
ip netns exec mctr ping -c 1 -W 1 10.66.0.50
ip netns exec mctr ping -c 1 -W 1 0.0.0.0
ip -n mhost link set phy down
ip -n mctr -j link show cmv
ip -n mhost link set phy up
ip -n mhost link del phy
ip -n mctr -j link show
ip -n mhost -j link show
