# Malformed arguments everywhere: each must fail like the real tool, never with a traceback
ip netns add fz
ip -n fz link add v0 type veth peer name v1
ip -n fz link set v0 mtu
ip -n fz link set v0 address
ip -n fz link set v0 address 1:2:3:4:5:6:7
ip -n fz link set v0 address 02:00:00:00:00:01:02
ip -n fz addr add 10.0.0.1/24 dev v0 scope bogus
ip -n fz addr add 10.0.0.1/24 dev v0 brd 1.2.3
ip -n fz route add 10.1.0.0/16 via 10.0.0.2 table bogus
ip -n fz route add 10.1.0.0/16 via 10.0.0.2 metric
ip -n fz route add 10.1.0.0/16 dev v0 scope bogus
ip -n fz route add bogus 10.1.0.0/16
ip -n fz route get 10.1.1.1 from bogus
ip -n fz route get 10.1.1.1 iif nosuch
ip -n fz route get 10.1.1.1 oif nosuch
ip -n fz route show table bogus
ip -n fz neigh add 10.0.0.9 lladdr dev v0
ip -n fz neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev v0 nud bogus
ip -n fz neigh show nud bogus
ip -n fz neigh show dev nosuch
ip -n fz neigh flush
ip -n fz rule add from bogus table 5
ip -n fz rule add pref abc table 5
ip -n fz rule del pref 12345
ip -n fz link add vx type vxlan id abc dev v0
ip -n fz link add vx type vxlan id 5 local bogus
ip -n fz link add mv link nosuch type macvlan mode bridge
ip -n fz link add mv type macvlan mode bridge
ip -n fz link add mv link v0 type macvlan mode bogus
ip -n fz link set v0 netns
ip -n fz link set v0 name
ip netns exec fz sysctl -w net.ipv4.ip_forward
ip netns exec fz ping -c abc -W 1 10.0.0.1
ip netns exec fz ping -c 1 -W 1 -s abc 10.0.0.1
ip netns exec fz ping -c 1 -W 1 -I nosuch 10.0.0.1
bridge -n fz -j fdb show br nosuch
bridge -n fz -j link show dev nosuch
bridge -n fz foo show
ip -n fz -j route get 300.1.1.1
