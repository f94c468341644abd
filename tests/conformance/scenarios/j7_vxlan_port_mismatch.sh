# VXLAN peers must agree on the UDP port; the underlay going down stops the overlay
ip netns add ua
ip netns add ub
ip -n ua link add u0 type veth peer name u0 netns ub
ip -n ua addr add 192.168.99.1/24 dev u0
ip -n ub addr add 192.168.99.2/24 dev u0
ip -n ua link set u0 up
ip -n ub link set u0 up
ip -n ua link add vxa type vxlan id 33 local 192.168.99.1 remote 192.168.99.2 dstport 4789 dev u0
ip -n ub link add vxb type vxlan id 33 local 192.168.99.2 remote 192.168.99.1 dstport 8472 dev u0
ip -n ua addr add 10.33.0.1/24 dev vxa
ip -n ub addr add 10.33.0.2/24 dev vxb
ip -n ua link set vxa up
ip -n ub link set vxb up
ip netns exec ua ping -c 1 -W 1 10.33.0.2
ip -n ub link del vxb
ip -n ub link add vxb type vxlan id 33 local 192.168.99.2 remote 192.168.99.1 dstport 4789 dev u0
ip -n ub addr add 10.33.0.2/24 dev vxb
ip -n ub link set vxb up
ip -n ua neigh flush dev vxa
ip netns exec ua ping -c 1 -W 1 10.33.0.2
ip -n ub link set u0 down
ip -n ub -j link show vxb
ip netns exec ua ping -c 1 -W 1 10.33.0.2
ip -n ub link set u0 up
ip netns exec ua ping -c 1 -W 1 10.33.0.2
ip -n ua -j neigh show dev vxa
