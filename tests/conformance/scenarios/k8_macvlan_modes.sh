# macvlan modes on one parent: only bridge-mode children reach each other; all reach the outside
ip netns add mvh
ip netns add ext
ip netns add pa
ip netns add pb
ip netns add va
ip netns add vb
ip netns add ba
ip netns add bb
ip -n mvh link add trunk type veth peer name eth0 netns ext
ip -n mvh link set trunk up
ip -n ext addr add 10.240.0.1/24 dev eth0
ip -n ext link set eth0 up
ip -n mvh link add prv1 link trunk type macvlan mode private
ip -n mvh link add prv2 link trunk type macvlan mode private
ip -n mvh link add vep1 link trunk type macvlan mode vepa
ip -n mvh link add vep2 link trunk type macvlan
ip -n mvh link add brg1 link trunk type macvlan mode bridge
ip -n mvh link add brg2 link trunk type macvlan mode bridge
ip -n mvh link add bad1 link trunk type macvlan mode nosuch
ip -n mvh link set prv1 netns pa
ip -n mvh link set prv2 netns pb
ip -n mvh link set vep1 netns va
ip -n mvh link set vep2 netns vb
ip -n mvh link set brg1 netns ba
ip -n mvh link set brg2 netns bb
ip -n pa addr add 10.240.0.11/24 dev prv1
ip -n pb addr add 10.240.0.12/24 dev prv2
ip -n va addr add 10.240.0.21/24 dev vep1
ip -n vb addr add 10.240.0.22/24 dev vep2
ip -n ba addr add 10.240.0.31/24 dev brg1
ip -n bb addr add 10.240.0.32/24 dev brg2
ip -n pa link set prv1 up
ip -n pb link set prv2 up
ip -n va link set vep1 up
ip -n vb link set vep2 up
ip -n ba link set brg1 up
ip -n bb link set brg2 up
ip netns exec ext ping -c 1 -W 1 10.240.0.11
ip netns exec ext ping -c 1 -W 1 10.240.0.22
ip netns exec ext ping -c 1 -W 1 10.240.0.31
ip netns exec pa ping -c 1 -W 1 10.240.0.12
ip -n pa neigh show 10.240.0.12
ip netns exec va ping -c 1 -W 1 10.240.0.22
ip netns exec ba ping -c 1 -W 1 10.240.0.32
ip netns exec ba ping -c 1 -W 1 10.240.0.21
ip netns exec pb ping -c 1 -W 1 10.240.0.1
ip -n ba -j neigh show 10.240.0.32
ip -n pb -j neigh show 10.240.0.1
ip -n ext -j neigh show 10.240.0.11
ip -n mvh -j link show
