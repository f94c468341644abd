# Two bridges joined by a veth trunk: each learns the far bridge and hosts on its trunk port
ip netns add swa
ip netns add swb
ip netns add ha
ip netns add hb
ip -n swa link add bra type bridge
ip -n swb link add brb type bridge
ip -n swa link add trunk type veth peer name trunk netns swb
ip -n swa link add pa type veth peer name eth0 netns ha
ip -n swb link add pb type veth peer name eth0 netns hb
ip -n swa link set trunk master bra
ip -n swa link set pa master bra
ip -n swb link set trunk master brb
ip -n swb link set pb master brb
ip -n swa link set bra up
ip -n swb link set brb up
ip -n swa link set trunk up
ip -n swb link set trunk up
ip -n swa link set pa up
ip -n swb link set pb up
ip -n swa addr add 192.168.40.251/24 dev bra
ip -n swb addr add 192.168.40.252/24 dev brb
ip -n ha addr add 192.168.40.1/24 dev eth0
ip -n hb addr add 192.168.40.2/24 dev eth0
ip -n ha link set eth0 up
ip -n hb link set eth0 up
ip netns exec ha ping -c 2 -W 1 192.168.40.2
# the bridges' own MACs: learned from their traffic (their IGMP reports race their ports)
ip netns exec swa ping -c 1 -W 1 192.168.40.252
bridge -n swa -j fdb show br bra
bridge -n swb -j fdb show br brb
bridge -n swa -j link show
ip -n ha -j neigh show
ip -n swb link set trunk down
ip netns exec hb ping -c 1 -W 1 192.168.40.1
bridge -n swb -j fdb show br brb
ip -n swa -j link show trunk
