# VXLAN creation as people get it wrong: missing or bad id, no dstport, duplicate VNI, no dev, bad names; MTU with and without dev
ip netns add vta
ip netns add vtb
ip -n vta link add ul type veth peer name ul netns vtb
ip -n vta addr add 172.29.0.1/24 dev ul
ip -n vtb addr add 172.29.0.2/24 dev ul
ip -n vta link set ul up
ip -n vtb link set ul up
ip -n vta link add vx0 type vxlan local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul
ip -n vta link add vx0 type vxlan id 16777216 local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul
ip -n vta link add vx0 type vxlan id abc local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul
ip -n vta link add vx0 type vxlan id 10 local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul
ip -n vta link add vx1 type vxlan id 10 local 172.29.0.1 remote 172.29.0.3 dstport 4789 dev ul
ip -n vta link add vx1 type vxlan id 10 local 172.29.0.1 remote 172.29.0.2 dstport 4790 dev ul
ip -n vta link add vx0 type vxlan id 11 local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul
ip -n vta link add vx2 type vxlan id 12 remote 172.29.0.2 dstport 4789
ip -n vta link add vx3 type vxlan id 13 local 172.29.0.1 remote 172.29.0.2 dev ul
ip -n vta link add vx4 type vxlan id 14 local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul9
ip -n vta link add vxlan-with-a-long-name type vxlan id 15 remote 172.29.0.2 dstport 4789 dev ul
ip -n vta link add vx5 type vxlan id 16 local 172.29.0.1 remote 172.29.0.2 dstport 70000 dev ul
ip -n vta link add vx5 type vxlan id 16 local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul bogus
ip -n vta link add vx6 type vxlan id 0 local 172.29.0.1 remote 172.29.0.2 dstport 4789 dev ul
ip -n vta -j link show
ip -n vta link show vx2
ip -n vta link show vx3
ip -n vtb link add vx0 type vxlan id 10 local 172.29.0.2 remote 172.29.0.1 dstport 4789 dev ul
ip -n vta addr add 10.60.60.1/30 dev vx0
ip -n vtb addr add 10.60.60.2/30 dev vx0
ip -n vta link set vx0 up
ip -n vtb link set vx0 up
ip netns exec vta ping -c 1 -W 1 10.60.60.2
ip -n vta link del ul
ip -n vta -j link show
ip -n vtb -j link show vx0
