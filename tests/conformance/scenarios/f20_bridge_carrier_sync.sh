# A bridge's carrier as its ports come and go; `ip link show DEV` reads the state linkwatch just wrote
ip netns add lwhost
ip netns add lwc1
ip netns add lwc2
ip -n lwhost link add br0 type bridge
ip -n lwhost link set br0 up
ip -n lwhost -j link show br0
ip -n lwhost link add v1 type veth peer name eth0 netns lwc1
ip -n lwhost link add v2 type veth peer name eth0 netns lwc2
ip -n lwhost link set v1 master br0
ip -n lwhost -j link show br0
ip -n lwhost -j link show br0
ip -n lwhost link set v1 up
ip -n lwhost link set v2 up
ip -n lwhost link set v2 master br0
ip -n lwhost -j link show br0
ip -n lwc1 link set eth0 up
ip -n lwhost -j link show br0
ip -n lwhost -j link show v1
ip -n lwc2 link set eth0 up
ip -n lwc1 link set eth0 down
ip -n lwhost -j link show br0
ip -n lwc2 link set eth0 down
ip -n lwhost -j link show br0
ip -n lwhost -j link show v2
ip -n lwhost link set br0 down
ip -n lwhost link set br0 up
ip -n lwhost -j link show br0
ip -n lwc2 link set eth0 up
ip -n lwhost -j link show br0
ip -n lwhost link set v2 nomaster
ip -n lwhost -j link show br0
ip -n lwhost link set v1 nomaster
ip -n lwhost -j link show br0
