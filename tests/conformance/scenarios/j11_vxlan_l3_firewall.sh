# Three VTEPs on one switched underlay: routed VXLAN links with different VNIs and ports, a VNI typo, and iptables blocking the tunnel
ip netns add sw
ip netns add va
ip netns add vb
ip netns add vc
ip -n sw link add uplink type bridge
ip -n sw link set uplink up
ip -n sw link add pa type veth peer name eth0 netns va
ip -n sw link add pb type veth peer name eth0 netns vb
ip -n sw link add pc type veth peer name eth0 netns vc
ip -n sw link set pa master uplink
ip -n sw link set pb master uplink
ip -n sw link set pc master uplink
ip -n sw link set pa up
ip -n sw link set pb up
ip -n sw link set pc up
ip -n va addr add 10.77.0.1/24 dev eth0
ip -n vb addr add 10.77.0.2/24 dev eth0
ip -n vc addr add 10.77.0.3/24 dev eth0
ip -n va link set eth0 up
ip -n vb link set eth0 up
ip -n vc link set eth0 up
ip -n va link add vab type vxlan id 12 local 10.77.0.1 remote 10.77.0.2 dstport 4789 dev eth0
ip -n vb link add vab type vxlan id 12 local 10.77.0.2 remote 10.77.0.1 dstport 4789 dev eth0
ip -n va link add vac type vxlan id 13 local 10.77.0.1 remote 10.77.0.3 dstport 4790 dev eth0
ip -n vc link add vac type vxlan id 31 local 10.77.0.3 remote 10.77.0.1 dstport 4790 dev eth0
ip -n va addr add 192.168.12.1/30 dev vab
ip -n vb addr add 192.168.12.2/30 dev vab
ip -n va addr add 192.168.13.1/30 dev vac
ip -n vc addr add 192.168.13.2/30 dev vac
ip -n va link set vab up
ip -n vb link set vab up
ip -n va link set vac up
ip -n vc link set vac up
ip netns exec va ping -c 1 -W 1 192.168.12.2
ip netns exec va ping -c 1 -W 1 192.168.13.2
ip -n vc link del vac
ip -n vc link add vac type vxlan id 13 local 10.77.0.3 remote 10.77.0.1 dstport 4790 dev eth0
ip -n vc addr add 192.168.13.2/30 dev vac
ip -n vc link set vac up
ip -n va neigh flush dev vac
ip netns exec va ping -c 1 -W 1 192.168.13.2
ip netns exec vb iptables -A INPUT -p udp --dport 4789 -j DROP
ip -n va neigh flush dev vab
ip netns exec va ping -c 1 -W 1 192.168.12.2
ip netns exec vb iptables -L INPUT -n
ip netns exec vb iptables -D INPUT -p udp --dport 4789 -j DROP
ip netns exec sw iptables -A FORWARD -p udp --dport 4790 -j DROP
ip -n va neigh flush dev vac
ip netns exec va ping -c 1 -W 1 192.168.13.2
ip netns exec sw iptables -L FORWARD -n
# the unanswered ARP probes end (FAILED) before the tunnel is opened again
sleep 4
ip netns exec sw iptables -F FORWARD
ip -n va neigh flush dev vac
ip -n vc neigh flush dev vac
ip -n va neigh flush dev vab
ip netns exec vc ping -c 2 -W 1 192.168.13.1
ip netns exec va ping -c 1 -W 1 192.168.12.2
ip -n vc -j neigh show dev vac
ip -n va -j route show
bridge -n sw -j fdb show br uplink
ip -n va -j link show vac
