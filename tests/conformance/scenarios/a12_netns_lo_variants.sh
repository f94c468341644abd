# Loopback variants: lo MTU, lo address scopes, lo down with addresses, several namespaces alike
ip netns add la
ip netns add lb
ip -n la link set lo mtu 1500
ip -n la link set lo up
ip -n la -j link show lo
ip -n la link show dev lo
ip -n la addr add 10.30.30.30/32 dev lo scope global
ip -n la addr add 127.10.0.1/16 dev lo
ip -n la addr show lo
ip -n la route show table local
ip netns exec la ping -c 1 -W 1 127.10.200.1
ip netns exec la ping -c 1 -W 1 127.11.0.1
ip -n la route get 127.10.200.1
ip -n la route get 127.11.0.1
ip -n la link set lo mtu 100
ip -n la link set lo mtu 65536
ip -n la link set lo down
ip -n la -4 addr show
ip -n la route show table local
ip -n la route get 10.30.30.30
ip -n lb route get 127.0.0.1
ip -n lb link set lo up
ip -n lb route get 127.0.0.1
ip -n lb -j route get 10.30.30.30
ip netns exec lb ping -c 3 -W 1 127.0.0.1
ip -n lb link set lo mtu 10
ip -n lb -4 addr show
ip -n lb link set lo mtu 65536
ip -n lb route show table local
ip -n lb -j route show table local
ip netns exec lb ping -c 1 -W 1 127.0.0.1
ip -n lb route get 127.0.0.1
ip netns del la
ip -n la link show
ip -n lb -j link show
