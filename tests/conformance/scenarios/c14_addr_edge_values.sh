# Edge addresses: network and broadcast as host addresses, change/replace that create, same address two lengths
ip netns add ev
ip netns add ew
ip -n ev link add e0 type veth peer name e0 netns ew
ip -n ev link set e0 up
ip -n ew link set e0 up
ip -n ev addr add 192.168.70.0/24 dev e0
ip -n ev addr add 192.168.71.255/24 dev e0
ip -n ev addr change 192.168.72.1/24 dev e0
ip -n ev addr replace 192.168.73.1/24 dev e0 scope site
ip -n ev addr add 192.168.74.1/24 dev e0 scope 100
ip -n ev addr add 10.77.0.1/24 dev e0
ip -n ev addr add 10.77.0.1/16 dev e0
ip -n ev addr show dev e0
ip -n ev route show
ip -n ev route show table local
ip -n ev addr del 10.77.0.1 dev e0
ip -n ev -4 -j addr show dev e0
ip -n ew addr add 192.168.70.9/24 dev e0
ip -n ew addr add 192.168.71.9/24 dev e0
ip netns exec ew ping -c 1 -W 1 192.168.70.0
ip netns exec ew ping -c 1 -W 1 192.168.71.255
ip -n ev route get 192.168.71.255
ip -n ev route get 192.168.70.0
ip -n ew -4 addr show dev lo
ip -n ew addr show dev lo
ip -n ev -4 addr show scope site
ip -n ev -4 addr show scope 100
ip -n ev addr show type veth
ip -n ev -4 -j addr show type bridge
