# Published port reached from a container, from the host itself and from outside (bridged DNAT, hairpin)
ip netns add dhost
ip netns add nginx
ip netns add worker
ip netns add remote
ip -n dhost link add docker0 type bridge
ip -n dhost addr add 172.17.0.1/16 dev docker0
ip -n dhost link set docker0 up
ip -n dhost link add vethn type veth peer name eth0 netns nginx
ip -n dhost link add vethw type veth peer name eth0 netns worker
ip -n dhost link set vethn master docker0
ip -n dhost link set vethw master docker0
ip -n dhost link set vethn up
ip -n dhost link set vethw up
ip -n nginx addr add 172.17.0.2/16 dev eth0
ip -n worker addr add 172.17.0.3/16 dev eth0
ip -n nginx link set eth0 up
ip -n worker link set eth0 up
ip -n nginx route add default via 172.17.0.1
ip -n worker route add default via 172.17.0.1
ip -n dhost link add ens3 type veth peer name eth0 netns remote
ip -n dhost addr add 192.168.50.10/24 dev ens3
ip -n dhost link set ens3 up
ip -n dhost link set lo up
ip -n remote addr add 192.168.50.20/24 dev eth0
ip -n remote link set eth0 up
ip netns exec dhost sysctl -w net.ipv4.ip_forward=1
ip netns exec nginx nc -lk 80 &
ip netns exec dhost iptables -t nat -N DOCKER
ip netns exec dhost iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec dhost iptables -t nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec dhost iptables -t nat -A DOCKER -p tcp --dport 8443 -j DNAT --to-destination 172.17.0.2:80
ip netns exec dhost iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
ip netns exec remote nc -zvn -w 1 192.168.50.10 8443
ip netns exec worker nc -zvn -w 1 192.168.50.10 8443
ip netns exec worker nc -zvn -w 1 172.17.0.1 8443
ip netns exec nginx nc -zvn -w 1 192.168.50.10 8443
ip netns exec dhost nc -zvn -w 1 192.168.50.10 8443
ip netns exec dhost nc -zvn -w 1 172.17.0.1 8443
ip netns exec dhost iptables -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp --dport 80 -j MASQUERADE
ip netns exec nginx nc -zvn -w 1 192.168.50.10 8443
ip netns exec dhost iptables -t nat -L -n
ip netns exec dhost iptables -t nat -S
ip netns exec worker ping -c 1 -W 1 192.168.50.20
ip netns exec dhost iptables -t nat -L POSTROUTING -n -v -x
