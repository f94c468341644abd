# route show filters (proto, scope, table all/main), default route errors
ip netns add rf
ip netns add rp
ip -n rf link add up0 type veth peer name up0 netns rp
ip -n rf addr add 10.70.0.1/24 dev up0
ip -n rf link set up0 up
ip -n rp link set up0 up
ip -n rf route add 10.71.0.0/16 via 10.70.0.2
ip -n rf route add 10.72.0.0/16 dev up0 scope link
ip -n rf route add default via 10.70.0.254
ip -n rf route add default via 10.70.0.253
ip -n rf route del default via 10.70.0.253
ip -n rf route show proto kernel
ip -n rf route show scope link
ip -n rf route show table main
ip -n rf -4 route
ip -n rf route show table all
ip -n rf route del default
ip -n rf route del default
ip -n rf route show default
ip -n rf route add 10.73.0.0/16 via 10.70.0.2 table 50
ip -n rf route show table all
ip -n rf -j route show table 50
ip -n rf route del 10.73.0.0/16 table 50
ip -n rf route show table 50
