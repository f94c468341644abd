# MTU changes (a bridge follows its smallest port), link show filters
ip netns add mt
ip netns add mu
ip -n mt link add brm type bridge
ip -n mt link add m1 type veth peer name eth0 netns mu
ip -n mt link set m1 mtu 1400
ip -n mt link set m1 master brm
ip -n mt -j link show brm
ip -n mt link set brm mtu 1300
ip -n mt -j link show
ip -n mt link set m1 mtu 9000
ip -n mt -j link show brm
ip -n mt link set brm up
ip -n mt link set m1 up
ip -n mt link show up
ip -n mt link show type veth
ip -n mt -j link show master brm
ip -n mu link set eth0 mtu 1400
ip -n mu -j link show eth0
ip -n mt link set m1 mtu 70000
ip -n mt link set m1 mtu 60
ip -n mt route show
