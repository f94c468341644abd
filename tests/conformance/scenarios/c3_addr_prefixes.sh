# Prefix lengths /32 /31 /30 /8, addresses without a length, broadcast fields
ip netns add pa
ip netns add pb
ip -n pa link add x0 type veth peer name y0 netns pb
ip -n pa link set x0 up
ip -n pb link set y0 up
ip -n pa addr add 10.9.0.0/31 dev x0
ip -n pb addr add 10.9.0.1/31 dev y0
ip -n pa addr add 192.168.77.5/30 dev x0
ip -n pa addr add 172.31.4.4 dev x0
ip -n pa addr add 10.100.0.1/8 dev x0
ip -n pa -4 -j addr show x0
ip -n pa route show
ip -n pa route show table local
ip -n pa -j route show table local
ip netns exec pa ping -c 1 -W 1 10.9.0.1
ip netns exec pb ping -c 1 -W 1 10.9.0.0
ip -n pa addr del 172.31.4.4 dev x0
ip -n pa addr del 192.168.77.5/30 dev x0
ip -n pa -4 -j addr show x0
ip -n pa route show
