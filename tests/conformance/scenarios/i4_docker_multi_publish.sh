# Docker engine rules for two published containers: FORWARD policy DROP, DOCKER filter and nat chains, probes from outside, a container and the host
ip netns add dockr
ip netns add app1
ip netns add redis
ip netns add wan
ip -n dockr link add docker0 type bridge
ip -n dockr addr add 172.17.0.1/16 dev docker0
ip -n dockr link set docker0 up
ip -n dockr link set lo up
ip -n dockr link add veth1a type veth peer name eth0 netns app1
ip -n dockr link add veth2b type veth peer name eth0 netns redis
ip -n dockr link set veth1a master docker0
ip -n dockr link set veth2b master docker0
ip -n dockr link set veth1a up
ip -n dockr link set veth2b up
ip -n app1 addr add 172.17.0.2/16 dev eth0
ip -n redis addr add 172.17.0.3/16 dev eth0
ip -n app1 link set eth0 up
ip -n redis link set eth0 up
ip -n app1 route add default via 172.17.0.1
ip -n redis route add default via 172.17.0.1
ip -n dockr link add eth0 type veth peer name eth0 netns wan
ip -n dockr addr add 203.0.113.40/24 dev eth0
ip -n dockr link set eth0 up
ip -n wan addr add 203.0.113.99/24 dev eth0
ip -n wan link set eth0 up
ip netns exec dockr sysctl -w net.ipv4.ip_forward=1
ip netns exec app1 nc -lk 80 &
ip netns exec redis nc -lk 6379 &
ip netns exec wan nc -lk 443 &
ip netns exec dockr iptables -N DOCKER
ip netns exec dockr iptables -N DOCKER-ISOLATION-STAGE-1
ip netns exec dockr iptables -N DOCKER-ISOLATION-STAGE-2
ip netns exec dockr iptables -N DOCKER-USER
ip netns exec dockr iptables -P FORWARD DROP
ip netns exec dockr iptables -A FORWARD -j DOCKER-USER
ip netns exec dockr iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
ip netns exec dockr iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec dockr iptables -A FORWARD -o docker0 -j DOCKER
ip netns exec dockr iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
ip netns exec dockr iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
ip netns exec dockr iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
ip netns exec dockr iptables -A DOCKER -d 172.17.0.3/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 6379 -j ACCEPT
ip netns exec dockr iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
ip netns exec dockr iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
ip netns exec dockr iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
ip netns exec dockr iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
ip netns exec dockr iptables -A DOCKER-USER -j RETURN
ip netns exec dockr iptables -t nat -N DOCKER
ip netns exec dockr iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec dockr iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec dockr iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
ip netns exec dockr iptables -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
ip netns exec dockr iptables -t nat -A POSTROUTING -s 172.17.0.3/32 -d 172.17.0.3/32 -p tcp -m tcp --dport 6379 -j MASQUERADE
ip netns exec dockr iptables -t nat -A DOCKER -i docker0 -j RETURN
ip netns exec dockr iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
ip netns exec dockr iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 6380 -j DNAT --to-destination 172.17.0.3:6379
ip netns exec wan nc -zvn -w 1 203.0.113.40 8080
ip netns exec wan nc -zvn -w 1 203.0.113.40 6380
ip netns exec wan nc -zvn -w 1 203.0.113.40 6379
ip netns exec wan nc -zvn -w 1 203.0.113.40 80
ip netns exec app1 nc -zvn -w 1 203.0.113.99 443
ip netns exec app1 nc -zvn -w 1 172.17.0.3 6379
ip netns exec app1 nc -zvn -w 1 203.0.113.40 6380
ip netns exec dockr nc -zvn -w 1 203.0.113.40 8080
ip netns exec dockr nc -zvn -w 1 127.0.0.1 8080
ip netns exec redis ping -c 1 -W 1 203.0.113.99
ip -n wan route add 172.17.0.0/16 via 203.0.113.40
ip netns exec wan nc -zvn -w 1 172.17.0.2 80
ip netns exec wan nc -zvn -w 1 172.17.0.3 80
ip netns exec wan ping -c 1 -W 1 172.17.0.2
ip netns exec dockr iptables -t nat -L DOCKER -n -v -x
ip netns exec dockr iptables -t nat -L POSTROUTING -n -v -x
ip netns exec dockr iptables -t nat -L -n --line-numbers
ip netns exec dockr iptables -L DOCKER -n --line-numbers
ip netns exec dockr iptables -L FORWARD -n
ip netns exec dockr iptables -S
