# Routes on a link without carrier, protocol and scope keywords, routes that go with their device
ip netns add la
ip netns add lb
ip -n la link add x0 type veth peer name x0 netns lb
ip -n la addr add 10.120.0.1/24 dev x0
ip -n la link set x0 up
ip -n la route add 10.121.0.0/16 via 10.120.0.2
ip -n la route add 10.122.0.0/16 dev x0 metric 5
ip -n la route show
ip -n la -j route show
ip -n la route get 10.121.0.1
ip -n lb link set x0 up
ip -n la route show
ip -n la route add 10.123.0.0/16 via 10.120.0.3 proto static
ip -n la route add 10.124.0.0/16 dev x0 scope link proto static
ip -n la route add 10.124.8.0/24 dev x0 table main scope link
ip -n la route show proto static
ip -n la route show scope link
ip -n la route add 10.125.0.0/16 via 10.126.0.1
ip -n la link add x2 type veth peer name x3
ip -n la link set x2 up
ip -n la link set x3 up
ip -n la addr add 10.127.0.1/24 dev x2
ip -n la route add 10.128.0.0/16 via 10.127.0.2
ip -n la route add default via 10.127.0.254
ip -n la route add 10.125.0.0/16 via 10.127.0.2 dev x0
ip -n la route get 10.128.0.1
ip -n la link del x2
ip -n la route show
ip -n la route get 10.128.0.1
ip -n la route add 10.129.0.0/16 via 10.120.0.2 dev x0 src 10.120.0.1 metric 10
ip -n la route show 10.129.0.0/16
ip -n la route change 10.129.0.0/16 via 10.120.0.3 dev x0 metric 10
ip -n la -j route show 10.129.0.0/16
ip -n la route del 10.129.0.0/16 via 10.120.0.2
ip -n la route del 10.129.0.0/16 metric 11
ip -n la route del 10.129.0.0/16 metric 10
ip -n la route show
