# Which redirects a host takes: accept_redirects (a host needs it on all OR the device, a forwarding host on all AND the device; ip_forward=1 turns all off), and with shared_media off, secure_redirects wants the new gateway to be a gateway of ours already
ip netns add rga
ip netns add rgr
ip netns add rgb
ip netns add rgsw
ip -n rgsw link add br0 type bridge
ip -n rgsw link set br0 up
ip -n rgsw link add pa type veth peer name eth0 netns rga
ip -n rgsw link add pr type veth peer name eth0 netns rgr
ip -n rgsw link add pb type veth peer name eth0 netns rgb
ip -n rgsw link set pa master br0
ip -n rgsw link set pr master br0
ip -n rgsw link set pb master br0
ip -n rgsw link set pa up
ip -n rgsw link set pr up
ip -n rgsw link set pb up
ip -n rga addr add 10.0.0.1/24 dev eth0
ip -n rgr addr add 10.0.0.2/24 dev eth0
ip -n rgb addr add 10.0.0.3/24 dev eth0
ip -n rga link set eth0 up
ip -n rgr link set eth0 up
ip -n rgb link set eth0 up
ip netns exec rgr sysctl -w net.ipv4.ip_forward=1
ip netns exec rga ping -c 1 -W 1 10.0.0.3
ip -n rga route add 10.0.0.3/32 via 10.0.0.2
ip netns exec rga sysctl -w net.ipv4.conf.all.accept_redirects=0
ip netns exec rga sysctl -w net.ipv4.conf.eth0.accept_redirects=0
ip netns exec rga ping -c 1 -W 1 10.0.0.3
ip -n rga route get 10.0.0.3
ip netns exec rga sysctl -w net.ipv4.conf.eth0.accept_redirects=1
sleep 1
ip netns exec rga ping -c 1 -W 1 10.0.0.3
sleep 1
ip -n rga route get 10.0.0.3
ip -n rga route del 10.0.0.3/32
ip -n rga route add 10.0.0.3/32 via 10.0.0.2
ip netns exec rga sysctl -w net.ipv4.ip_forward=1
ip netns exec rga sysctl net.ipv4.conf.all.accept_redirects
sleep 1
ip netns exec rga ping -c 1 -W 1 10.0.0.3
ip -n rga route get 10.0.0.3
ip netns exec rga sysctl -w net.ipv4.conf.all.accept_redirects=1
sleep 1
ip netns exec rga ping -c 1 -W 1 10.0.0.3
sleep 1
ip -n rga route get 10.0.0.3
ip -n rga route get 10.0.0.3 from 10.0.0.5 iif eth0
ip -n rga -j route get 10.0.0.3 from 10.0.0.5 iif eth0
ip netns exec rga sysctl -w net.ipv4.ip_forward=0
ip netns exec rga sysctl net.ipv4.conf.all.accept_redirects
ip -n rga route del 10.0.0.3/32
ip -n rga route add 10.0.0.3/32 via 10.0.0.2
ip netns exec rga sysctl -w net.ipv4.conf.all.shared_media=0
ip netns exec rga sysctl -w net.ipv4.conf.eth0.shared_media=0
sleep 1
ip netns exec rga ping -c 1 -W 1 10.0.0.3
ip -n rga route get 10.0.0.3
ip -n rga route add 10.0.0.9/32 via 10.0.0.3
sleep 1
ip netns exec rga ping -c 1 -W 1 10.0.0.3
sleep 1
ip -n rga route get 10.0.0.3
ip -n rga route show table all cache
