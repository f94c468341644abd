# Address sizes side by side in text, scope and primary/secondary filters, deletes without a length
ip netns add ad
ip -n ad link add big0 type veth peer name big1
ip -n ad link set big0 up
ip -n ad link set big1 up
ip -n ad addr add 10.0.0.1/8 dev big0
ip -n ad addr add 10.200.0.1/16 dev big0
ip -n ad addr add 10.200.5.5/16 dev big0
ip -n ad addr add 192.168.9.1/31 dev big0
ip -n ad addr add 192.168.9.6/30 dev big0
ip -n ad addr add 198.51.100.7/32 dev big0
ip -n ad addr add 172.16.0.1/12 brd 172.31.255.254 dev big0
ip -n ad addr add 203.0.113.9/24 dev big0 scope link
ip -n ad addr add 10.1.1.1/24 dev big1 scope host
ip -n ad addr show dev big0
ip -n ad -4 addr show scope link
ip -n ad -4 addr show scope host
ip -n ad -4 -j addr show primary
ip -n ad -4 -j addr show secondary
ip -n ad -4 addr show to 10.0.0.0/8
ip -n ad route show
ip -n ad route show table local
ip -n ad addr del 10.200.5.5 dev big0
ip -n ad addr del 198.51.100.7 dev big0
ip -n ad addr del 192.168.9.6/24 dev big0
ip -n ad -4 -j addr show dev big0
ip -n ad route get 192.168.9.0
ip -n ad route get 10.255.255.255
ip -n ad route get 172.31.255.254
