# local and throw routes, routes through lo, route get with oif, JSON of special routes
ip netns add lt
ip netns add lu
ip -n lt link set lo up
ip -n lt link add t0 type veth peer name t0 netns lu
ip -n lt addr add 10.95.0.1/24 dev t0
ip -n lt link set t0 up
ip -n lu link set t0 up
ip -n lt route add local 10.96.0.0/16 dev lo
ip -n lt route show table local
ip -n lt route get 10.96.4.4
ip netns exec lt ping -c 1 -W 1 10.96.4.4
ip -n lt route add 10.97.0.0/16 via 10.95.0.2 table 77
ip -n lt route add throw 10.97.1.0/24 table 77
ip -n lt rule add from all lookup 77 pref 1000
ip -n lt route show table 77
ip -n lt route get 10.97.2.2
ip -n lt route get 10.97.1.1
ip -n lt route add prohibit 10.98.0.0/16
ip -n lt -j route get 10.98.0.1
ip -n lt route get 10.95.0.5 oif t0
ip -n lt route get 10.95.0.5 oif lo
ip -n lt -j route show table local
