# VXLAN between VTEPs in different subnets with a router in between
ip netns add vt1
ip netns add vr
ip netns add vt2
ip -n vt1 link add ul type veth peer name a0 netns vr
ip -n vt2 link add ul type veth peer name b0 netns vr
ip -n vt1 addr add 172.30.1.10/24 dev ul
ip -n vt2 addr add 172.30.2.10/24 dev ul
ip -n vr addr add 172.30.1.1/24 dev a0
ip -n vr addr add 172.30.2.1/24 dev b0
ip -n vt1 link set ul up
ip -n vt2 link set ul up
ip -n vr link set a0 up
ip -n vr link set b0 up
ip netns exec vr sysctl -w net.ipv4.ip_forward=1
ip -n vt1 route add default via 172.30.1.1
ip -n vt2 route add default via 172.30.2.1
ip netns exec vt1 ping -c 1 -W 1 172.30.2.10
ip -n vt1 link add vx9 type vxlan id 9 local 172.30.1.10 remote 172.30.2.10 dstport 4789 dev ul
ip -n vt2 link add vx9 type vxlan id 9 local 172.30.2.10 remote 172.30.1.10 dstport 4789 dev ul
ip -n vt1 addr add 192.168.209.1/24 dev vx9
ip -n vt2 addr add 192.168.209.2/24 dev vx9
ip -n vt1 link set vx9 up
ip -n vt2 link set vx9 up
ip netns exec vt1 ping -c 2 -W 1 192.168.209.2
ip -n vt1 -j neigh show dev vx9
ip -n vt2 -j neigh show
ip -n vt1 -j link show vx9
