# route show with selectors (via, src, match, root, exact, type, metric), route get fibmatch, rule flush
ip netns add sf
ip netns add sg
ip -n sf link add e1 type veth peer name e1 netns sg
ip -n sf link add e2 type veth peer name e3
ip -n sf addr add 10.5.1.1/24 dev e1
ip -n sf addr add 10.5.2.1/24 dev e2
ip -n sf link set e1 up
ip -n sf link set e2 up
ip -n sf link set e3 up
ip -n sg link set e1 up
ip -n sf route add 10.6.0.0/16 via 10.5.1.2
ip -n sf route add 10.6.128.0/17 via 10.5.2.3
ip -n sf route add 10.7.0.0/16 via 10.5.2.2 metric 30
ip -n sf route add blackhole 10.8.0.0/16
ip -n sf route add default via 10.5.2.254
ip -n sf route show via 10.5.1.2
ip -n sf route show via 10.5.2.0/24
ip -n sf route show dev e2
ip -n sf route show match 10.6.200.1
ip -n sf route show root 10.6.0.0/16
ip -n sf route show root 10.0.0.0/8
ip -n sf route show exact 10.7.0.0/16
ip -n sf route show to match 10.7.7.7
ip -n sf route show type blackhole
ip -n sf route show type unicast
ip -n sf route show table local type broadcast
ip -n sf route show table main dev e1
ip -n sf route show 10.6.0.0/16 table all
ip -n sf -j route show table all
ip -n sf route list table local 10.5.1.1
ip -n sf route show metric 30
ip -n sf -j route show metric 30
ip -n sf route show proto kernel dev e2
ip -n sf route show src 10.5.1.1
ip -n sf route show type nosuch
ip -n sf route show via nosuch
ip -n sf route get 10.6.1.1 fibmatch
ip -n sf route get 10.6.200.1 fibmatch
ip -n sf route get 10.5.2.200 fibmatch
ip -n sf route get 10.9.9.9 from 10.5.1.1 fibmatch
ip -n sf -j route get 10.6.1.1 fibmatch
ip -n sf route get 10.8.0.1 fibmatch
ip -n sf route flush via 10.5.2.0/24
ip -n sf route show
ip -n sf rule add to 10.12.0.0/16 table 12
ip -n sf rule add iif e1 table 13
ip -n sf rule add from 10.5.1.0/24 to 10.12.0.0/16 table 14 pref 100
ip -n sf rule add not from 10.5.1.0/24 table 15
ip -n sf rule add from 10.5.3.0/24 prohibit
ip -n sf rule add from 10.5.4.0/24 tabel 5
ip -n sf rule
ip -n sf -j rule show
ip -n sf rule del iif e1 table 13
ip -n sf rule flush
ip -n sf rule show
ip -n sf route get 10.6.1.1
