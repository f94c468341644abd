# Forwarding switched per interface: conf.all.forwarding, conf.IF.forwarding and ip_forward
ip netns add fa
ip netns add fr
ip netns add fb
ip -n fa link add eth0 type veth peer name ia netns fr
ip -n fb link add eth0 type veth peer name ib netns fr
ip -n fa addr add 10.130.1.2/24 dev eth0
ip -n fb addr add 10.130.2.2/24 dev eth0
ip -n fr addr add 10.130.1.1/24 dev ia
ip -n fr addr add 10.130.2.1/24 dev ib
ip -n fa link set eth0 up
ip -n fb link set eth0 up
ip -n fr link set ia up
ip -n fr link set ib up
ip -n fa route add default via 10.130.1.1
ip -n fb route add default via 10.130.2.1
ip netns exec fr sysctl -w net.ipv4.conf.all.forwarding=1
ip netns exec fr sysctl net.ipv4.ip_forward
ip netns exec fr sysctl net.ipv4.conf.ia.forwarding
ip netns exec fa ping -c 1 -W 1 10.130.2.2
ip netns exec fr sysctl -w net.ipv4.conf.ia.forwarding=0
ip netns exec fa ping -c 1 -W 1 10.130.2.2
ip netns exec fb ping -c 1 -W 1 10.130.1.2
ip -n fr route get 10.130.2.2 from 10.130.1.2 iif ia
ip -n fr route get 10.130.1.2 from 10.130.2.2 iif ib
ip netns exec fr sysctl -w net.ipv4.ip_forward=0
ip netns exec fr sysctl net.ipv4.conf.ib.forwarding
ip netns exec fb ping -c 1 -W 1 10.130.1.2
