# One veth end passed along three namespaces with renames; addresses and state at each stop
ip netns add m1
ip netns add m2
ip netns add m3
ip -n m1 link add hop type veth peer name anchor
ip -n m1 addr add 10.140.0.1/24 dev anchor
ip -n m1 link set anchor up
ip -n m1 link set hop up
ip -n m1 addr add 10.140.0.2/24 dev hop
ip -n m1 link set hop netns m2
ip -n m2 -j link show hop
ip -n m2 link set hop name eth0
ip -n m2 link set eth0 netns m3 name ens5
ip -n m3 link show
ip -n m3 link set ens5 up
ip -n m3 addr add 10.140.0.3/24 dev ens5
ip -n m1 link show anchor
ip netns exec m1 ping -c 1 -W 1 10.140.0.3
ip -n m3 link set ens5 netns m1
ip -n m1 link show
ip -n m1 -4 -j addr show
ip -n m1 link set ens5 name hop
ip -n m1 link set hop up
ip -n m1 route show
ip -n m2 -j link show
ip -n m3 -j link show
