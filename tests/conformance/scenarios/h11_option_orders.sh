# Option order as people type it: target first, matches after, module options before their -p/-m, -S -v counters, -Z while listing
ip netns add oo
ip netns add op
ip -n oo link add eth0 type veth peer name eth0 netns op
ip -n oo addr add 192.168.88.1/24 dev eth0
ip -n op addr add 192.168.88.2/24 dev eth0
ip -n oo link set eth0 up
ip -n op link set eth0 up
ip netns exec oo iptables -A INPUT -j ACCEPT -p icmp -s 192.168.88.0/24
ip netns exec oo iptables -A INPUT --dport 22 -p tcp -j ACCEPT
ip netns exec oo iptables -A INPUT -m tcp --dport 22 -p tcp -j ACCEPT
ip netns exec oo iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset --dport 23
ip netns exec oo iptables -A INPUT --reject-with tcp-reset -j REJECT -p tcp
ip netns exec oo iptables -A INPUT -p tcp -m multiport --dports 80,443 -m tcp --sport 1024:65535 -j ACCEPT
ip netns exec oo iptables -A INPUT -m conntrack --ctstate NEW -m conntrack --ctstate ESTABLISHED -j ACCEPT
ip netns exec oo iptables -A INPUT -i eth0 -i eth1 -j DROP
ip netns exec oo iptables -A INPUT ! -i eth0 -j DROP
ip netns exec oo iptables -A INPUT -p icmp ! --icmp-type echo-request -j ACCEPT
ip netns exec oo iptables -A INPUT -p icmp -j DROP
ip netns exec oo iptables -I INPUT -j RETURN -i lo
ip netns exec op ping -c 3 -W 1 192.168.88.1
ip netns exec oo iptables -S -v
ip netns exec oo iptables -S INPUT 2 -v
ip netns exec oo iptables -L INPUT -n -v -x -Z
ip netns exec oo iptables -L INPUT -n -v -x
ip netns exec oo iptables -Z INPUT 2 -L INPUT -n -v
ip netns exec op ping -c 1 -W 1 192.168.88.1
ip netns exec oo iptables -L INPUT 2 -n -v -x
ip netns exec oo iptables -L -n -v -x -t filter OUTPUT
ip netns exec oo iptables -n -L INPUT --line-numbers
ip netns exec oo iptables -D INPUT -p icmp -s 192.168.88.0/24 -j ACCEPT
ip netns exec oo iptables -D INPUT -s 192.168.88.0/24 -p icmp -j ACCEPT
ip netns exec op ping -c 1 -W 1 192.168.88.1
ip netns exec oo iptables -L INPUT -n -v -x
ip netns exec oo iptables -N ZZ
ip netns exec oo iptables -N AA
ip netns exec oo iptables -A FORWARD -j ZZ
ip netns exec oo iptables -Z -v
ip netns exec oo iptables -t nat -Z -v
ip netns exec oo iptables -Z INPUT 1 -v
ip netns exec oo iptables -P OUTPUT ACCEPT
ip netns exec oo iptables -L -Z -v -n
ip netns exec oo iptables -Z OUTPUT -v
ip netns exec oo iptables -w -A OUTPUT -p tcp --dport 25 -j REJECT
ip netns exec oo iptables --wait 3 -S OUTPUT 1
ip netns exec oo iptables -w abc -S
ip netns exec oo iptables -w5 -L OUTPUT -n
ip netns exec oo iptables -t nat --wait -N DOCKER
ip netns exec oo iptables -w -t nat -S
