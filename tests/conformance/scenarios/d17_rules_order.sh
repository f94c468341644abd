# Rules added without priorities, lookups through several tables, rule deletion forms and errors
ip netns add pol
ip -n pol link add a0 type veth peer name a1
ip -n pol link add b0 type veth peer name b1
ip -n pol addr add 10.250.1.1/24 dev a0
ip -n pol addr add 10.250.2.1/24 dev b0
ip -n pol link set a0 up
ip -n pol link set a1 up
ip -n pol link set b0 up
ip -n pol link set b1 up
ip -n pol rule add from 10.250.1.0/24 table 100
ip -n pol rule add from 10.250.2.0/24 table 200
ip -n pol rule add from 10.250.3.0/24 lookup main
ip -n pol rule add from all lookup 300 pref 10
ip -n pol rule add from 10.250.4.0/24 table 400
ip -n pol rule show
ip -n pol rule add from 10.250.1.0/24 table 100
ip -n pol rule add from 10.250.1.0/24 table 100 pref 10
ip -n pol rule add from 10.250.9.0/24
ip -n pol rule add from 10.250.9.0/33 table 5
ip -n pol rule add from 10.250.9.0/24 table nosuchname
ip -n pol rule show
ip -n pol route add default via 10.250.1.2 table 100
ip -n pol route add default via 10.250.2.2 table 200
ip -n pol route add 10.99.0.0/16 dev b0 table 300
ip -n pol route add 10.98.0.0/16 via 10.250.1.3 table main
ip -n pol route get 203.0.113.5 from 10.250.1.1
ip -n pol route get 203.0.113.5 from 10.250.2.1
ip -n pol route get 10.99.1.1 from 10.250.1.1
ip -n pol route get 10.98.1.1 from 10.250.1.1
ip -n pol route get 203.0.113.5
ip -n pol -j route get 10.99.1.1
ip -n pol rule del pref 10
ip -n pol rule del table 400
ip -n pol rule del from 10.250.3.0/24
ip -n pol rule show
ip -n pol -j rule show
ip -n pol route show table 100
ip -n pol route show table 300
ip -n pol route show table all
ip -n pol route flush table 200
ip -n pol route get 203.0.113.5 from 10.250.2.1
ip -n pol route get 10.99.1.1 from 10.250.2.1
