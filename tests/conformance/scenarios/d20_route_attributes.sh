# Route attributes: metrics (mtu, advmss, initcwnd, lock), protocols by number, table 0 and 2^32-1, prepend
ip netns add rtm
ip -n rtm link add r0 type veth peer name r1
ip -n rtm addr add 10.71.0.1/24 dev r0
ip -n rtm link set r0 up
ip -n rtm link set r1 up
ip -n rtm route add 10.72.0.0/16 via 10.71.0.2 mtu 1400
ip -n rtm route add 10.73.0.0/16 via 10.71.0.2 advmss 1300
ip -n rtm route add 10.74.0.0/16 via 10.71.0.2 mtu lock 1300
ip -n rtm route add 10.75.0.0/16 via 10.71.0.2 initcwnd 10
ip -n rtm route add 10.76.0.0/16 via 10.71.0.2 table main proto static
ip -n rtm route add 10.77.0.0/16 via 10.71.0.2 proto 99
ip -n rtm route add 10.79.0.0/16 dev r0 scope host
ip -n rtm route add 10.80.0.0/16 via 10.71.0.2 table default
ip -n rtm route prepend 10.81.0.0/16 via 10.71.0.2
ip -n rtm route show
ip -n rtm -j route show
ip -n rtm route show table default
ip -n rtm route get 10.72.1.1
ip -n rtm -j route get 10.72.1.1
ip -n rtm route get 10.79.1.1
ip -n rtm route add 10.82.0.0 via 10.71.0.2
ip -n rtm route add 10.83.0.0/16 via 10.71.0.2 metric 0
ip -n rtm route add 10.84.0.0/16 via 10.71.0.2 metric 4294967295
ip -n rtm route add 10.85.0.0/16 via 10.71.0.2 metric 4294967296
ip -n rtm route add 10.86.0.0/16 via 10.71.0.2 table 4294967295
ip -n rtm route add 10.87.0.0/16 via 10.71.0.2 table 0
ip -n rtm route add 10.88.0.0/16 via 10.71.0.2 dev r1
ip -n rtm route add 10.89.0.0/16 via 10.71.0.2 src 10.71.0.1 dev r0 onlink
ip -n rtm route show table all
ip -n rtm route del 10.72.0.0/16 mtu 1400
ip -n rtm route del 10.81.0.0/16 proto static
ip -n rtm route del 10.81.0.0/16 proto boot
ip -n rtm route show
