# Route cache words (flush/show cache), route get with mark and oif, sysctl directories, flushing a missing table
ip netns add rc
ip -n rc link add q0 type veth peer name q1
ip -n rc addr add 10.91.0.1/24 dev q0
ip -n rc link set q0 up
ip -n rc link set q1 up
ip -n rc route add 10.92.0.0/16 via 10.91.0.2
ip -n rc route flush cache
ip -n rc route show cache
ip -n rc route list table cache
ip -n rc route get 10.91.0.255 from 10.91.0.1
ip -n rc route get 10.92.0.1 from 10.91.0.1 oif q0
ip -n rc route get 10.92.0.1 tos 0x10
ip -n rc route get 10.92.0.1 mark 7
ip -n rc rule list
ip netns exec rc sysctl net.ipv4.conf.q0
ip netns exec rc sysctl net.ipv4.route
ip netns exec rc sysctl net.ipv4.neigh.q0
ip -n rc route add 10.93.0.0/16 dev q0 table 100
ip -n rc route show table 100
ip -n rc route flush table 100
ip -n rc route show table 100
ip -n rc route flush table 101
ip -n rc route del default
ip -n rc route add default dev q0
ip -n rc route get 203.0.113.1
ip -n rc -j route show default
ip -n rc route change default via 10.91.0.254
ip -n rc route show
