# addr show without -4: every device, with and without addresses, text and JSON
ip netns add as1
ip netns add as2
ip -n as1 link add e0 type veth peer name e0 netns as2
ip -n as1 link set lo up
ip -n as1 addr add 172.25.1.1/24 dev e0
ip -n as1 addr add 172.25.2.1/24 dev e0
ip -n as1 -j addr show
ip -n as1 addr show
ip -n as1 addr show up
ip -n as1 link set e0 up
ip -n as2 link set e0 up
ip -n as1 addr show dev e0
ip -n as2 -j addr show
ip -n as2 addr show e0
ip -n as1 address list
ip -n as1 -4 address
