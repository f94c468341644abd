# Policy routing: rules, priorities and extra tables
ip netns add pr
ip netns add isp1
ip netns add isp2
ip -n pr link add a0 type veth peer name eth0 netns isp1
ip -n pr link add b0 type veth peer name eth0 netns isp2
ip -n pr addr add 10.64.1.2/24 dev a0
ip -n pr addr add 192.168.2.2/24 dev b0
ip -n pr link set a0 up
ip -n pr link set b0 up
ip -n isp1 link set eth0 up
ip -n isp2 link set eth0 up
ip -n pr route add default via 192.168.2.1
ip -n pr route add default via 192.168.2.254 table 10
ip -n pr route add 10.0.0.0/8 via 192.168.2.9 table 10
ip -n pr route show table 10
ip -n pr -j route show table 10
ip -n pr rule show
ip -n pr rule add from 192.168.2.0/24 table 10
ip -n pr rule add from 10.5.0.0/16 lookup 10
ip -n pr rule add from 10.6.0.0/16 table 10 priority 500
ip -n pr rule add from 10.7.0.0/16 table 10
ip -n pr rule show
ip -n pr -j rule show
ip -n pr route get 203.0.113.8 from 192.168.2.2
ip -n pr route get 10.1.1.1 from 192.168.2.2
ip -n pr rule del from 10.5.0.0/16 lookup 10
ip -n pr rule del from 10.99.0.0/16 table 10
ip -n pr rule show
ip -n pr route show table 11
ip -n pr route flush 10.0.0.0/8
