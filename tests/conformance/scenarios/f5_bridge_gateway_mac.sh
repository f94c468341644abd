# A bridge with an explicit MAC is the gateway of two containers and the host reaches both
ip netns add hv
ip netns add vm1
ip netns add vm2
ip -n hv link add virbr0 address 02:52:54:00:00:01 type bridge
ip -n hv addr add 192.168.122.1/24 dev virbr0
ip -n hv link set virbr0 up
ip -n hv link add vnet0 type veth peer name ens3 netns vm1
ip -n hv link add vnet1 type veth peer name ens3 netns vm2
ip -n hv link set vnet0 master virbr0
ip -n hv link set vnet1 master virbr0
ip -n hv link set vnet0 up
ip -n hv link set vnet1 up
ip -n vm1 addr add 192.168.122.11/24 dev ens3
ip -n vm2 addr add 192.168.122.12/24 dev ens3
ip -n vm1 link set ens3 up
ip -n vm2 link set ens3 up
ip -n vm1 route add default via 192.168.122.1
ip -n vm2 route add default via 192.168.122.1
ip -n hv -j link show virbr0
ip netns exec vm1 ping -c 1 -W 1 192.168.122.1
ip netns exec vm2 ping -c 1 -W 1 192.168.122.11
ip netns exec hv ping -c 2 -W 1 192.168.122.12
ip -n vm1 -j neigh show
ip -n hv neigh show
ip -n hv route get 192.168.122.11
ip -n vm1 route get 192.168.122.1
bridge -n hv -j fdb show br virbr0
ip netns exec vm1 ping -c 1 -W 1 10.99.99.99
