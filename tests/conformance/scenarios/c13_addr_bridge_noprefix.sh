# Addresses on a bridge and on its port, noprefixroute and brd -, a /32 reached with a route
ip netns add cb
ip netns add cc
ip -n cb link add br9 type bridge
ip -n cb link add p9 type veth peer name e9 netns cc
ip -n cb link set p9 master br9
ip -n cb link set br9 up
ip -n cb link set p9 up
ip -n cc link set e9 up
ip -n cb addr add 10.99.0.1/24 brd - dev br9
ip -n cb addr add 10.98.0.1/16 dev br9 noprefixroute
ip -n cb addr add 10.97.0.1/32 dev br9
ip -n cb addr add 10.96.0.1/24 dev p9
ip -n cc addr add 10.99.0.2/24 dev e9
ip -n cb addr show br9
ip -n cb -j addr show p9
ip -n cb route show
ip -n cb route show table local
ip -n cc route add 10.97.0.1/32 via 10.99.0.1
ip netns exec cc ping -c 1 -W 1 10.97.0.1
ip netns exec cc ping -c 1 -W 1 10.98.0.1
ip -n cb addr del 10.98.0.1/16 dev br9
ip -n cb addr del 10.99.0.1/24 dev br9
ip -n cb route show
ip -n cb -4 addr show
ip netns exec cc ping -c 1 -W 1 10.97.0.1
