# A macvlan child keeps the operstate linkwatch wrote for it, also after it moved to a container
ip netns add mvh
ip netns add mvc
ip -n mvh link add parent0 type veth peer name peer0
ip -n mvh link add mv0 link parent0 type macvlan mode bridge
ip -n mvh link add mv1 link parent0 type macvlan mode bridge
ip -n mvh link set mv1 up
ip -n mvh -j link show mv1
ip -n mvh link set mv0 netns mvc
ip -n mvc link set mv0 up
ip -n mvc -j link show mv0
ip -n mvh link set parent0 up
ip -n mvh link set peer0 up
ip -n mvc -j link show mv0
ip -n mvh -j link show mv1
ip -n mvh link set peer0 down
ip -n mvc -j link show mv0
ip -n mvh -j link show mv1
ip -n mvh link set parent0 down
ip -n mvc -j link show mv0
ip -n mvh -j link show mv1
