# icc=false on a Docker bridge (br_netfilter sends bridged frames through FORWARD) and a DOCKER-USER allow-list for a published port
ip netns add engine
ip netns add front
ip netns add back
ip netns add lan1
ip netns add lan2
ip -n engine link add docker0 type bridge
ip -n engine addr add 172.17.0.1/16 dev docker0
ip -n engine link set docker0 up
ip -n engine link add vfront type veth peer name eth0 netns front
ip -n engine link add vback type veth peer name eth0 netns back
ip -n engine link set vfront master docker0
ip -n engine link set vback master docker0
ip -n engine link set vfront up
ip -n engine link set vback up
ip -n front addr add 172.17.0.2/16 dev eth0
ip -n back addr add 172.17.0.3/16 dev eth0
ip -n front link set eth0 up
ip -n back link set eth0 up
ip -n front route add default via 172.17.0.1
ip -n back route add default via 172.17.0.1
ip -n engine link add ext0 type bridge
ip -n engine addr add 192.168.60.1/24 dev ext0
ip -n engine link set ext0 up
ip -n engine link add p1 type veth peer name eth0 netns lan1
ip -n engine link add p2 type veth peer name eth0 netns lan2
ip -n engine link set p1 master ext0
ip -n engine link set p2 master ext0
ip -n engine link set p1 up
ip -n engine link set p2 up
ip -n lan1 addr add 192.168.60.11/24 dev eth0
ip -n lan2 addr add 192.168.60.200/24 dev eth0
ip -n lan1 link set eth0 up
ip -n lan2 link set eth0 up
ip netns exec engine sysctl -w net.ipv4.ip_forward=1
ip netns exec front nc -lk 80 &
ip netns exec back nc -lk 5432 &
ip netns exec engine iptables -N DOCKER-USER
ip netns exec engine iptables -N DOCKER
ip netns exec engine iptables -A FORWARD -j DOCKER-USER
ip netns exec engine iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec engine iptables -A FORWARD -o docker0 -j DOCKER
ip netns exec engine iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
ip netns exec engine iptables -A FORWARD -i docker0 -o docker0 -j DROP
ip netns exec engine iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
ip netns exec engine iptables -A DOCKER-USER -j RETURN
ip netns exec engine iptables -P FORWARD DROP
ip netns exec engine iptables -t nat -N DOCKER
ip netns exec engine iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec engine iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
ip netns exec engine iptables -t nat -A DOCKER -i docker0 -j RETURN
ip netns exec engine iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.2:80
ip netns exec front ping -c 1 -W 1 172.17.0.3
ip netns exec front nc -zvn -w 1 172.17.0.3 5432
ip netns exec front ping -c 1 -W 1 172.17.0.1
ip netns exec back ping -c 1 -W 1 192.168.60.11
ip netns exec lan1 nc -zvn -w 1 192.168.60.1 80
ip netns exec lan2 nc -zvn -w 1 192.168.60.1 80
ip netns exec lan1 ping -c 1 -W 1 192.168.60.200
ip netns exec engine iptables -I DOCKER-USER -i ext0 ! -s 192.168.60.0/25 -j DROP
ip netns exec lan1 nc -zvn -w 1 192.168.60.1 80
ip netns exec lan2 nc -zvn -w 1 192.168.60.1 80
ip netns exec lan2 ping -c 1 -W 1 192.168.60.11
ip netns exec lan2 ping -c 1 -W 1 192.168.60.1
ip netns exec engine iptables -L DOCKER-USER -n
ip netns exec engine iptables -L FORWARD -n
ip netns exec engine iptables -t nat -L DOCKER -n -v -x
ip netns exec engine iptables -S DOCKER-USER
