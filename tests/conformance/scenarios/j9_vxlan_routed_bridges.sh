# Bridged VXLAN over a routed underlay on port 8472, two workloads per host; down/up flushes learned entries; deleting the underlay device removes the VXLAN
ip netns add nodea
ip netns add nodeb
ip netns add core
ip netns add pod1
ip netns add pod2
ip netns add pod3
ip netns add pod4
ip -n core link add ra type veth peer name ens4 netns nodea
ip -n core link add rb type veth peer name ens4 netns nodeb
ip -n core addr add 10.240.1.1/24 dev ra
ip -n core addr add 10.240.2.1/24 dev rb
ip -n core link set ra up
ip -n core link set rb up
ip netns exec core sysctl -w net.ipv4.ip_forward=1
ip -n nodea addr add 10.240.1.10/24 dev ens4
ip -n nodeb addr add 10.240.2.10/24 dev ens4
ip -n nodea link set ens4 up
ip -n nodeb link set ens4 up
ip -n nodea route add 10.240.0.0/16 via 10.240.1.1
ip -n nodeb route add 10.240.0.0/16 via 10.240.2.1
ip -n nodea link add cni0 type bridge
ip -n nodeb link add cni0 type bridge
ip -n nodea link add flannel.1 type vxlan id 1 local 10.240.1.10 remote 10.240.2.10 dstport 8472 dev ens4
ip -n nodeb link add flannel.1 type vxlan id 1 local 10.240.2.10 remote 10.240.1.10 dstport 8472 dev ens4
ip -n nodea link set flannel.1 master cni0
ip -n nodeb link set flannel.1 master cni0
ip -n nodea link add veth-p1 type veth peer name eth0 netns pod1
ip -n nodea link add veth-p2 type veth peer name eth0 netns pod2
ip -n nodeb link add veth-p3 type veth peer name eth0 netns pod3
ip -n nodeb link add veth-p4 type veth peer name eth0 netns pod4
ip -n nodea link set veth-p1 master cni0
ip -n nodea link set veth-p2 master cni0
ip -n nodeb link set veth-p3 master cni0
ip -n nodeb link set veth-p4 master cni0
ip -n nodea link set cni0 up
ip -n nodeb link set cni0 up
# the bridges announce themselves (IGMP) while their ports are still down: nothing is learned from that
sleep 2
ip -n nodea link set flannel.1 up
ip -n nodeb link set flannel.1 up
ip -n nodea link set veth-p1 up
ip -n nodea link set veth-p2 up
ip -n nodeb link set veth-p3 up
ip -n nodeb link set veth-p4 up
ip -n pod1 addr add 10.244.0.2/16 dev eth0
ip -n pod2 addr add 10.244.0.3/16 dev eth0
ip -n pod3 addr add 10.244.1.2/16 dev eth0
ip -n pod4 addr add 10.244.1.3/16 dev eth0
ip -n pod1 link set eth0 up
ip -n pod2 link set eth0 up
ip -n pod3 link set eth0 up
ip -n pod4 link set eth0 up
ip netns exec pod1 ping -c 1 -W 1 10.244.1.2
ip netns exec pod2 ping -c 1 -W 1 10.244.1.3
ip netns exec pod4 ping -c 1 -W 1 10.244.0.2
ip netns exec pod1 ping -c 1 -W 1 10.244.0.3
bridge -n nodea -j fdb show br cni0
bridge -n nodeb -j link show
ip -n nodea link set flannel.1 down
bridge -n nodea -j fdb show br cni0
ip -n nodea link set flannel.1 up
ip -n pod1 neigh flush dev eth0
ip netns exec pod1 ping -c 1 -W 1 10.244.1.3
ip -n pod1 -j neigh show
ip -n nodeb link del ens4
ip -n nodeb -j link show
bridge -n nodeb -j link show
ip -n nodea -j link show flannel.1

