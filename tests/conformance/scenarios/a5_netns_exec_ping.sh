# Namespaces do not see each other's addresses; ping without routes
ip netns add north
ip netns add south
ip -n north link set lo up
ip -n south link set lo up
ip -n north addr add 10.8.0.1/24 dev lo
ip -n north -4 -j addr show
ip -n south -4 -j addr show
ip netns exec north ping -c 2 -W 1 10.8.0.1
ip netns exec north ping -c 1 -W 1 10.8.0.200
ip netns exec south ping -c 1 -W 1 10.8.0.1
ip -n south route get 10.8.0.1
ip -n north route get 10.8.0.200
ip -n north -j route show table local
ip netns del north
ip -n south -j link show
