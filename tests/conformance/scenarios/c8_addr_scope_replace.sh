# Address scopes, replace, noprefixroute, and loopback-range addresses on an interface
ip netns add sc
ip -n sc link add s0 type veth peer name s1
ip -n sc link set s0 up
ip -n sc link set s1 up
ip -n sc addr add 10.90.0.1/24 dev s0 scope link
ip -n sc addr add 10.91.0.1/24 dev s0 scope host
ip -n sc addr add 10.92.0.1/24 dev s0 noprefixroute
ip -n sc -4 -j addr show dev s0
ip -n sc route show
ip -n sc route show table local
ip -n sc addr replace 10.90.0.1/24 dev s0
ip -n sc addr change 10.92.0.1/24 dev s0
ip -n sc -4 -j addr show dev s0
ip -n sc addr replace 10.93.0.1/24 dev s1
ip -n sc route show
ip -n sc route get 10.90.0.9
ip -n sc route get 10.93.0.9
ip -n sc addr add 127.0.0.5/8 dev s1
ip -n sc -4 -j addr show dev s1
