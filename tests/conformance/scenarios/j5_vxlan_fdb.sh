# VXLAN bridged on both hosts: learned fdb entries on the vxlan ports; the tunnel down stops traffic
ip netns add na
ip netns add nb
ip netns add ca
ip netns add cb
ip -n na link add phy type veth peer name phy netns nb
ip -n na addr add 10.201.0.1/24 dev phy
ip -n nb addr add 10.201.0.2/24 dev phy
ip -n na link set phy up
ip -n nb link set phy up
ip -n na link add vx5 type vxlan id 5 local 10.201.0.1 remote 10.201.0.2 dstport 4789 dev phy
ip -n nb link add vx5 type vxlan id 5 local 10.201.0.2 remote 10.201.0.1 dstport 4789 dev phy
ip -n na link add brv type bridge
ip -n nb link add brv type bridge
ip -n na link add ta type veth peer name eth0 netns ca
ip -n nb link add tb type veth peer name eth0 netns cb
ip -n na link set vx5 master brv
ip -n nb link set vx5 master brv
ip -n na link set ta master brv
ip -n nb link set tb master brv
ip -n na link set vx5 up
ip -n nb link set vx5 up
ip -n na link set ta up
ip -n nb link set tb up
ip -n na link set brv up
ip -n nb link set brv up
ip -n ca addr add 172.23.0.1/24 dev eth0
ip -n cb addr add 172.23.0.2/24 dev eth0
ip -n ca link set eth0 up
ip -n cb link set eth0 up
ip netns exec ca ping -c 1 -W 1 172.23.0.2
bridge -n na -j link show
ip -n cb -j neigh show
ip -n nb link set vx5 down
ip -n cb neigh flush dev eth0
ip netns exec cb ping -c 1 -W 1 172.23.0.1
ip -n nb -j link show vx5
