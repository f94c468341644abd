# Two uplinks chosen by source address with rules and tables; rule errors and priorities
ip netns add edge
ip netns add up1
ip netns add up2
ip -n edge link add isp1 type veth peer name eth0 netns up1
ip -n edge link add isp2 type veth peer name eth0 netns up2
ip -n edge link add lan type veth peer name lanpeer
ip -n edge addr add 172.16.1.2/29 dev isp1
ip -n edge addr add 198.51.100.2/28 dev isp2
ip -n edge addr add 192.168.50.1/24 dev lan
ip -n edge link set isp1 up
ip -n edge link set isp2 up
ip -n edge link set lan up
ip -n edge link set lanpeer up
ip -n up1 link set eth0 up
ip -n up2 link set eth0 up
ip -n edge route add default via 198.51.100.1 table 200
ip -n edge route add 192.168.50.0/24 dev lan table 200
ip -n edge route add default via 198.51.100.14 table 201
ip -n edge route add default via 172.16.1.1
ip -n edge rule add from 198.51.100.0/28 table 200
ip -n edge rule add from 192.168.50.128/25 lookup 201 priority 3000
ip -n edge rule add from 192.168.50.0/25 lookup 200 pref 2000
ip -n edge rule add from 192.168.50.0/25 lookup 200 pref 2000
ip -n edge rule show
ip -n edge -j rule show
ip -n edge route get 203.0.113.9
ip -n edge route get 203.0.113.9 from 198.51.100.2
ip -n edge -j route get 203.0.113.9 from 198.51.100.2
ip -n edge route get 203.0.113.9 from 192.168.50.10 iif lan
ip -n edge route get 203.0.113.9 from 192.168.50.200 iif lan
ip netns exec edge sysctl -w net.ipv4.ip_forward=1
ip -n edge route get 203.0.113.9 from 192.168.50.10 iif lan
ip -n edge route get 203.0.113.9 from 192.168.50.200 iif lan
ip -n edge route get 192.168.50.77 from 198.51.100.2
ip -n edge route show table 200
ip -n edge route show table 201
ip -n edge rule del from 192.168.50.0/25 lookup 200 pref 2000
ip -n edge rule del pref 3000
ip -n edge rule del pref 3000
ip -n edge rule show
ip -n edge route flush table 201
ip -n edge route show table 201
ip -n edge route show table all
