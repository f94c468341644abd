# Text address listings, labels, brd +, flush
ip netns add lbl
ip -n lbl link add eth0 type veth peer name eth1
ip -n lbl link set eth0 up
ip -n lbl link set eth1 up
ip -n lbl addr add 192.168.60.1/24 brd + dev eth0
ip -n lbl addr add 192.168.60.2/24 dev eth0 label eth0:1
ip -n lbl addr add 192.168.61.1/24 broadcast 192.168.61.255 dev eth0
ip -n lbl addr add 10.61.0.1/8 dev eth1
ip -n lbl -4 addr show
ip -n lbl a s eth0
ip -n lbl -4 -j a show dev eth0
ip -n lbl route show table local
ip -n lbl addr flush dev eth0
ip -n lbl -4 -j addr show
ip -n lbl route show
ip -n lbl a
