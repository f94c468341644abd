# Errors with -j and -4 given: the same words and exit codes, and what stdout gets
ip netns add jj
ip -n jj -j link add j0 type veth peer name j1
ip -n jj -j link add j0 type veth peer name j1
ip -n jj -j link set nosuch up
ip -n jj -j link set j0 mtu 10
ip -n jj -j addr add 10.60.0.1/24 dev j0
ip -n jj -j addr add 10.60.0.1/24 dev j0
ip -n jj -j addr del 10.60.0.9/24 dev j0
ip -n jj -4 -j addr show dev nosuch
ip -n jj -j route add 10.61.0.0/16 via 10.62.0.1
ip -n jj -j route get 10.61.0.1
ip -n jj -j route show table local
ip -n jj -j route show table 77
ip -n jj -j neigh show dev nosuch
ip -n jj -j rule show
ip -n nosuchns -j link show
ip -n jj -j lnk show
ip -n jj -j link shw
ip -n jj -4 link set j0 up
ip -n jj -4 -j link show j0
bridge -n jj -j fdb show br nosuch
bridge -n jj -j link show
bridge -n nosuchns -j fdb show
