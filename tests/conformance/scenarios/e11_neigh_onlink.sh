# Point-to-point /32 addresses with device routes and onlink gateways: what ARP resolves
ip netns add oa
ip netns add ob
ip -n oa link add e0 type veth peer name e0 netns ob
ip -n oa addr add 192.168.77.1/32 dev e0
ip -n ob addr add 192.168.88.1/32 dev e0
ip -n oa link set e0 up
ip -n ob link set e0 up
ip netns exec oa ping -c 1 -W 1 192.168.88.1
ip -n oa route add 192.168.88.1 dev e0
ip -n ob route add 192.168.77.1 dev e0
ip -n oa route show
ip -n oa route get 192.168.88.1
ip netns exec oa ping -c 1 -W 1 192.168.88.1
ip -n oa -j neigh show
ip -n ob addr add 10.62.5.5/32 dev lo
ip -n ob link set lo up
ip -n oa route add 10.62.0.0/16 via 192.168.88.1
ip netns exec oa ping -c 1 -W 1 10.62.5.5
ip -n oa route add 10.63.0.0/16 via 172.16.63.1
ip -n oa route add 10.63.0.0/16 via 172.16.63.1 dev e0 onlink
ip netns exec oa ping -c 1 -W 1 10.63.0.1
ip -n oa neigh show
ip -n oa -j neigh show 172.16.63.1
ip -n ob addr add 172.16.63.1/32 dev e0
ip -n oa neigh flush dev e0
ip netns exec oa ping -c 1 -W 1 172.16.63.1
ip netns exec oa ping -c 1 -W 1 10.63.0.1
ip -n oa neigh show 172.16.63.1
ip -n oa neigh show dev e0 nud reachable
ip -n oa route get 10.63.0.1
ip -n oa -j route show
