# JSON output of route, rule and neighbour commands, errors included
ip netns add jx
ip -n jx -j route show
ip -n jx -j route get 10.150.0.1
ip -n jx -j rule show
ip -n jx link add j0 type veth peer name j1
ip -n jx link set j0 up
ip -n jx link set j1 up
ip -n jx addr add 10.150.0.1/24 dev j0
ip -n jx route add blackhole 10.151.0.0/16
ip -n jx route add unreachable 10.152.0.0/16 metric 5
ip -n jx -j route get 10.151.0.1
ip -n jx -j route get 10.152.0.1
ip -n jx -j route get 10.153.0.1
ip -n jx -4 -j route show
ip -n jx -j route show table local
ip -n jx -j route get 10.150.0.1
ip -n jx -j route get 10.150.0.9 from 10.150.0.1
ip -n jx -j neigh show dev j0
ip -n jx rule add from 10.150.0.0/24 table 9 pref 77
ip -n jx -j rule show
ip -n jx -j route show table 9
ip -n jx -j -4 addr show dev nosuch
ip -n jx -j link show dev nosuch
