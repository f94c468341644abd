# veth without a peer name, several pairs, deleting from the peer side, moving both ends
ip netns add ag
ip netns add ah
ip -n ag link add va type veth
ip -n ag -j link show
ip -n ag link add vb type veth
ip -n ag -j link show
ip -n ag link del veth0
ip -n ag -j link show
ip -n ag link add name pair-a type veth peer name pair-b
ip -n ag link set pair-a netns ah
ip -n ag link set pair-b netns ah
ip -n ah -j link show
ip -n ah link set pair-a up
ip -n ah link set pair-b up
ip -n ah -j link show
ip -n ah link show pair-b
ip -n ah link del pair-b
ip -n ah -j link show
