# Conntrack behind MASQUERADE: ICMP errors and resets from outside find the container; ESTABLISHED alone drops RELATED errors
ip netns add bhost
ip netns add box
ip netns add net
ip -n bhost link add br-7f01 type bridge
ip -n bhost addr add 172.25.0.1/16 dev br-7f01
ip -n bhost link set br-7f01 up
ip -n bhost link add vethb0x type veth peer name eth0 netns box
ip -n bhost link set vethb0x master br-7f01
ip -n bhost link set vethb0x up
ip -n box addr add 172.25.0.2/16 dev eth0
ip -n box link set eth0 up
ip -n box route add default via 172.25.0.1
ip -n bhost link add uplink0 type veth peer name eth0 netns net
ip -n bhost addr add 10.99.0.2/24 dev uplink0
ip -n bhost link set uplink0 up
ip -n net addr add 10.99.0.1/24 dev eth0
ip -n net link set eth0 up
ip netns exec bhost sysctl -w net.ipv4.ip_forward=1
ip netns exec net nc -lk 443 &
ip netns exec net nc -lk 8443 &
ip netns exec net nc -lk 25 &
ip netns exec bhost iptables -P FORWARD DROP
ip netns exec bhost iptables -A FORWARD -o br-7f01 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec bhost iptables -A FORWARD -i br-7f01 ! -o br-7f01 -j ACCEPT
ip netns exec bhost iptables -t nat -A POSTROUTING -s 172.25.0.0/16 ! -o br-7f01 -j MASQUERADE
ip netns exec net iptables -A INPUT -p tcp --dport 8443 -j REJECT
ip netns exec net iptables -A INPUT -p tcp --dport 25 -j REJECT --reject-with tcp-reset
ip netns exec net iptables -A INPUT -p tcp --dport 22 -j DROP
ip netns exec box nc -zvn -w 1 10.99.0.1 443
ip netns exec box nc -zvn -w 1 10.99.0.1 8443
ip netns exec box nc -zvn -w 1 10.99.0.1 25
ip netns exec box nc -zvn -w 1 10.99.0.1 22
ip netns exec box nc -zvn -w 1 10.99.0.1 80
ip netns exec box ping -c 2 -W 1 10.99.0.1
ip netns exec net iptables -A INPUT -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec box ping -c 1 -W 1 10.99.0.1
ip netns exec bhost iptables -R FORWARD 1 -o br-7f01 -m conntrack --ctstate ESTABLISHED -j ACCEPT
ip netns exec box nc -zvn -w 1 10.99.0.1 443
ip netns exec box nc -zvn -w 1 10.99.0.1 8443
ip netns exec bhost iptables -t nat -L POSTROUTING -n -v -x
ip netns exec bhost iptables -L FORWARD -n
ip netns exec bhost iptables -L -n
ip netns exec bhost iptables -t nat -S POSTROUTING
