# route get in many forms: to, from, iif, oif, local and broadcast targets, JSON
ip netns add gq
ip netns add gp
ip -n gq link set lo up
ip -n gq link add q0 type veth peer name p0 netns gp
ip -n gq link add q1 type veth peer name q1peer
ip -n gq addr add 10.160.0.1/23 dev q0
ip -n gq addr add 10.161.0.1/24 dev q1
ip -n gq link set q0 up
ip -n gq link set q1 up
ip -n gq link set q1peer up
ip -n gp link set p0 up
ip -n gq route add 10.162.0.0/16 via 10.160.1.254
ip -n gq route get 10.160.1.200
ip -n gq route get 10.160.1.255
ip -n gq route get to 10.162.9.9 from 10.161.0.1
ip -n gq route get 10.162.9.9 oif q1
ip -n gq route get 10.161.0.7 oif q0
ip -n gq -j route get 10.161.0.1 from 10.160.0.1
ip -n gq route get 10.161.0.1 from 10.160.0.5 iif q0
ip -n gq route get 10.160.0.1 from 10.161.0.5 iif q1
ip -n gq -j route get 10.160.0.1 from 10.161.0.5 iif q1
ip -n gq route get 10.162.9.9 from 10.161.0.5 iif q1
ip netns exec gq sysctl -w net.ipv4.ip_forward=1
ip -n gq route get 10.162.9.9 from 10.161.0.5 iif q1
ip -n gq -j route get 10.162.9.9 from 10.161.0.5 iif q1
ip -n gq route get 10.161.0.255 from 10.161.0.5 iif q1
ip -n gq route get 10.170.0.1 from 10.161.0.5 iif q1
ip -n gq route get 10.162.9.9 iif q1
ip -n gq route get 10.162.9.9 from 10.161.0.5 iif nosuch
ip -n gq route get 10.162.9.9 oif nosuch
ip -n gq route get 10.300.0.1
ip -n gq route get
ip -n gq route get 127.0.0.5
ip -n gq route get 0.0.0.0
