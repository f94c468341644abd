# Special route types replaced by unicast ones and back, deletes by type, metrics and flush by dev
ip netns add tx
ip netns add ty
ip -n tx link add t1 type veth peer name t1 netns ty
ip -n tx addr add 10.180.0.1/24 dev t1
ip -n tx link set t1 up
ip -n ty link set t1 up
ip -n tx route add blackhole 10.181.0.0/16
ip -n tx route add blackhole 10.181.0.0/16 metric 10
ip -n tx route add unreachable 10.181.0.0/16
ip -n tx route append prohibit 10.181.0.0/16
ip -n tx route show
ip -n tx route del unreachable 10.181.0.0/16
ip -n tx route del prohibit 10.181.0.0/16
ip -n tx route show
ip -n tx route replace 10.181.0.0/16 via 10.180.0.2
ip -n tx route show
ip -n tx route replace unreachable 10.181.0.0/16 metric 10
ip -n tx -j route show
ip -n tx route get 10.181.5.5
ip -n tx route del 10.181.0.0/16
ip -n tx route get 10.181.5.5
ip -n tx route del 10.181.0.0/16
ip -n tx route get 10.181.5.5
ip -n tx route add prohibit 10.182.0.0/16 metric 7
ip -n tx route add 10.182.0.0/16 via 10.180.0.2 metric 7
ip -n tx route add 10.182.0.0/16 via 10.180.0.2 metric 8
ip -n tx route change 10.182.0.0/16 via 10.180.0.3 metric 8
ip -n tx route show 10.182.0.0/16
ip -n tx route get 10.182.1.1
ip -n tx route add 10.183.0.0/16 via 10.180.0.4
ip -n tx route add 10.184.0.0/16 dev t1 metric 20
ip -n tx route flush dev t1
ip -n tx route show
ip -n tx route add default via 10.180.0.2
ip -n tx route add default via 10.180.0.3
ip -n tx route append default via 10.180.0.3
ip -n tx route show
ip -n tx route del default via 10.180.0.3
ip -n tx route show
