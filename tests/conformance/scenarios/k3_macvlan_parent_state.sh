# macvlan operstate follows the parent; deleting the parent deletes the children
ip netns add mp
ip netns add ma
ip -n mp link add uplink0 type veth peer name uplink1
ip -n mp link add mva link uplink0 type macvlan mode bridge
ip -n mp link add mvb link uplink0 type macvlan mode bridge
ip -n mp link set mva up
ip -n mp -j link show mva
ip -n mp link set uplink0 up
ip -n mp -j link show mva
ip -n mp link set uplink1 up
ip -n mp -j link show
ip -n mp link set mvb netns ma
ip -n ma -j link show
ip -n ma link set mvb up
ip -n ma -j link show
ip -n mp addr add 10.16.0.1/24 dev mva
ip -n ma addr add 10.16.0.2/24 dev mvb
ip netns exec mp ping -c 1 -W 1 10.16.0.2
ip -n mp link set uplink0 down
ip -n mp -j link show mva
ip -n ma -j link show mvb
ip -n mp link set uplink0 up
ip netns exec ma ping -c 1 -W 1 10.16.0.1
ip -n mp link del uplink0
ip -n mp -j link show
ip -n ma -j link show
