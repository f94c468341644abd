# VXLAN: link attributes, an MTU of 1450, two VNIs over one underlay, a VNI mismatch
ip netns add vtep1
ip netns add vtep2
ip -n vtep1 link add ul0 type veth peer name ul0 netns vtep2
ip -n vtep1 addr add 10.123.0.1/24 dev ul0
ip -n vtep2 addr add 10.123.0.2/24 dev ul0
ip -n vtep1 link set ul0 up
ip -n vtep2 link set ul0 up
ip -n vtep1 link add vx100 type vxlan id 100 local 10.123.0.1 remote 10.123.0.2 dstport 4789 dev ul0
ip -n vtep2 link add vx100 type vxlan id 100 local 10.123.0.2 remote 10.123.0.1 dstport 4789 dev ul0
ip -n vtep1 link add vx200 type vxlan id 200 local 10.123.0.1 remote 10.123.0.2 dstport 4789 dev ul0
ip -n vtep2 link add vx201 type vxlan id 201 local 10.123.0.2 remote 10.123.0.1 dstport 4789 dev ul0
ip -n vtep1 -j link show
ip -n vtep1 link show vx100
ip -n vtep1 addr add 10.124.0.1/24 dev vx100
ip -n vtep2 addr add 10.124.0.2/24 dev vx100
ip -n vtep1 addr add 10.125.0.1/24 dev vx200
ip -n vtep2 addr add 10.125.0.2/24 dev vx201
ip -n vtep1 link set vx100 up
ip -n vtep2 link set vx100 up
ip -n vtep1 link set vx200 up
ip -n vtep2 link set vx201 up
ip -n vtep1 -j link show vx100
ip netns exec vtep1 ping -c 2 -W 1 10.124.0.2
ip netns exec vtep1 ping -c 1 -W 1 10.125.0.2
ip -n vtep1 -j neigh show dev vx100
ip -n vtep1 route show
ip -n vtep1 link add vx300 type vxlan id 100 local 10.123.0.1 remote 10.123.0.2 dstport 4789 dev ul0
ip -n vtep1 link add vx400 type vxlan id 400 local 10.123.0.1 remote 10.123.0.2 dstport 4789 dev nosuch
