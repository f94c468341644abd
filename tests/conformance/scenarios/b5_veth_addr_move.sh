# Addresses and routes do not follow an interface into another namespace
ip netns add pod
ip netns add node
ip -n node link add veth-pod type veth peer name ceth0
ip -n node addr add 10.42.0.1/24 dev veth-pod
ip -n node addr add 10.42.0.9/24 dev ceth0
ip -n node link set ceth0 up
ip -n node link set veth-pod up
ip -n node route show
ip -n node link set ceth0 netns pod
ip -n node route show
ip -n node -j link show veth-pod
ip -n pod -j link show
ip -n pod link set ceth0 name eth0
ip -n pod link set eth0 up
ip -n pod addr add 10.42.0.9/24 dev eth0
ip -n pod link set lo up
ip -n pod -4 -j addr show
ip -n pod route show
ip netns exec pod ping -c 2 -W 1 10.42.0.1
ip netns exec node ping -c 1 -W 1 10.42.0.9
ip -n pod -j neigh show
ip netns del pod
ip -n node -j link show
ip -n node route show
