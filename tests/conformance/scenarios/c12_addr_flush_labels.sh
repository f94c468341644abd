# addr flush with selectors, replace of a labelled secondary, text listings after each step
ip netns add fx
ip -n fx link add m0 type veth peer name m1
ip -n fx link set m0 up
ip -n fx addr add 10.30.0.1/24 dev m0
ip -n fx addr add 10.30.0.2/24 dev m0 label m0:b
ip -n fx addr add 10.30.0.3/24 dev m0 label m0:c
ip -n fx addr add 10.31.0.1/24 dev m0 scope link
ip -n fx addr add 10.32.0.1/24 dev m1
ip -n fx addr show
ip -n fx addr flush dev m0 label m0:b
ip -n fx -4 addr show dev m0
ip -n fx addr flush dev m0 scope link
ip -n fx -4 -j addr show dev m0
ip -n fx addr replace 10.30.0.3/24 dev m0 label m0:z
ip -n fx -4 addr show m0
ip -n fx addr flush
ip -n fx addr flush dev nosuch
ip -n fx -4 addr flush to 10.32.0.0/16
ip -n fx -4 addr show
ip -n fx route show
ip -n fx addr flush dev m0
ip -n fx route show table local
ip -n fx -4 -j addr show
