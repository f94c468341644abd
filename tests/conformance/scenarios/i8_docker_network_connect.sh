# docker network connect: a container on two isolated bridge networks reaches both; the others stay isolated; ip_forward off stops everything routed
ip netns add dh2
ip netns add api
ip netns add db
ip netns add proxy
ip -n dh2 link add br-front type bridge
ip -n dh2 link add br-back type bridge
ip -n dh2 addr add 172.30.0.1/24 dev br-front
ip -n dh2 addr add 172.31.0.1/24 dev br-back
ip -n dh2 link set br-front up
ip -n dh2 link set br-back up
ip -n dh2 link add vproxy0 type veth peer name eth0 netns proxy
ip -n dh2 link add vapi0 type veth peer name eth0 netns api
ip -n dh2 link add vapi1 type veth peer name eth1 netns api
ip -n dh2 link add vdb0 type veth peer name eth0 netns db
ip -n dh2 link set vproxy0 master br-front
ip -n dh2 link set vapi0 master br-front
ip -n dh2 link set vapi1 master br-back
ip -n dh2 link set vdb0 master br-back
ip -n dh2 link set vproxy0 up
ip -n dh2 link set vapi0 up
ip -n dh2 link set vapi1 up
ip -n dh2 link set vdb0 up
ip -n proxy addr add 172.30.0.2/24 dev eth0
ip -n api addr add 172.30.0.3/24 dev eth0
ip -n api addr add 172.31.0.3/24 dev eth1
ip -n db addr add 172.31.0.2/24 dev eth0
ip -n proxy link set eth0 up
ip -n api link set eth0 up
ip -n api link set eth1 up
ip -n db link set eth0 up
ip -n proxy route add default via 172.30.0.1
ip -n api route add default via 172.30.0.1
ip -n db route add default via 172.31.0.1
ip netns exec db nc -lk 5432 &
ip netns exec api nc -lk 8000 &
ip netns exec dh2 iptables -N DOCKER-ISOLATION-STAGE-1
ip netns exec dh2 iptables -N DOCKER-ISOLATION-STAGE-2
ip netns exec dh2 iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
ip netns exec dh2 iptables -A DOCKER-ISOLATION-STAGE-1 -i br-front ! -o br-front -j DOCKER-ISOLATION-STAGE-2
ip netns exec dh2 iptables -A DOCKER-ISOLATION-STAGE-1 -i br-back ! -o br-back -j DOCKER-ISOLATION-STAGE-2
ip netns exec dh2 iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
ip netns exec dh2 iptables -A DOCKER-ISOLATION-STAGE-2 -o br-front -j DROP
ip netns exec dh2 iptables -A DOCKER-ISOLATION-STAGE-2 -o br-back -j DROP
ip netns exec dh2 iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
ip netns exec api ping -c 1 -W 1 172.31.0.2
ip netns exec api nc -zvn -w 1 172.31.0.2 5432
ip netns exec proxy nc -zvn -w 1 172.30.0.3 8000
ip netns exec proxy ping -c 1 -W 1 172.31.0.3
ip netns exec proxy nc -zvn -w 1 172.31.0.2 5432
ip netns exec dh2 sysctl -w net.ipv4.ip_forward=1
ip netns exec proxy ping -c 1 -W 1 172.31.0.3
ip netns exec proxy ping -c 1 -W 1 172.31.0.2
ip netns exec db ping -c 1 -W 1 172.30.0.2
ip netns exec dh2 iptables -L DOCKER-ISOLATION-STAGE-2 -n -v -x
ip netns exec dh2 iptables -I DOCKER-ISOLATION-STAGE-1 -s 172.30.0.2 -d 172.31.0.2 -j ACCEPT
ip netns exec proxy nc -zvn -w 1 172.31.0.2 5432
ip netns exec proxy ping -c 1 -W 1 172.31.0.2
ip netns exec dh2 iptables -L DOCKER-ISOLATION-STAGE-1 -n --line-numbers
ip netns exec dh2 sysctl net.ipv4.ip_forward
ip -n api -j route show
ip -n api -j route get 172.31.0.2
