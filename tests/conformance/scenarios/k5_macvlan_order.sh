# macvlan created on a parent that is down, child up first, parent up later
ip netns add mo
ip netns add mx
ip -n mo link add base type veth peer name far
ip -n mo link add mvx link base type macvlan mode bridge
ip -n mo link add mvy link base type macvlan mode bridge
ip -n mo -j link show
ip -n mo link set mvx up
ip -n mo -j link show mvx
ip -n mo link set base up
ip -n mo -j link show mvx
ip -n mo link set far up
ip -n mo -j link show
ip -n mo link set mvy netns mx
ip -n mx -j link show
ip -n mx link set mvy up
ip -n mx -j link show
ip -n mo addr add 10.17.17.1/24 dev mvx
ip -n mx addr add 10.17.17.2/24 dev mvy
ip netns exec mx ping -c 1 -W 1 10.17.17.1
ip -n mo link set far down
ip -n mx -j link show mvy
ip -n mo -j link show
