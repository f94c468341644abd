# Flushing lo's addresses, lo down and up again brings 127.0.0.1 back; routes and pings at each step
ip netns add lf
ip -n lf link set lo up
ip -n lf addr add 10.2.3.4/32 dev lo
ip -n lf addr flush dev lo
ip -n lf -j addr show dev lo
ip -n lf route show table local
ip netns exec lf ping -c 1 -W 1 127.0.0.1
ip -n lf route get 127.0.0.1
ip -n lf link set lo down
ip -n lf link set lo up
ip -n lf addr show lo
ip -n lf route show table local
ip netns exec lf ping -c 2 -W 1 127.0.0.1
ip -n lf -j route get 127.0.0.1 from 127.0.0.1
ip -n lf link set lo up
ip -n lf -4 -j addr show
ip netns exec lf ping -c 1 -W 1 127.255.255.255
ip -n lf route get 127.255.255.255
