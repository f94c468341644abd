# Docker 28 style FORWARD chains for three bridge networks: isolation, a published port, FORWARD policy DROP
ip netns add dk
ip netns add w1
ip netns add w2
ip netns add w3
ip netns add ext
ip -n dk link add br-one type bridge
ip -n dk link add br-two type bridge
ip -n dk link add br-three type bridge
ip -n dk addr add 172.21.0.1/16 dev br-one
ip -n dk addr add 172.22.0.1/16 dev br-two
ip -n dk addr add 192.168.16.1/20 dev br-three
ip -n dk link set br-one up
ip -n dk link set br-two up
ip -n dk link set br-three up
ip -n dk link add v1 type veth peer name eth0 netns w1
ip -n dk link add v2 type veth peer name eth0 netns w2
ip -n dk link add v3 type veth peer name eth0 netns w3
ip -n dk link set v1 master br-one
ip -n dk link set v2 master br-two
ip -n dk link set v3 master br-three
ip -n dk link set v1 up
ip -n dk link set v2 up
ip -n dk link set v3 up
ip -n w1 addr add 172.21.0.2/16 dev eth0
ip -n w2 addr add 172.22.0.2/16 dev eth0
ip -n w3 addr add 192.168.16.2/20 dev eth0
ip -n w1 link set eth0 up
ip -n w2 link set eth0 up
ip -n w3 link set eth0 up
ip -n w1 route add default via 172.21.0.1
ip -n w2 route add default via 172.22.0.1
ip -n w3 route add default via 192.168.16.1
ip -n dk link add uplink type veth peer name eth0 netns ext
ip -n dk addr add 10.200.0.1/24 dev uplink
ip -n dk link set uplink up
ip -n ext addr add 10.200.0.2/24 dev eth0
ip -n ext link set eth0 up
ip netns exec dk sysctl -w net.ipv4.ip_forward=1
ip netns exec w2 nc -lk 80 &
ip netns exec dk iptables -P FORWARD DROP
ip netns exec dk iptables -N DOCKER
ip netns exec dk iptables -N DOCKER-USER
ip netns exec dk iptables -N DOCKER-FORWARD
ip netns exec dk iptables -N DOCKER-CT
ip netns exec dk iptables -N DOCKER-BRIDGE
ip netns exec dk iptables -N DOCKER-ISOLATION-STAGE-1
ip netns exec dk iptables -N DOCKER-ISOLATION-STAGE-2
ip netns exec dk iptables -A FORWARD -j DOCKER-USER
ip netns exec dk iptables -A FORWARD -j DOCKER-FORWARD
ip netns exec dk iptables -A DOCKER-FORWARD -j DOCKER-CT
ip netns exec dk iptables -A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1
ip netns exec dk iptables -A DOCKER-FORWARD -j DOCKER-BRIDGE
ip netns exec dk iptables -A DOCKER-FORWARD -i br-one -j ACCEPT
ip netns exec dk iptables -A DOCKER-FORWARD -i br-two -j ACCEPT
ip netns exec dk iptables -A DOCKER-FORWARD -i br-three -j ACCEPT
ip netns exec dk iptables -A DOCKER-CT -o br-one -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec dk iptables -A DOCKER-CT -o br-two -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec dk iptables -A DOCKER-CT -o br-three -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec dk iptables -A DOCKER-BRIDGE -o br-one -j DOCKER
ip netns exec dk iptables -A DOCKER-BRIDGE -o br-two -j DOCKER
ip netns exec dk iptables -A DOCKER-BRIDGE -o br-three -j DOCKER
ip netns exec dk iptables -A DOCKER -d 172.22.0.2/32 ! -i br-two -o br-two -p tcp -m tcp --dport 80 -j ACCEPT
ip netns exec dk iptables -A DOCKER ! -i br-one -o br-one -j DROP
ip netns exec dk iptables -A DOCKER ! -i br-two -o br-two -j DROP
ip netns exec dk iptables -A DOCKER ! -i br-three -o br-three -j DROP
ip netns exec dk iptables -A DOCKER-ISOLATION-STAGE-1 -i br-one ! -o br-one -j DOCKER-ISOLATION-STAGE-2
ip netns exec dk iptables -A DOCKER-ISOLATION-STAGE-1 -i br-two ! -o br-two -j DOCKER-ISOLATION-STAGE-2
ip netns exec dk iptables -A DOCKER-ISOLATION-STAGE-1 -i br-three ! -o br-three -j DOCKER-ISOLATION-STAGE-2
ip netns exec dk iptables -A DOCKER-ISOLATION-STAGE-2 -o br-one -j DROP
ip netns exec dk iptables -A DOCKER-ISOLATION-STAGE-2 -o br-two -j DROP
ip netns exec dk iptables -A DOCKER-ISOLATION-STAGE-2 -o br-three -j DROP
ip netns exec dk iptables -A DOCKER-USER -j RETURN
ip netns exec dk iptables -t nat -A POSTROUTING -s 172.21.0.0/16 ! -o br-one -j MASQUERADE
ip netns exec dk iptables -t nat -A POSTROUTING -s 172.22.0.0/16 ! -o br-two -j MASQUERADE
ip netns exec dk iptables -t nat -A POSTROUTING -s 192.168.16.0/20 ! -o br-three -j MASQUERADE
ip netns exec w1 ping -c 1 -W 1 172.22.0.2
ip netns exec w3 ping -c 1 -W 1 172.21.0.2
ip netns exec w2 ping -c 1 -W 1 192.168.16.2
ip netns exec w1 ping -c 2 -W 1 10.200.0.2
ip netns exec w3 ping -c 1 -W 1 10.200.0.2
ip netns exec w1 ping -c 1 -W 1 172.21.0.1
ip netns exec dk iptables -L DOCKER-ISOLATION-STAGE-2 -n -v -x
ip netns exec w1 nc -zvn -w 1 172.22.0.2 80
ip -n ext route add 172.22.0.0/16 via 10.200.0.1
ip netns exec ext nc -zvn -w 1 172.22.0.2 80
ip netns exec ext nc -zvn -w 1 172.22.0.2 81
ip netns exec ext ping -c 1 -W 1 172.22.0.2
ip netns exec dk iptables -L FORWARD -n
ip netns exec dk iptables -L DOCKER -n --line-numbers
ip netns exec dk iptables -S
ip netns exec dk iptables -I DOCKER-USER -s 172.21.0.2 -d 172.22.0.2 -j ACCEPT
ip netns exec dk iptables -I DOCKER-CT -o br-one -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec w1 ping -c 1 -W 1 172.22.0.2
ip netns exec dk iptables -L DOCKER-USER -n
