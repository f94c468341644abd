# What each --reject-with looks like to ping and to nc, on a server's INPUT chain (three clients on a switch)
ip netns add sv
ip netns add sw
ip netns add c1
ip netns add c2
ip netns add c3
ip -n sw link add br0 type bridge
ip -n sw link set br0 up
ip -n sw link add p0 type veth peer name eth0 netns sv
ip -n sw link add p1 type veth peer name eth0 netns c1
ip -n sw link add p2 type veth peer name eth0 netns c2
ip -n sw link add p3 type veth peer name eth0 netns c3
ip -n sw link set p0 master br0
ip -n sw link set p1 master br0
ip -n sw link set p2 master br0
ip -n sw link set p3 master br0
ip -n sw link set p0 up
ip -n sw link set p1 up
ip -n sw link set p2 up
ip -n sw link set p3 up
ip -n sv addr add 10.66.0.1/24 dev eth0
ip -n c1 addr add 10.66.0.11/24 dev eth0
ip -n c2 addr add 10.66.0.12/24 dev eth0
ip -n c3 addr add 10.66.0.13/24 dev eth0
ip -n sv link set eth0 up
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
ip -n c3 link set eth0 up
ip netns exec sv nc -lk 5000 &
ip netns exec sv iptables -A INPUT -s 10.66.0.11 -p tcp -j REJECT --reject-with icmp-proto-unreachable
ip netns exec sv iptables -A INPUT -s 10.66.0.11 -p icmp -j REJECT --reject-with icmp-net-unreachable
ip netns exec sv iptables -A INPUT -s 10.66.0.12 -p tcp -j REJECT --reject-with icmp-host-unreachable
ip netns exec sv iptables -A INPUT -s 10.66.0.12 -p icmp -j REJECT --reject-with icmp-proto-unreachable
ip netns exec sv iptables -A INPUT -s 10.66.0.13 -p tcp -j REJECT --reject-with icmp-net-prohibited
ip netns exec sv iptables -A INPUT -s 10.66.0.13 -p icmp -j REJECT --reject-with icmp-admin-prohibited
ip netns exec c1 nc -zvn -w 1 10.66.0.1 5000
ip netns exec c1 ping -c 1 -W 1 10.66.0.1
ip netns exec c2 nc -zvn -w 1 10.66.0.1 5000
ip netns exec c2 ping -c 1 -W 1 10.66.0.1
ip netns exec c3 nc -zvn -w 1 10.66.0.1 5000
ip netns exec c3 ping -c 2 -W 1 10.66.0.1
ip netns exec sv iptables -L INPUT -n -v -x
ip netns exec sv iptables -F INPUT
ip netns exec sv iptables -A INPUT -p tcp --dport 5000 -j DROP
ip netns exec sv iptables -A INPUT -p icmp -j DROP
ip netns exec c1 nc -zvn -w 1 10.66.0.1 5000
ip netns exec c1 ping -c 1 -W 1 10.66.0.1
ip netns exec c2 nc -zvn -w 1 10.66.0.1 5001
