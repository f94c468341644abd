# macvlan children in text output, renamed, re-addressed, moved back, deleted; errors on bad parents
ip netns add phys
ip netns add ct1
ip netns add ct2
ip -n phys link add nic0 type veth peer name nic1
ip -n phys link set nic0 up
ip -n phys link set nic1 up
ip -n phys addr add 10.220.0.1/24 dev nic1
ip -n phys link add mv-a link nic0 type macvlan mode bridge
ip -n phys link add mv-b link nic0 type macvlan mode bridge
ip -n phys link add mv-c link mv-a type macvlan mode bridge
ip -n phys link add mv-d link lo type macvlan mode bridge
ip -n phys link add mv-a link nic0 type macvlan mode bridge
ip -n phys link add mv-e type macvlan mode bridge
ip -n phys link show mv-a
ip -n phys link show mv-c
ip -n phys -j link show
ip -n phys link set mv-a name web
ip -n phys link set web address 02:00:00:22:00:0a
ip -n phys link set web netns ct1
ip -n phys link set mv-b netns ct2
ip -n ct1 link show web
ip -n ct1 addr add 10.220.0.10/24 dev web
ip -n ct2 addr add 10.220.0.20/24 dev mv-b
ip -n ct1 link set web up
ip -n ct2 link set mv-b up
ip -n ct1 -j addr show dev web
ip netns exec ct1 ping -c 1 -W 1 10.220.0.20
ip netns exec ct2 ping -c 1 -W 1 10.220.0.1
ip netns exec phys ping -c 1 -W 1 10.220.0.10
ip -n phys -j neigh show 10.220.0.10
ip -n ct2 -j neigh show 10.220.0.1
ip -n ct1 link set web netns phys
ip -n phys -j link show web
ip -n phys link set web up
ip -n phys addr add 10.220.0.10/24 dev web
ip netns exec ct2 ping -c 1 -W 1 10.220.0.10
ip -n phys link del web
ip -n phys -j link show
ip -n ct2 -j link show
