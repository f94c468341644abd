# Addresses on a down interface: local routes only; the connected route comes with carrier
ip netns add qa
ip netns add qb
ip -n qa link add uplink type veth peer name downlink netns qb
ip -n qa addr ad 172.22.5.1/24 dev uplink
ip -n qa a add 172.22.6.1/24 dev uplink
ip -n qa route show
ip -n qa route show table local
ip -n qa link set uplink up
ip -n qa route show
ip -n qa -j route show
ip -n qb link set downlink up
ip -n qa route show
ip -n qa -j route show
ip -n qa link set uplink down
ip -n qa route show
ip -n qa -4 -j addr show
ip -n qa address show uplink
