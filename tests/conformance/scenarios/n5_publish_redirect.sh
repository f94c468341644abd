# Publishing ports: DNAT with multiport, REDIRECT to the host itself, and a DNAT of a bridged frame
ip netns add dh
ip netns add api
ip netns add db
ip netns add user
ip -n dh link add br-app type bridge
ip -n dh addr add 172.20.0.1/16 dev br-app
ip -n dh link set br-app up
ip -n dh link add v-api type veth peer name eth0 netns api
ip -n dh link add v-db type veth peer name eth0 netns db
ip -n dh link set v-api master br-app
ip -n dh link set v-db master br-app
ip -n dh link set v-api up
ip -n dh link set v-db up
ip -n api addr add 172.20.0.2/16 dev eth0
ip -n db addr add 172.20.0.3/16 dev eth0
ip -n api link set eth0 up
ip -n db link set eth0 up
ip -n api route add default via 172.20.0.1
ip -n db route add default via 172.20.0.1
ip -n dh link add eth1 type veth peer name eth0 netns user
ip -n dh addr add 198.51.100.1/24 dev eth1
ip -n dh link set eth1 up
ip -n user addr add 198.51.100.7/24 dev eth0
ip -n user link set eth0 up
ip netns exec dh sysctl -w net.ipv4.ip_forward=1
ip netns exec api nc -lk 8000 &
ip netns exec db nc -lk 5432 &
ip netns exec dh nc -lk 3000 &
ip netns exec dh iptables -t nat -N DOCKER
ip netns exec dh iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec dh iptables -t nat -A DOCKER -i br-app -j RETURN
ip netns exec dh iptables -t nat -A DOCKER -p tcp --dport 80 -j DNAT --to-destination 172.20.0.2:8000
ip netns exec dh iptables -t nat -A DOCKER -p tcp -m multiport --dports 5432,15432 -j DNAT --to-destination 172.20.0.3:5432
ip netns exec dh iptables -t nat -A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 3000
ip netns exec dh iptables -t nat -A POSTROUTING -s 172.20.0.0/16 ! -o br-app -j MASQUERADE
ip netns exec user nc -zvn -w 1 198.51.100.1 80
ip netns exec user nc -zvn -w 1 198.51.100.1 15432
ip netns exec user nc -zvn -w 1 198.51.100.1 5432
ip netns exec user nc -zvn -w 1 198.51.100.1 8080
ip netns exec user nc -zvn -w 1 198.51.100.1 81
ip netns exec user nc -zvn -w 1 198.51.100.1 3000
ip netns exec api nc -zvn -w 1 198.51.100.1 5432
ip netns exec api nc -zvn -w 1 172.20.0.1 3000
ip netns exec api ping -c 1 -W 1 198.51.100.7
ip netns exec dh iptables -t nat -A PREROUTING -d 172.20.0.9 -p tcp --dport 8000 -j DNAT --to-destination 172.20.0.2
ip -n db route add 172.20.0.9/32 via 172.20.0.1
ip netns exec db nc -zvn -w 1 172.20.0.9 8000
ip netns exec db nc -zvn -w 1 172.20.0.9 8001
ip netns exec dh iptables -t nat -A PREROUTING -d 172.20.0.10 -p tcp -j DNAT --to-destination 198.51.100.7:22
ip netns exec user nc -lk 22 &
ip -n db route add 172.20.0.10/32 via 172.20.0.1
ip netns exec db nc -zvn -w 1 172.20.0.10 5000
ip netns exec dh iptables -t nat -S
ip netns exec dh iptables -t nat -L -n
ip netns exec dh iptables -t nat -A DOCKER -p tcp --dport 81 -j DNAT --to-destination 172.20.0.2:99999
ip netns exec dh iptables -t nat -A DOCKER -j REDIRECT --to-ports 3000
ip netns exec dh iptables -t nat -A POSTROUTING -p tcp -j REDIRECT --to-ports 3000
ip netns exec dh iptables -A INPUT -p tcp -j REDIRECT --to-ports 3000
