# A bridge MAC set by hand to one of its ports' MACs: one fdb entry for it, kept by the port, handed on when it leaves
ip netns add fb
ip netns add fh1
ip netns add fh2
ip -n fb link add brx address 02:ff:00:00:00:50 type bridge
ip -n fb link add q1 address 02:ff:00:00:00:01 type veth peer name eth0 netns fh1
ip -n fb link add q2 address 02:ff:00:00:00:02 type veth peer name eth0 netns fh2
ip -n fb link set q1 master brx
ip -n fb link set q2 master brx
ip -n fb link show brx
ip -n fb link set brx address 02:ff:00:00:00:02
ip -n fb link show brx
bridge -n fb fdb show br brx
ip -n fb link set brx up
ip -n fb link set q1 up
ip -n fb link set q2 up
ip -n fb addr add 10.18.0.1/24 dev brx
ip -n fh1 addr add 10.18.0.11/24 dev eth0
ip -n fh2 addr add 10.18.0.12/24 dev eth0
ip -n fh1 link set eth0 up
ip -n fh2 link set eth0 up
ip netns exec fh1 ping -c 1 -W 1 10.18.0.1
ip netns exec fh2 ping -c 1 -W 1 10.18.0.1
ip -n fh1 neigh show
ip -n fh2 neigh show
bridge -n fb fdb show br brx
ip -n fb link set q2 nomaster
bridge -n fb fdb show br brx
ip -n fb link show brx
ip netns exec fh1 ping -c 1 -W 1 10.18.0.1
ip -n fb link set q1 address 02:ff:00:00:00:03
bridge -n fb fdb show br brx
ip netns exec fh1 ping -c 1 -W 1 10.18.0.1
