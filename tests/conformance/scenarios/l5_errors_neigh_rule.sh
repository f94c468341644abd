# Neighbour, rule and lladdr errors
ip netns add en
ip -n en link add n0 type veth peer name n1
ip -n en addr add 10.19.0.1/24 dev n0
ip -n en link set n0 up
ip -n en neigh add 10.19.0.2 lladdr 02:00:00:00:00:02 dev n0
ip -n en neigh add 10.19.0.2 lladdr 02:00:00:00:00:02 dev n0
ip -n en neigh add 10.19.0.3 lladdr 02:00:00:00:00:0g dev n0
ip -n en neigh add 10.19.0.3 lladdr 02:00:00:00:00 dev n0
ip -n en neigh add 10.19.0.999 lladdr 02:00:00:00:00:03 dev n0
ip -n en neigh del 10.19.0.4 dev n0
ip -n en neigh del 10.19.0.2
ip -n en neigh flush dev nosuch
ip -n en neigh show 10.19.0.2
ip -n en neigh show 10.19.0.3
ip -n en -j neig show
ip -n en neighbour show
ip -n en neigh sh dev n0
ip -n en link set n0 address 02:00:00:00:00:zz
ip -n en link set n0 address 02:00:00:00
ip -n en link add n2 address 02:00:00:00:00:zz type veth peer name n3
ip -n en rule add from 10.19.0.0/24 table 200
ip -n en rule add from 10.19.0.0/24 table 200
ip -n en rule show
ip -n en rule del from 10.19.0.0/24 table 200
ip -n en rule del from 10.19.0.0/24 table 200
ip -n en rule del from 10.19.0.0/24 table 200
ip -n en rule add from 10.19.0.0/33 table 200
ip -n en rule show
ip -n en rule del priority 32766
ip -n en rule show
