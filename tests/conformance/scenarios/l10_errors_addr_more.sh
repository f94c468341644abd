# address errors: labels, repeated keywords, wrong device, delete without an address; short forms
ip netns add ex
ip -n ex link add e0 type veth peer name e1
ip -n ex addr add 10.50.0.1/24 dev e0 label foo
ip -n ex addr add 10.50.0.1/24 dev e0 label e0:this-is-too-long
ip -n ex addr add 10.50.0.1/24 brd 10.50.0.255 brd 10.50.0.254 dev e0
ip -n ex addr add 10.50.0.1/24 dev e0 dev e1
ip -n ex addr add 10.50.0.1/24 dev e0 nonsense
ip -n ex addr add 10.50.0.1/24 10.50.0.2/24 dev e0
ip -n ex addr add 10.50.0.1/24 dev e0 scope 300
ip -n ex address add 10.50.0.1/24 dev e0
ip -n ex a a 10.50.0.2/24 dev e0 label e0:2
ip -n ex addr add 10.50.0.2/24 dev e0 label e0:3
ip -n ex addr del 10.50.0.1/24 dev e1
ip -n ex addr del 10.50.0.2/24 dev e0 label e0:9
ip -n ex -4 a s e0
ip -n ex addr show dev e9
ip -n ex -j addr show dev e9
ip -n ex addr show e0 e1
ip -n ex addr del dev e0
ip -n ex -4 -j addr show e0
ip -n ex addr lst
ip -n ex addr foo
ip -n ex a d 10.50.0.2/24 dev e0
ip -n ex addr add 10.51.0.1/24 dev e1 scope 200
ip -n ex -j -4 addr show e1
