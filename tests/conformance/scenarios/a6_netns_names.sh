# Namespace names with dots, dashes and underscores; recreate a namespace: it starts fresh
ip netns add ns.one
ip netns add ns-two
ip netns add ns_3
ip -n ns.one link set lo up
ip -n ns.one -4 -j addr show
ip netns exec ns-two ping -c 1 -W 1 127.0.0.1
ip netns exec ns.one ping -c 1 -W 1 127.0.0.1
ip netns del ns.one
ip netns add ns.one
ip -n ns.one -j link show
ip -n ns.one route show table local
ip netns exec ns_3 sysctl -w net.ipv4.ip_forward=1
ip netns del ns_3
ip netns add ns_3
ip netns exec ns_3 sysctl net.ipv4.ip_forward
ip -n ns-two link add veth.a type veth peer name veth_b netns ns_3
ip -n ns-two -j link show
ip -n ns_3 -j link show veth_b
ip netns del ns_3
ip -n ns-two -j link show
