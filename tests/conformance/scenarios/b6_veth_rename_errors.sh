# Renames and moves: name clashes, move with a new name, move back, lo cannot move
ip netns add hostA
ip netns add ctrB
ip -n hostA link add h0 type veth peer name h1
ip -n hostA link add g0 type veth peer name g1
ip -n hostA link set h1 name g1
ip -n hostA link set h1 name h2
ip -n hostA link set h2 netns ctrB name eth0
ip -n hostA link set g1 netns ctrB
ip -n ctrB -j link show
ip -n ctrB link set g1 name eth0
ip -n ctrB link set g1 name eth1
ip -n ctrB link set eth0 up
ip -n hostA link set h0 up
ip -n hostA -j link show h0
ip -n ctrB -j link show eth0
ip -n ctrB link set eth0 netns hostA
ip -n ctrB link set eth1 netns hostA
ip -n hostA -j link show
ip -n hostA link set lo netns ctrB
ip -n hostA link del lo
ip -n hostA link delete dev eth1
ip -n hostA -j link show
