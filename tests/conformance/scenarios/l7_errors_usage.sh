# Incomplete and malformed commands
ip netns add us
ip -n us link add v0 type veth peer name v1
ip -n us link add
ip -n us link add name
ip -n us link add v2 type
ip -n us addr add dev v0
ip -n us route add via 10.0.0.1
ip -n us route get
ip -n us neigh add 10.0.0.1 dev v0
ip -n us link set v0 mtu abc
ip -n us rule add from 10.0.0.0/8 table abc
ip -n us route add 10.0.0.0/24 dev v0 metric abc
ip -n us ro sh table 300
ip -n us r a 10.1.0.0/16 dev v0
ip -n us link set v0 up
ip -n us r a 10.1.0.0/16 dev v0
ip -n us a a 10.2.0.1/24 dev v0
ip -n us -j a s v0
ip -n us r
ip -n us link set dev
ip -n us link set v0 foo
ip -n us neigh del
ip -n us route del
