# Loopback in text form, extra loopback addresses, lo down again
ip netns add blue
ip -n blue link show
ip -n blue link show lo
ip -n blue link set dev lo up
ip -n blue link show
ip -n blue -j addr show lo
ip -n blue addr add 10.255.255.7/32 dev lo
ip -n blue addr add 127.0.0.2/8 dev lo
ip -n blue -4 -j addr show dev lo
ip -n blue route show table local
ip netns exec blue ping -c 1 -W 1 10.255.255.7
ip -n blue route get 10.255.255.7
ip -n blue -j route get 127.0.0.2
ip -n blue link set lo down
ip -n blue -j link show lo
ip -n blue route show table local
ip netns exec blue ping -c 1 -W 1 127.0.0.1
ip netns exec blue ping -c 1 -W 1 10.255.255.7
ip -n blue route show
