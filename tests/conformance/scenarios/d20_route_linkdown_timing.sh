# A bridge's routes get "linkdown" when linkwatch runs for it: ip route reads the dump first, then looks the device up
ip netns add lwdh
ip netns add lwdc
ip -n lwdh link add docker0 type bridge
ip -n lwdh addr add 172.17.0.1/16 dev docker0
ip -n lwdh link set docker0 up
ip -n lwdh route add 10.50.0.0/16 via 172.17.0.9
ip -n lwdh link add veth0 type veth peer name eth0 netns lwdc
ip -n lwdh link set veth0 master docker0
ip -n lwdh route show
ip -n lwdh route show
ip -n lwdh -j route show
ip -n lwdh link set veth0 up
ip -n lwdc link set eth0 up
ip -n lwdh route show
ip -n lwdh -j route show 172.17.0.0/16
ip -n lwdc link set eth0 down
ip -n lwdh -j route show
ip -n lwdh route show
ip -n lwdc addr add 172.17.0.2/16 dev eth0
ip -n lwdc link set eth0 up
ip -n lwdc route show
ip -n lwdh route get 172.17.0.2
ip -n lwdh route show
ip -n lwdh link set veth0 nomaster
ip -n lwdh route get 10.50.1.1
ip -n lwdh route show
