# Hosts on a switched LAN with a router: who gets an ARP entry for whom, static gateway MAC
ip netns add sw
ip netns add h1
ip netns add h2
ip netns add gw
ip netns add srv
ip -n sw link add lanbr type bridge
ip -n sw link set lanbr up
ip -n sw link add port1 type veth peer name eth0 netns h1
ip -n sw link add port2 type veth peer name eth0 netns h2
ip -n sw link add port3 type veth peer name inside netns gw
ip -n sw link set port1 master lanbr
ip -n sw link set port2 master lanbr
ip -n sw link set port3 master lanbr
ip -n sw link set port1 up
ip -n sw link set port2 up
ip -n sw link set port3 up
ip -n gw link add outside type veth peer name eth0 netns srv
ip -n gw link set inside address 02:00:00:aa:00:01
ip -n h1 addr add 10.210.0.11/24 dev eth0
ip -n h2 addr add 10.210.0.12/24 dev eth0
ip -n gw addr add 10.210.0.1/24 dev inside
ip -n gw addr add 10.211.0.1/24 dev outside
ip -n srv addr add 10.211.0.100/24 dev eth0
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
ip -n gw link set inside up
ip -n gw link set outside up
ip -n srv link set eth0 up
ip -n h1 route add default via 10.210.0.1
ip -n h2 route add 10.211.0.0/24 via 10.210.0.1
ip -n srv route add default via 10.211.0.1
ip netns exec gw sysctl -w net.ipv4.ip_forward=1
ip -n h1 neigh show
ip netns exec h1 ping -c 1 -W 1 10.210.0.12
ip netns exec h1 ping -c 2 -W 1 10.211.0.100
ip -n h1 neigh show
ip -n h1 -j neigh show dev eth0
ip -n h1 neigh show 10.211.0.100
ip -n h1 neigh show to 10.210.0.0/24
ip -n gw -j neigh show dev outside
ip -n gw neigh show 10.211.0.100
ip netns exec h2 ping -c 1 -W 1 10.211.0.1
ip -n h2 -j neigh show 10.210.0.1
ip -n h2 neigh flush dev eth0
ip -n h2 neigh add 10.210.0.1 lladdr 02:00:00:aa:00:01 dev eth0 nud permanent
ip netns exec h2 ping -c 1 -W 1 10.211.0.100
ip -n h2 neigh show
ip -n h2 neigh change 10.210.0.1 lladdr 02:00:00:aa:00:09 dev eth0
ip netns exec h2 ping -c 1 -W 1 10.211.0.100
ip -n h2 neigh show nud permanent
ip -n h2 neigh del 10.210.0.1 dev eth0
ip -n h2 neigh show
ip netns exec h1 ping -c 1 -W 1 10.210.0.99
ip -n h1 neigh show
ip -n h1 neigh show nud incomplete
