# Docker NAT switched on and off: ip_forward, MASQUERADE on -o, a published port reached from another network, nat counters without -x
ip netns add dkh
ip netns add w1
ip netns add w2
ip netns add lan
ip -n dkh link add br-one type bridge
ip -n dkh link add br-two type bridge
ip -n dkh addr add 172.24.0.1/16 dev br-one
ip -n dkh addr add 172.26.0.1/16 dev br-two
ip -n dkh link set br-one up
ip -n dkh link set br-two up
ip -n dkh link add v1 type veth peer name eth0 netns w1
ip -n dkh link add v2 type veth peer name eth0 netns w2
ip -n dkh link set v1 master br-one
ip -n dkh link set v2 master br-two
ip -n dkh link set v1 up
ip -n dkh link set v2 up
ip -n w1 addr add 172.24.0.5/16 dev eth0
ip -n w2 addr add 172.26.0.5/16 dev eth0
ip -n w1 link set eth0 up
ip -n w2 link set eth0 up
ip -n w1 route add default via 172.24.0.1
ip -n w2 route add default via 172.26.0.1
ip -n dkh link add eth0 type veth peer name eth0 netns lan
ip -n dkh addr add 192.168.40.2/24 dev eth0
ip -n dkh link set eth0 up
ip -n lan addr add 192.168.40.1/24 dev eth0
ip -n lan link set eth0 up
ip netns exec lan nc -lk 80 &
ip netns exec w2 nc -lk 3000 &
ip netns exec dkh iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
ip netns exec dkh iptables -t nat -A PREROUTING -d 192.168.40.2 -p tcp --dport 3000 -j DNAT --to-destination 172.26.0.5
ip netns exec w1 ping -c 1 -W 1 192.168.40.1
ip netns exec w1 nc -zvn -w 1 192.168.40.1 80
ip netns exec dkh sysctl -w net.ipv4.ip_forward=1
ip netns exec w1 ping -c 1 -W 1 192.168.40.1
ip netns exec w1 nc -zvn -w 1 192.168.40.1 80
ip netns exec w2 ping -c 2 -W 1 192.168.40.1
ip netns exec lan nc -zvn -w 1 192.168.40.2 3000
ip netns exec w1 nc -zvn -w 1 192.168.40.2 3000
ip netns exec w1 ping -c 1 -W 1 172.26.0.5
ip netns exec dkh iptables -t nat -L -v
ip netns exec dkh iptables -t nat -L -n -v
ip netns exec dkh iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE
ip netns exec w1 ping -c 1 -W 1 192.168.40.1
ip netns exec dkh iptables -t nat -I POSTROUTING -s 172.24.0.0/16 -o eth0 -j SNAT --to-source 192.168.40.2
ip netns exec w1 ping -c 1 -W 1 192.168.40.1
ip netns exec w2 ping -c 1 -W 1 192.168.40.1
ip netns exec dkh sysctl -w net.ipv4.ip_forward=0
ip netns exec w1 ping -c 1 -W 1 192.168.40.1
ip netns exec dkh iptables -t nat -L POSTROUTING -n -v -x
ip netns exec dkh iptables -t nat -S
