# route get for local, broadcast and loopback destinations, and sources that are not ours
ip netns add rg
ip netns add rh
ip -n rg link set lo up
ip -n rg link add w0 type veth peer name w0 netns rh
ip -n rg addr add 10.21.0.1/24 dev w0
ip -n rg link set w0 up
ip -n rh link set w0 up
ip -n rg route get 10.21.0.1
ip -n rg -j route get 10.21.0.1
ip -n rg route get 10.21.0.255
ip -n rg route get 10.21.0.0
ip -n rg route get 127.0.0.1
ip -n rg route get 10.21.0.7 from 10.21.0.1
ip -n rg route get 10.21.0.7 from 10.21.0.99
ip -n rg route add 10.22.0.0/16 via 10.21.0.2
ip -n rg -j route get 10.22.3.4
ip -n rg route get 10.22.3.4 from 10.21.0.1 iif w0
ip -n rg route add unreachable 10.23.0.0/16
ip -n rg -j route show
ip -n rg route get 10.23.0.1
ip -n rg route get 10.24.0.1
