# Bridges brought up after their VXLAN port announce themselves: the far side learns them
ip netns add ta
ip netns add tb
ip -n ta link add wire type veth peer name wire netns tb
ip -n ta addr add 10.222.0.1/24 dev wire
ip -n tb addr add 10.222.0.2/24 dev wire
ip -n ta link set wire up
ip -n tb link set wire up
ip -n ta link add vni7 type vxlan id 7 local 10.222.0.1 remote 10.222.0.2 dstport 4789 dev wire
ip -n tb link add vni7 type vxlan id 7 local 10.222.0.2 remote 10.222.0.1 dstport 4789 dev wire
ip -n ta link add brx type bridge
ip -n tb link add brx type bridge
ip -n ta link set vni7 master brx
ip -n tb link set vni7 master brx
ip -n ta link set vni7 up
ip -n tb link set vni7 up
ip -n ta link set brx up
# ta's IGMP report and its retransmission (within 1 s) reach tb while tb's bridge is down,
# tb's both reach ta's bridge: each side's outcome is then certain (measured racy otherwise)
sleep 3
ip -n tb link set brx up
sleep 2
bridge -n ta -j fdb show br brx
bridge -n tb -j fdb show br brx
ip -n ta -j link show brx
