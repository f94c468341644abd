# User chains with goto and RETURN, a raw-table DROP before conntrack, -E rename, -X/-F errors
ip netns add app
ip netns add ops
ip netns add guest
ip -n app link add sw0 type bridge
ip -n app link set sw0 up
ip -n app addr add 10.88.0.1/24 dev sw0
ip -n app link add p-ops type veth peer name eth0 netns ops
ip -n app link add p-guest type veth peer name eth0 netns guest
ip -n app link set p-ops master sw0
ip -n app link set p-guest master sw0
ip -n app link set p-ops up
ip -n app link set p-guest up
ip -n ops addr add 10.88.0.20/24 dev eth0
ip -n guest addr add 10.88.0.99/24 dev eth0
ip -n ops link set eth0 up
ip -n guest link set eth0 up
ip netns exec app nc -lk 22 &
ip netns exec app nc -lk 8443 &
ip netns exec app iptables -N SSH
ip netns exec app iptables -N TRUSTED
ip netns exec app iptables -A TRUSTED -s 10.88.0.20 -j ACCEPT
ip netns exec app iptables -A TRUSTED -j REJECT --reject-with icmp-host-prohibited
ip netns exec app iptables -A SSH -p tcp --dport 22 -g TRUSTED
ip netns exec app iptables -A SSH -j RETURN
ip netns exec app iptables -A INPUT -i sw0 -j SSH
ip netns exec app iptables -A INPUT -p tcp ! --dport 8443 -j DROP
ip netns exec ops nc -zvn -w 1 10.88.0.1 22
ip netns exec guest nc -zvn -w 1 10.88.0.1 22
ip netns exec guest nc -zvn -w 1 10.88.0.1 8443
ip netns exec guest nc -zvn -w 1 10.88.0.1 23
ip netns exec guest ping -c 1 -W 1 10.88.0.1
ip netns exec app iptables -t raw -A PREROUTING -s 10.88.0.99 -p icmp -j DROP
ip netns exec guest ping -c 1 -W 1 10.88.0.1
ip netns exec ops ping -c 1 -W 1 10.88.0.1
ip netns exec app iptables -t raw -L PREROUTING -v -x -n
ip netns exec app iptables -t raw -S
ip netns exec app iptables -S
ip netns exec app iptables -L SSH -n
ip netns exec app iptables -E TRUSTED ADMINS
ip netns exec app iptables -E SSH INPUT
ip netns exec app iptables -E NOPE OTHER
ip netns exec app iptables -E ADMINS DROP
ip netns exec app iptables -L -n
ip netns exec app iptables -X ADMINS
ip netns exec app iptables -F ADMINS
ip netns exec app iptables -X ADMINS
ip netns exec app iptables -F SSH
ip netns exec app iptables -X ADMINS
ip netns exec app iptables -X
ip netns exec app iptables -S
ip netns exec app iptables -t raw -F
ip netns exec guest ping -c 1 -W 1 10.88.0.1
