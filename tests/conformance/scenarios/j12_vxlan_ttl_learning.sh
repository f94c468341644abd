# VXLAN over a router: ttl 1 dies at the router, nolearning keeps no remotes, the underlay moved away takes the vxlan with it
ip netns add ha
ip netns add rt
ip netns add hb
ip netns add spare
ip -n ha link add up0 type veth peer name a0 netns rt
ip -n hb link add up0 type veth peer name b0 netns rt
ip -n ha addr add 10.91.1.2/24 dev up0
ip -n hb addr add 10.91.2.2/24 dev up0
ip -n rt addr add 10.91.1.1/24 dev a0
ip -n rt addr add 10.91.2.1/24 dev b0
ip -n ha link set up0 up
ip -n hb link set up0 up
ip -n rt link set a0 up
ip -n rt link set b0 up
ip -n ha route add default via 10.91.1.1
ip -n hb route add default via 10.91.2.1
ip netns exec rt sysctl -w net.ipv4.ip_forward=1
ip -n ha link add vx7 type vxlan id 700 local 10.91.1.2 remote 10.91.2.2 dstport 4789 dev up0 ttl 1
ip -n hb link add vx7 type vxlan id 700 local 10.91.2.2 remote 10.91.1.2 dstport 4789 dev up0 nolearning
ip -n ha addr add 192.168.70.1/24 dev vx7
ip -n hb addr add 192.168.70.2/24 dev vx7
ip -n ha link set vx7 up
ip -n hb link set vx7 up
ip netns exec ha ping -c 1 -W 1 192.168.70.2
ip -n ha link del vx7
ip -n ha link add vx7 type vxlan id 700 local 10.91.1.2 remote 10.91.2.2 dstport 4789 dev up0 ttl 2
ip -n ha addr add 192.168.70.1/24 dev vx7
ip -n ha link set vx7 up
ip netns exec ha ping -c 2 -W 1 192.168.70.2
ip -n ha -j neigh show dev vx7
ip -n ha link add vx8 type vxlan id 800 remote 10.91.2.2 dstport 4789 dev up0 ttl 300
ip -n ha link add vx8 type vxlan id 800 remote 10.91.2.2 dstport 4789 dev up0 ttl abc
ip -n ha link add vx8 type vxlan id 800 id 801 remote 10.91.2.2 dstport 4789
ip -n ha link add vx8 type vxlan id 800 remote 10.91.2.2 remote 10.91.2.3 dstport 4789
ip -n ha link add vx8 type vxlan id 800 rem 10.91.2.2 dstp 4789 d up0
ip -n ha link add vx9 type vxlan id 900 remote 10.91.2.2 dstport 0 dev up0
ip -n ha link add vx10 type vxlan id 901 remote 10.91.2.2 dev up0 learning
ip -n ha -j link show
ip -n hb link set up0 netns spare
ip -n hb -j link show
ip -n spare -j link show
ip netns exec ha ping -c 1 -W 1 192.168.70.2
