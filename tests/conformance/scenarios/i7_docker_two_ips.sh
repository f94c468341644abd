# A host with two addresses publishing port 80 of two containers (-p IP:80:80), unpublish with -D, republish with -I
ip netns add srvhost
ip netns add blog
ip netns add shop
ip netns add visitor
ip -n srvhost link add docker0 type bridge
ip -n srvhost addr add 172.17.0.1/16 dev docker0
ip -n srvhost link set docker0 up
ip -n srvhost link add vethblog type veth peer name eth0 netns blog
ip -n srvhost link add vethshop type veth peer name eth0 netns shop
ip -n srvhost link set vethblog master docker0
ip -n srvhost link set vethshop master docker0
ip -n srvhost link set vethblog up
ip -n srvhost link set vethshop up
ip -n blog addr add 172.17.0.2/16 dev eth0
ip -n shop addr add 172.17.0.3/16 dev eth0
ip -n blog link set eth0 up
ip -n shop link set eth0 up
ip -n blog route add default via 172.17.0.1
ip -n shop route add default via 172.17.0.1
ip -n srvhost link add ens5 type veth peer name eth0 netns visitor
ip -n srvhost addr add 198.51.100.10/24 dev ens5
ip -n srvhost addr add 198.51.100.11/24 dev ens5
ip -n srvhost link set ens5 up
ip -n visitor addr add 198.51.100.200/24 dev eth0
ip -n visitor link set eth0 up
ip netns exec srvhost sysctl -w net.ipv4.ip_forward=1
ip netns exec blog nc -lk 80 &
ip netns exec shop nc -lk 80 &
ip netns exec srvhost iptables -t nat -N DOCKER
ip netns exec srvhost iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec srvhost iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
ip netns exec srvhost iptables -t nat -A DOCKER -i docker0 -j RETURN
ip netns exec srvhost iptables -t nat -A DOCKER -d 198.51.100.10/32 ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.2:80
ip netns exec srvhost iptables -t nat -A DOCKER -d 198.51.100.11/32 ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.3:80
ip netns exec visitor nc -zvn -w 1 198.51.100.10 80
ip netns exec visitor nc -zvn -w 1 198.51.100.11 80
ip netns exec visitor ping -c 1 -W 1 198.51.100.11
ip netns exec srvhost iptables -t nat -nvL DOCKER
ip netns exec srvhost iptables -t nat -D DOCKER -d 198.51.100.11/32 ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.3:80
ip netns exec visitor nc -zvn -w 1 198.51.100.11 80
ip netns exec srvhost iptables -t nat -D DOCKER -d 198.51.100.11/32 ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.3:80
ip netns exec srvhost iptables -t nat -I DOCKER 2 ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.3:80
ip netns exec visitor nc -zvn -w 1 198.51.100.11 8080
ip netns exec visitor nc -zvn -w 1 198.51.100.10 8080
ip netns exec srvhost iptables -t nat -R DOCKER 3 -d 198.51.100.10/32 ! -i docker0 -p tcp -m tcp --dport 81 -j DNAT --to-destination 172.17.0.2:80
ip netns exec visitor nc -zvn -w 1 198.51.100.10 80
ip netns exec visitor nc -zvn -w 1 198.51.100.10 81
ip netns exec srvhost iptables -t nat -L DOCKER -n -v -x --line-numbers
ip netns exec srvhost iptables -t nat -L DOCKER
ip netns exec srvhost iptables -t nat -S DOCKER
ip netns exec blog ping -c 1 -W 1 198.51.100.200
ip netns exec visitor ping -c 1 -W 1 172.17.0.2
ip netns exec srvhost iptables -t nat -nvxL POSTROUTING
ip netns exec srvhost iptables -t nat -X DOCKER
ip netns exec srvhost iptables -t nat -F DOCKER
ip netns exec srvhost iptables -t nat -X DOCKER
ip netns exec srvhost iptables -t nat -D PREROUTING 1
ip netns exec srvhost iptables -t nat -X DOCKER
ip netns exec srvhost iptables -t nat -S
