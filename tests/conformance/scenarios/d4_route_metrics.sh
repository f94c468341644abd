# Several routes to one prefix: metric order, append, delete by metric, show order
ip netns add m
ip netns add up1
ip netns add up2
ip -n m link add u1 type veth peer name eth0 netns up1
ip -n m link add u2 type veth peer name eth0 netns up2
ip -n m addr add 10.11.0.1/24 dev u1
ip -n m addr add 10.12.0.1/24 dev u2
ip -n m link set u1 up
ip -n m link set u2 up
ip -n up1 link set eth0 up
ip -n up2 link set eth0 up
ip -n m route add 10.90.0.0/16 via 10.11.0.2 metric 300
ip -n m route add 10.90.0.0/16 via 10.12.0.2 metric 50
ip -n m route add 10.90.0.0/16 via 10.12.0.3 metric 50
ip -n m route append 10.90.0.0/16 via 10.12.0.3 metric 50
ip -n m route append 10.90.0.0/16 via 10.11.0.3 metric 50
ip -n m route add 10.90.0.0/16 dev u1
ip -n m route show
ip -n m -j route show 10.90.0.0/16
ip -n m route get 10.90.1.1
ip -n m route del 10.90.0.0/16 metric 50
ip -n m route show
ip -n m route del 10.90.0.0/16
ip -n m route show
ip -n m route get 10.90.1.1
ip -n m route del 10.90.0.0/16 via 10.11.0.2 metric 300
ip -n m route get 10.90.1.1
ip -n m route add default dev u2
ip -n m route add default via 10.11.0.254 metric 1
ip -n m route show default
ip -n m -j route get 10.200.0.1
ip -n m route del default dev u2
ip -n m route show
