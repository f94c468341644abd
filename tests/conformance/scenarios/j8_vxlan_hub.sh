# Three VTEPs: a hub bridges two VXLAN tunnels (different VNIs and UDP ports) so both spokes share one segment
ip netns add hub
ip netns add sp1
ip netns add sp2
ip netns add web1
ip netns add web2
ip -n hub link add to-sp1 type veth peer name wan netns sp1
ip -n hub link add to-sp2 type veth peer name wan netns sp2
ip -n hub addr add 192.168.201.1/24 dev to-sp1
ip -n hub addr add 192.168.202.1/24 dev to-sp2
ip -n sp1 addr add 192.168.201.2/24 dev wan
ip -n sp2 addr add 192.168.202.2/24 dev wan
ip -n hub link set to-sp1 up
ip -n hub link set to-sp2 up
ip -n sp1 link set wan up
ip -n sp2 link set wan up
ip -n hub link add vx1001 type vxlan id 1001 local 192.168.201.1 remote 192.168.201.2 dstport 4789 dev to-sp1
ip -n hub link add vx1002 type vxlan id 1002 local 192.168.202.1 remote 192.168.202.2 dstport 8472 dev to-sp2
ip -n sp1 link add vx1001 type vxlan id 1001 local 192.168.201.2 remote 192.168.201.1 dstport 4789 dev wan
ip -n sp2 link add vx1002 type vxlan id 1002 local 192.168.202.2 remote 192.168.202.1 dstport 8472 dev wan
ip -n hub link add br0 type bridge
ip -n sp1 link add br0 type bridge
ip -n sp2 link add br0 type bridge
ip -n hub link set vx1001 master br0
ip -n hub link set vx1002 master br0
ip -n sp1 link set vx1001 master br0
ip -n sp2 link set vx1002 master br0
ip -n sp1 link add vweb type veth peer name eth0 netns web1
ip -n sp2 link add vweb type veth peer name eth0 netns web2
ip -n sp1 link set vweb master br0
ip -n sp2 link set vweb master br0
ip -n hub link set br0 up
ip -n sp1 link set br0 up
ip -n sp2 link set br0 up
# the bridges announce themselves (IGMP) while their ports are still down: nothing is learned from that
sleep 2
ip -n hub link set vx1001 up
ip -n hub link set vx1002 up
ip -n sp1 link set vx1001 up
ip -n sp2 link set vx1002 up
ip -n sp1 link set vweb up
ip -n sp2 link set vweb up
ip -n hub addr add 10.44.0.1/24 dev br0
ip -n web1 addr add 10.44.0.11/24 dev eth0
ip -n web2 addr add 10.44.0.12/24 dev eth0
ip -n web1 link set eth0 up
ip -n web2 link set eth0 up
ip -n hub -j link show vx1002
ip -n hub -j link show vx1001
ip netns exec web1 ping -c 2 -W 1 10.44.0.12
ip netns exec web2 ping -c 1 -W 1 10.44.0.1
ip netns exec web2 nc -lk 8080 &
ip netns exec web1 nc -zvn -w 1 10.44.0.12 8080
bridge -n hub -j fdb show br br0
bridge -n sp1 -j fdb show br br0
bridge -n hub -j link show
ip -n web1 -j neigh show
ip -n hub -j link show br0

