# Link flags a tutorial toggles: promisc, allmulticast, multicast, arp; alias; txqueuelen
ip netns add fl1
ip netns add fl2
ip -n fl1 link add v0 type veth peer name v1 netns fl2
ip -n fl1 link set v0 promisc on
ip -n fl1 link set v0 allmulticast on
ip -n fl1 -j link show v0
ip -n fl1 link show v0
ip -n fl1 link set v0 multicast off
ip -n fl1 link set v0 up
ip -n fl1 link show v0
ip -n fl1 link set v0 promisc off multicast on
ip -n fl1 link set v0 alias uplink-to-fl2
ip -n fl1 link show v0
ip -n fl1 -j link show v0
ip -n fl1 link set v0 txqueuelen 500
ip -n fl1 link show v0
ip -n fl2 link set v1 arp off
ip -n fl2 link show v1
ip -n fl2 link set v1 arp on
ip -n fl2 link set v1 promisc yes
ip -n fl2 link set v1 arp
ip -n fl2 link set v1 up
ip -n fl1 addr add 10.71.0.1/24 dev v0
ip -n fl2 addr add 10.71.0.2/24 dev v1
ip netns exec fl1 ping -c 1 -W 1 10.71.0.2
ip -n fl1 link show
