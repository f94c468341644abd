# A bridge brought up last, ports enslaved while already up, a port without carrier
ip netns add bo
ip netns add bx
ip netns add by
ip -n bo link add px type veth peer name eth0 netns bx
ip -n bo link add py type veth peer name eth0 netns by
ip -n bo link set px up
ip -n bo link set py up
ip -n bx link set eth0 up
ip -n bo -j link show
ip -n bo link add br7 type bridge
ip -n bo link set px master br7
ip -n bo link set py master br7
ip -n bo -j link show br7
bridge -n bo -j link show
ip -n bo link set br7 up
ip -n bo -j link show br7
bridge -n bo -j link show
ip -n by link set eth0 up
bridge -n bo -j link show
ip -n bo -j link show
ip -n bx addr add 10.7.7.1/24 dev eth0
ip -n by addr add 10.7.7.2/24 dev eth0
ip netns exec bx ping -c 1 -W 1 10.7.7.2
ip -n bo link set br7 down
ip -n bo -j link show
bridge -n bo -j link show
