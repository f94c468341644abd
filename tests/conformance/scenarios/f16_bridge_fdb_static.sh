# Static and permanent fdb entries by hand: add, replace, delete, errors; traffic then uses them
ip netns add fs1
ip netns add h1
ip netns add h2
ip -n fs1 link add brf type bridge
ip -n fs1 link add f1 type veth peer name eth0 netns h1
ip -n fs1 link add f2 type veth peer name eth0 netns h2
ip -n fs1 link set f1 master brf
ip -n fs1 link set f2 master brf
ip -n fs1 link set brf up
ip -n fs1 link set f1 up
ip -n fs1 link set f2 up
ip -n h1 link set eth0 up
ip -n h2 link set eth0 up
bridge -n fs1 fdb add 02:00:00:00:f1:01 dev f1 master static
bridge -n fs1 fdb add 02:00:00:00:f1:02 dev f2 master
bridge -n fs1 fdb add 02:00:00:00:f1:03 dev f2 master permanent
bridge -n fs1 fdb add 02:00:00:00:f1:01 dev f1 master static
bridge -n fs1 -j fdb show br brf
bridge -n fs1 fdb replace 02:00:00:00:f1:01 dev f2 master static
bridge -n fs1 fdb del 02:00:00:00:f1:02 dev f2 master
bridge -n fs1 fdb del 02:00:00:00:f1:09 dev f2 master
bridge -n fs1 fdb add 02:00:00:00:f1:04 dev brf master static
bridge -n fs1 fdb add 02:00:00:00:f1:05 dev nosuch master static
bridge -n fs1 fdb add zz:00:00:00:f1:05 dev f1 master static
bridge -n fs1 fdb add 02:00:00:00:f1:06 master static
bridge -n fs1 -j fdb show br brf
bridge -n fs1 -j fdb show dev f2
ip -n h1 addr add 10.44.0.1/24 dev eth0
ip -n h2 addr add 10.44.0.2/24 dev eth0
ip netns exec h1 ping -c 1 -W 1 10.44.0.2
bridge -n fs1 -j fdb show br brf
ip -n fs1 link set f2 down
bridge -n fs1 -j fdb show br brf
