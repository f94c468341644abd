# Two containers per host on a bridged VXLAN segment
ip netns add hosta
ip netns add hostb
ip netns add pa1
ip netns add pa2
ip netns add pb1
ip -n hosta link add phys type veth peer name phys netns hostb
ip -n hosta addr add 172.31.0.1/24 dev phys
ip -n hostb addr add 172.31.0.2/24 dev phys
ip -n hosta link set phys up
ip -n hostb link set phys up
ip -n hosta link add ovl type bridge
ip -n hostb link add ovl type bridge
ip -n hosta link set ovl up
ip -n hostb link set ovl up
ip -n hosta link add vx7 type vxlan id 7 local 172.31.0.1 remote 172.31.0.2 dstport 4789 dev phys
ip -n hostb link add vx7 type vxlan id 7 local 172.31.0.2 remote 172.31.0.1 dstport 4789 dev phys
ip -n hosta link set vx7 master ovl
ip -n hostb link set vx7 master ovl
ip -n hosta link set vx7 up
ip -n hostb link set vx7 up
ip -n hosta link add v1 type veth peer name eth0 netns pa1
ip -n hosta link add v2 type veth peer name eth0 netns pa2
ip -n hostb link add v1 type veth peer name eth0 netns pb1
ip -n hosta link set v1 master ovl
ip -n hosta link set v2 master ovl
ip -n hostb link set v1 master ovl
ip -n hosta link set v1 up
ip -n hosta link set v2 up
ip -n hostb link set v1 up
ip -n pa1 addr add 10.210.0.11/24 dev eth0
ip -n pa2 addr add 10.210.0.12/24 dev eth0
ip -n pb1 addr add 10.210.0.21/24 dev eth0
ip -n pa1 link set eth0 up
ip -n pa2 link set eth0 up
ip -n pb1 link set eth0 up
ip netns exec pa1 ping -c 1 -W 1 10.210.0.12
ip netns exec pa1 ping -c 1 -W 1 10.210.0.21
ip netns exec pb1 ping -c 1 -W 1 10.210.0.12
ip -n pb1 -j neigh show
ip -n hosta -j link show ovl
bridge -n hostb -j link show
ip -n pa1 -j link show eth0
