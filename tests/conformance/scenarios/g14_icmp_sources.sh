# Asymmetric return path: which address an ICMP error and a broadcast echo reply come from
ip netns add h
ip netns add r1
ip netns add r2
ip netns add t
ip -n h link add eth0 type veth peer name hside netns r1
ip -n h link add eth1 type veth peer name hside netns r2
ip -n r1 link add core type veth peer name core netns r2
ip -n r2 link add tside type veth peer name eth0 netns t
ip -n h addr add 10.61.1.2/24 dev eth0
ip -n h addr add 10.61.3.2/24 dev eth1
ip -n r1 addr add 10.61.1.1/24 dev hside
ip -n r1 addr add 10.61.2.1/24 dev core
ip -n r2 addr add 10.61.2.2/24 dev core
ip -n r2 addr add 10.61.3.1/24 dev hside
ip -n r2 addr add 10.61.4.1/24 dev tside
ip -n t addr add 10.61.4.2/24 dev eth0
ip -n h link set eth0 up
ip -n h link set eth1 up
ip -n r1 link set hside up
ip -n r1 link set core up
ip -n r2 link set core up
ip -n r2 link set hside up
ip -n r2 link set tside up
ip -n t link set eth0 up
ip -n h route add default via 10.61.1.1
ip -n r1 route add default via 10.61.2.2
ip -n r2 route add 10.61.1.0/24 via 10.61.3.2
ip -n t route add default via 10.61.4.1
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec h ping -c 2 -W 1 10.61.4.2
ip netns exec h ping -c 1 -W 1 -t 1 10.61.4.2
ip netns exec h ping -c 1 -W 1 -t 2 10.61.4.2
ip netns exec h ping -c 1 -W 1 -t 1 10.61.2.1
ip netns exec h ping -c 1 -W 1 -t 1 10.61.2.2
ip -n r2 route add unreachable 10.61.9.0/24
ip netns exec h ping -c 1 -W 1 10.61.9.9
ip netns exec h ping -c 1 -W 1 10.61.2.255
ip netns exec r1 sysctl net.ipv4.icmp_echo_ignore_broadcasts
ip netns exec r1 sysctl -w net.ipv4.icmp_echo_ignore_broadcasts=0
ip netns exec h ping -q -c 1 -W 1 10.61.2.255
ip -n r1 route get 10.61.2.255 from 10.61.1.2 iif hside
ip -n r2 route get 10.61.1.2 from 10.61.4.2 iif tside
ip -n r2 -j route get 10.61.1.2
ip -n h -j neigh show dev eth0
