# pc - r1 - r2 - r3 - srv over /31 links: TTL exceeded at each hop, unreachable kinds, forwarding off
ip netns add pc
ip netns add r1
ip netns add r2
ip netns add r3
ip netns add srv
ip -n pc link add eth0 type veth peer name down0 netns r1
ip -n r1 link add up0 type veth peer name down0 netns r2
ip -n r2 link add up0 type veth peer name down0 netns r3
ip -n r3 link add up0 type veth peer name eth0 netns srv
ip -n pc addr add 192.168.100.10/24 dev eth0
ip -n r1 addr add 192.168.100.1/24 dev down0
ip -n r1 addr add 10.9.12.0/31 dev up0
ip -n r2 addr add 10.9.12.1/31 dev down0
ip -n r2 addr add 10.9.23.0/31 dev up0
ip -n r3 addr add 10.9.23.1/31 dev down0
ip -n r3 addr add 172.31.5.1/24 dev up0
ip -n srv addr add 172.31.5.5/24 dev eth0
ip -n pc link set eth0 up
ip -n r1 link set down0 up
ip -n r1 link set up0 up
ip -n r2 link set down0 up
ip -n r2 link set up0 up
ip -n r3 link set down0 up
ip -n r3 link set up0 up
ip -n srv link set eth0 up
ip -n r2 -j addr show dev down0
ip -n r2 route show table local
ip -n pc route add default via 192.168.100.1
ip -n r1 route add default via 10.9.12.1
ip -n r2 route add default via 10.9.23.1
ip -n r2 route add 192.168.100.0/24 via 10.9.12.0
ip -n r3 route add 192.168.100.0/22 via 10.9.23.0
ip -n srv route add default via 172.31.5.1
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec r3 sysctl -w net.ipv4.ip_forward=1
ip netns exec pc ping -c 2 -W 1 172.31.5.5
ip netns exec pc ping -c 1 -W 1 -t 1 172.31.5.5
ip netns exec pc ping -c 1 -W 1 -t 2 172.31.5.5
ip netns exec pc ping -c 1 -W 1 -t 3 172.31.5.5
ip netns exec pc ping -c 1 -W 1 -t 4 172.31.5.5
ip netns exec srv ping -c 1 -W 1 192.168.100.10
ip netns exec srv ping -c 1 -W 1 10.9.12.0
ip -n r2 route add unreachable 172.31.99.0/24
ip netns exec pc ping -c 1 -W 1 172.31.99.1
ip netns exec pc ping -c 1 -W 1 172.30.0.1
ip -n r3 route get 172.30.0.1 from 192.168.100.10 iif down0
ip -n r2 -j route get 172.31.5.5 from 192.168.100.10 iif down0
ip netns exec r2 sysctl -w net.ipv4.ip_forward=0
ip netns exec pc ping -c 1 -W 1 172.31.5.5
ip netns exec pc ping -c 1 -W 1 10.9.12.1
ip netns exec pc ping -c 1 -W 1 10.9.23.0
ip -n r2 route get 172.31.5.5 from 192.168.100.10 iif down0
