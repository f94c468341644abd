# Loopback's own 127.0.0.1/8 added by hand, deleted and added back; a whole /24 on lo is local
ip netns add lb1
ip -n lb1 addr add 127.0.0.1/8 dev lo
ip -n lb1 -4 addr show
ip -n lb1 route show table local
ip -n lb1 link set lo up
ip -n lb1 addr show dev lo
ip -n lb1 addr add 127.0.0.1/8 dev lo
ip -n lb1 addr del 127.0.0.1/8 dev lo
ip -n lb1 -4 -j addr show lo
ip -n lb1 route show table local
ip netns exec lb1 ping -c 1 -W 1 127.0.0.1
ip -n lb1 route get 127.0.0.1
ip -n lb1 addr add 127.0.0.1/8 dev lo
ip -n lb1 route show table local
ip netns exec lb1 ping -c 1 -W 1 127.0.0.1
ip -n lb1 addr add 192.168.100.1/24 dev lo
ip -n lb1 route show
ip -n lb1 -j route show table local
ip netns exec lb1 ping -c 1 -W 1 192.168.100.77
ip -n lb1 route get 192.168.100.77
ip -n lb1 -j route get 192.168.100.255
ip -n lb1 link show lo
ip -n lb1 addr show
