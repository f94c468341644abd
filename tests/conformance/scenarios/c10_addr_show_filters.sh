# addr/link show filters: master, type, up, label, to
ip netns add fl
ip -n fl link add brf type bridge
ip -n fl link add f0 type veth peer name f1
ip -n fl link add g0 type veth peer name g1
ip -n fl link set f0 master brf
ip -n fl addr add 10.160.0.1/24 dev brf
ip -n fl addr add 10.161.0.1/24 dev f0
ip -n fl addr add 10.162.0.1/24 dev g0 label g0:web
ip -n fl addr add 10.163.0.1/24 dev g0
ip -n fl link set brf up
ip -n fl link set g0 up
ip -n fl -4 -j addr show master brf
ip -n fl -j link show type bridge
ip -n fl -4 -j addr show up
ip -n fl -4 addr show label g0:web
ip -n fl -4 -j addr show to 10.163.0.0/24
ip -n fl link show master brf
ip -n fl link show type veth up
