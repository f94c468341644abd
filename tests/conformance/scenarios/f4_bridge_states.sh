# Bridge carrier and operstate: no ports, ports down, ports up, nomaster, port deleted
ip netns add br
ip netns add ha
ip netns add hb
ip -n br link add s0 type bridge
ip -n br -j link show s0
ip -n br link show s0
ip -n br link set s0 up
ip -n br -j link show s0
ip -n br link add pa type veth peer name eth0 netns ha
ip -n br link add pb type veth peer name eth0 netns hb
ip -n br link set pa master s0
ip -n br -j link show s0
ip -n br link set pb master s0
ip -n br link set pa up
ip -n br -j link show
bridge -n br -j link show
ip -n ha link set eth0 up
ip -n br -j link show
bridge -n br -j link show
ip -n br link show pa
ip -n br link set pa nomaster
ip -n br -j link show
bridge -n br -j link show
ip -n br link del pb
ip -n br -j link show s0
bridge -n br -j link show
ip -n br link set s0 down
ip -n br -j link show s0
