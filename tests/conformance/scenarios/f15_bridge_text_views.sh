# The bridge tool's text output: link and fdb lists with their permanent entries, before and after traffic
ip netns add tv
ip netns add t1
ip netns add t2
ip -n tv link add br5 type bridge
bridge -n tv link show
bridge -n tv fdb show br br5
ip -n tv link add u1 address 02:05:05:00:00:01 type veth peer name eth0 netns t1
ip -n tv link add u2 address 02:05:05:00:00:02 type veth peer name eth0 netns t2
ip -n tv link set u1 master br5
ip -n tv link set u2 master br5
bridge -n tv link
bridge -n tv fdb show br br5
ip -n tv link set br5 up
ip -n tv link set u1 up
ip -n tv link set u2 up
ip -n t1 addr add 10.5.5.1/24 dev eth0
ip -n t2 addr add 10.5.5.2/24 dev eth0
ip -n t1 link set eth0 up
ip -n t2 link set eth0 up
bridge -n tv link show
ip netns exec t1 ping -c 1 -W 1 10.5.5.2
bridge -n tv fdb show br br5
bridge -n tv fdb show dev u2
bridge -n tv fdb
ip -n tv link set u2 down
bridge -n tv link show dev u2
bridge -n tv fdb show br br5
