# A moved interface keeps its index only if it is free in the target namespace
ip netns add src
ip netns add dst
ip -n dst link add d0 type veth peer name d1
ip -n src link add s0 type veth peer name s1
ip -n src link add s2 type veth peer name s3
ip -n src link set s3 netns dst
ip -n dst -j link show
ip -n src -j link show
ip -n src link set s1 netns dst
ip -n dst -j link show
ip -n src -j link show s0
ip -n src link set s0 up
ip -n src -j link show s0
ip -n dst link set s1 up
ip -n src -j link show s0
ip -n dst -j link show s1
ip -n src link set s2 up
ip -n src -j link show s2
ip -n dst link del s3
ip -n src -j link show
