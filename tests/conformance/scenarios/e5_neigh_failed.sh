# A missing host: INCOMPLETE then FAILED; the real peer becomes REACHABLE; text form
ip netns add arpa
ip netns add arpb
ip -n arpa link add lan0 type veth peer name lan0 netns arpb
ip -n arpa addr add 10.14.0.1/16 dev lan0
ip -n arpb addr add 10.14.200.2/16 dev lan0
ip -n arpa link set lan0 up
ip -n arpb link set lan0 up
ip netns exec arpa ping -c 2 -W 1 10.14.3.3
ip -n arpa neigh show
ip netns exec arpa ping -c 1 -W 1 10.14.200.2
ip -n arpa neigh show 10.14.200.2
sleep 4
ip -n arpa neigh show
ip -n arpa -j neigh show
ip -n arpa neigh del 10.14.3.3 dev lan0
ip -n arpa -j neigh show 10.14.3.3
ip -n arpa neigh add 10.14.3.3 lladdr 02:aa:bb:cc:dd:ee dev lan0 nud permanent
ip netns exec arpa ping -c 1 -W 1 10.14.3.3
ip -n arpa neigh show dev lan0
