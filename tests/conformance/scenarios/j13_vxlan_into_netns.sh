# VXLAN devices created on the hosts and moved into the containers: the tunnel stays in the host's namespace
ip netns add hx
ip netns add hy
ip netns add cx
ip netns add cy
ip -n hx link add ens3 type veth peer name ens3 netns hy
ip -n hx addr add 172.20.50.1/24 dev ens3
ip -n hy addr add 172.20.50.2/24 dev ens3
ip -n hx link set ens3 up
ip -n hy link set ens3 up
ip -n hx link add vxc type vxlan id 4242 local 172.20.50.1 remote 172.20.50.2 dstport 4789 dev ens3
ip -n hy link add vxc type vxlan id 4242 local 172.20.50.2 remote 172.20.50.1 dstport 4789 dev ens3
ip -n hx link set vxc netns cx
ip -n hy link set vxc netns cy
ip -n hx -j link show
ip -n cx -j link show
ip -n cx addr add 10.42.42.1/24 dev vxc
ip -n cy addr add 10.42.42.2/24 dev vxc
ip -n cx link set vxc up
ip -n cy link set vxc up
ip netns exec cx ping -c 2 -W 1 10.42.42.2
ip -n cx -j neigh show
ip -n cx route show
ip -n hx route show
ip -n cx link show vxc
ip -n cy link set vxc name overlay0
ip netns exec cx ping -c 1 -W 1 10.42.42.2
ip -n hy link set ens3 down
ip netns exec cx ping -c 1 -W 1 10.42.42.2
ip -n hy link set ens3 up
ip -n hy link del ens3
ip -n cy -j link show
ip -n cx -j link show
ip -n hx link add vx2 type vxlan id 7 remote 172.20.50.2 dstport 4789
ip -n hx link set vx2 netns cx
ip -n cx link show vx2
ip -n hx link add vx3 type vxlan id 7 remote 172.20.50.9 dstport 4789
ip netns del hx
ip -n cx -j link show
