# veth created with an MTU and MACs on each side, the peer's own options, then text and JSON views
ip netns add mx
ip netns add my
ip -n mx link add m0 mtu 9000 type veth peer name m1 mtu 1400 netns my
ip -n mx link add n0 address 02:00:00:00:aa:01 type veth peer name n1 address 02:00:00:00:aa:02
ip -n mx -j link show
ip -n my -j link show
ip -n mx link show n1
ip -n mx link set n1 netns my
ip -n my link show
ip -n mx link set m0 mtu 1400
ip -n mx link set m0 up
ip -n my link set m1 up
ip -n mx addr add 10.0.9.1/24 dev m0
ip -n my addr add 10.0.9.2/24 dev m1
ip netns exec mx ping -c 1 -W 1 10.0.9.2
ip -n mx -j neigh show
ip -n my link set n1 address 02:00:00:00:aa:03
ip -n my link set n1 up
ip -n mx link set n0 up
ip -n mx link show n0
ip -n mx link set n0 address 02:00:00:00:aa:04
ip -n mx -j link show n0
ip -n my link show n1
