# A LAN with two gateways chosen by metric; a gateway that stops forwarding; asymmetric returns; devices named like keywords
ip netns add sw
ip netns add pc
ip netns add gwa
ip netns add gwb
ip netns add core
ip -n sw link add lan type bridge
ip -n sw link set lan up
ip -n sw link add p-pc type veth peer name eth0 netns pc
ip -n sw link add p-gwa type veth peer name eth0 netns gwa
ip -n sw link add p-gwb type veth peer name eth0 netns gwb
ip -n sw link set p-pc master lan
ip -n sw link set p-gwa master lan
ip -n sw link set p-gwb master lan
ip -n sw link set p-pc up
ip -n sw link set p-gwa up
ip -n sw link set p-gwb up
ip -n gwa link add wan type veth peer name a netns core
ip -n gwb link add wan type veth peer name b netns core
ip -n pc addr add 10.140.0.10/24 dev eth0
ip -n gwa addr add 10.140.0.1/24 dev eth0
ip -n gwb addr add 10.140.0.2/24 dev eth0
ip -n gwa addr add 10.141.1.1/30 dev wan
ip -n gwb addr add 10.141.2.1/30 dev wan
ip -n core addr add 10.141.1.2/30 dev a
ip -n core addr add 10.141.2.2/30 dev b
ip -n core addr add 10.150.0.1/32 dev lo
ip -n pc link set eth0 up
ip -n gwa link set eth0 up
ip -n gwb link set eth0 up
ip -n gwa link set wan up
ip -n gwb link set wan up
ip -n core link set a up
ip -n core link set b up
ip -n core link set dev a up
ip -n core link set dev b up
ip -n core link set lo up
ip -n gwa route add default via 10.141.1.2
ip -n gwb route add default via 10.141.2.2
ip -n core route add 10.140.0.0/24 via 10.141.1.1 metric 10
ip -n core route add 10.140.0.0/24 via 10.141.2.1 metric 20
ip netns exec gwa sysctl -w net.ipv4.ip_forward=1
ip netns exec gwb sysctl -w net.ipv4.ip_forward=1
ip -n pc route add default via 10.140.0.1 metric 100
ip -n pc route add default via 10.140.0.2 metric 200
ip -n pc route show
ip -n pc route get 10.150.0.1
ip netns exec pc ping -c 2 -W 1 10.150.0.1
ip netns exec pc ping -c 1 -W 1 -t 1 10.150.0.1
ip netns exec gwa sysctl -w net.ipv4.ip_forward=0
ip netns exec pc ping -c 1 -W 1 10.150.0.1
ip -n pc route del default via 10.140.0.1
ip -n pc route get 10.150.0.1
ip netns exec pc ping -c 1 -W 1 10.150.0.1
ip -n core route del 10.140.0.0/24 via 10.141.1.1
ip -n core route show 10.140.0.0/24
ip netns exec pc ping -c 1 -W 1 10.150.0.1
ip netns exec pc ping -c 1 -W 1 10.141.1.1
ip -n pc -j neigh show
ip -n gwb -j neigh show dev wan
