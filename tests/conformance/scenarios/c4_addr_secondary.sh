# Primary and secondary addresses, deletes, duplicates and missing addresses
ip netns add sa
ip -n sa link add e1 type veth peer name e2
ip -n sa addr add 10.60.1.10/24 dev e1
ip -n sa addr add 10.60.1.20/24 dev e1
ip -n sa addr add 10.60.1.30/25 dev e1
ip -n sa addr add 10.60.1.40/24 dev e1
ip -n sa addr add 10.60.1.20/24 dev e1
ip -n sa addr add 10.60.1.20/16 dev e1
ip -n sa -4 -j addr show dev e1
ip -n sa route show
ip -n sa link set e1 up
ip -n sa link set e2 up
ip -n sa route show
ip -n sa route show table local
ip -n sa addr del 10.60.1.40/24 dev e1
ip -n sa addr del 10.60.1.99/24 dev e1
ip -n sa addr del 10.60.1.10/24 dev e1
ip -n sa -4 -j addr show dev e1
ip -n sa route show
ip -n sa addr add 10.60.1.20/24 dev e2
ip -n sa -4 -j addr show
ip -n sa route show
