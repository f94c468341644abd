# replace creates or overwrites, change needs an existing route, flush removes by prefix
ip netns add fl
ip -n fl link add g0 type veth peer name g1
ip -n fl link set g0 up
ip -n fl link set g1 up
ip -n fl addr add 10.77.0.1/24 dev g0
ip -n fl addr add 10.78.0.1/24 dev g1
ip -n fl route replace 10.79.0.0/16 via 10.77.0.2
ip -n fl route show
ip -n fl route replace 10.79.0.0/16 via 10.78.0.2
ip -n fl route show
ip -n fl route change 10.79.0.0/16 via 10.77.0.5
ip -n fl route show
ip -n fl route change 10.79.0.0/16 via 10.77.0.5 metric 9
ip -n fl route add 10.79.1.0/24 via 10.77.0.6
ip -n fl route add 10.79.2.0/24 via 10.78.0.6
ip -n fl route add 10.80.0.0/16 via 10.78.0.7
ip -n fl route flush 10.79.0.0/16
ip -n fl route show
ip -n fl route flush 10.79.1.0/24
ip -n fl route show
ip -n fl route flush 10.81.0.0/16
ip -n fl route replace default via 10.78.0.254
ip -n fl route replace default via 10.77.0.254
ip -n fl -j route show default
