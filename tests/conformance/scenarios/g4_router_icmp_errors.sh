# What a router answers: unreachable and prohibit routes, no route, blackhole, forwarding off
ip netns add host
ip netns add rt
ip -n host link add eth0 type veth peer name lan netns rt
ip -n host addr add 10.20.30.40/24 dev eth0
ip -n rt addr add 10.20.30.1/24 dev lan
ip -n host link set eth0 up
ip -n rt link set lan up
ip -n host route add default via 10.20.30.1
ip netns exec rt sysctl -w net.ipv4.ip_forward=1
ip -n rt route add unreachable 10.50.0.0/16
ip -n rt route add prohibit 10.51.0.0/16
ip -n rt route add blackhole 10.52.0.0/16
ip netns exec host ping -c 1 -W 1 10.50.0.1
ip netns exec host ping -c 1 -W 1 10.52.0.1
ip netns exec host ping -c 1 -W 1 10.53.0.1
ip -n rt route get 10.50.0.1 from 10.20.30.40 iif lan
ip -n rt route get 10.52.0.1 from 10.20.30.40 iif lan
ip -n rt route get 10.53.0.1 from 10.20.30.40 iif lan
ip -n rt -j route get 10.51.0.1
ip -n rt route show
