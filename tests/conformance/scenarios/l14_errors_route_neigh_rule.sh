# Route, neighbour and rule commands with wrong, missing or repeated words
ip netns add rr
ip -n rr link add r0 type veth peer name r1
ip -n rr link set r0 up
ip -n rr link set r1 up
ip -n rr addr add 10.12.0.1/24 dev r0
ip -n rr route add 10.13.0.0/16 via 10.12.0.2 via 10.12.0.3
ip -n rr route add 10.13.0.0/16 via 10.12.0.2 dev r0 dev r1
ip -n rr route add 10.13.0.0/16 via 10.12.0.2 metric 5 metric 6
ip -n rr route add 10.13.0.0/16 via 10.12.0.2 proto static
ip -n rr route add 10.14.0.0/16 via 10.12.0.2 proto bogus
ip -n rr route add 10.15.0.0/16 dev r0 scope host
ip -n rr route add 10.16.0.0/16 dev r0 table 10
ip -n rr route add 10.16.0.0/16 dev r0 table main
ip -n rr route show
ip -n rr route show table 10
ip -n rr route show table all
ip -n rr route show proto static
ip -n rr route show scope host
ip -n rr route show dev r0
ip -n rr route show dev nosuch
ip -n rr route get 10.16.1.1 oif r1
ip -n rr route get 10.13.1.1 from 10.12.0.9
ip -n rr route del 10.13.0.0/16 via 10.12.0.9
ip -n rr route del 10.13.0.0/16 proto kernel
ip -n rr route del 10.13.0.0/16 table 10
ip -n rr neigh add 10.12.0.7 lladdr 02:00:00:00:00:07 dev r0 nud stale
ip -n rr neigh add 10.12.0.8 lladdr 02:00:00:00:00:08 dev r0 nud noarp
ip -n rr neigh replace 10.12.0.7 lladdr 02:00:00:00:00:77 dev r0
ip -n rr neigh change 10.12.0.9 lladdr 02:00:00:00:00:09 dev r0
ip -n rr neigh show dev r0
ip -n rr neigh show nud stale
ip -n rr neigh del 10.12.0.7 dev r0
ip -n rr neigh del 10.12.0.7 dev r0
ip -n rr rule add from 10.12.0.0/24 lookup 10
ip -n rr rule add to 10.16.0.0/16 table 10 priority 500
ip -n rr rule add from all table 10 pref 500
ip -n rr rule add iif r0 table 10
ip -n rr rule show
ip -n rr rule del table 10
ip -n rr rule show
ip -n rr rule show
