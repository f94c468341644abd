# Two bridges on one host, each the gateway of a container; bridge MACs come from ports with fixed MACs
ip netns add hh
ip netns add k1
ip netns add k2
ip -n hh link add brA type bridge
ip -n hh link add brB type bridge
ip -n hh link add pA address 02:0a:00:00:00:09 type veth peer name eth0 netns k1
ip -n hh link add pB address 02:0b:00:00:00:01 type veth peer name eth0 netns k2
ip -n hh link add pB2 address 02:0b:00:00:00:00 type veth peer name qB2
ip -n hh link set pA master brA
ip -n hh link set pB master brB
ip -n hh link set pB2 master brB
ip -n hh -j link show brA
ip -n hh link show brB
ip -n hh link set brA up
ip -n hh link set brB up
ip -n hh link set pA up
ip -n hh link set pB up
ip -n hh addr add 172.30.1.1/24 dev brA
ip -n hh addr add 172.30.2.1/24 dev brB
ip -n k1 addr add 172.30.1.10/24 dev eth0
ip -n k2 addr add 172.30.2.10/24 dev eth0
ip -n k1 link set eth0 up
ip -n k2 link set eth0 up
ip -n k1 route add default via 172.30.1.1
ip -n k2 route add default via 172.30.2.1
ip netns exec k1 ping -c 1 -W 1 172.30.1.1
ip netns exec k2 ping -c 1 -W 1 172.30.2.1
ip -n k1 neigh show
ip -n k2 -j neigh show
ip netns exec k1 ping -c 1 -W 1 172.30.2.10
ip netns exec hh sysctl -w net.ipv4.ip_forward=1
ip netns exec k1 ping -c 2 -W 1 172.30.2.10
bridge -n hh -j fdb show br brA
bridge -n hh -j fdb show br brB
bridge -n hh -j link show
ip -n hh route show
ip -n k1 route get 172.30.2.10
