# Name errors: 16-character names, duplicates, renames, unknown kinds and objects
ip netns add err
ip -n err link add abcdefghijklmno type veth peer name p1
ip -n err link add abcdefghijklmnop type veth peer name p2
ip -n err link add q0 type veth peer name abcdefghijklmnop
ip -n err link add q0 type veth peer name abcdefghijklmno
ip -n err link add q1 type veth peer name p1
ip -n err link add br0 type bridge
ip -n err link add br0 type bridge
ip -n err link add br1 type brige
ip -n err link add br1 type
ip -n err link set abcdefghijklmno name p1
ip -n err link set abcdefghijklmno name abcdefghijklmnopq
ip -n err link set abcdefghijklmno name s1
ip -n err link set nosuch name s2
ip -n err link show nosuch
ip -n err -j link show nosuch
ip -n err link del nosuch
ip -n err link delete br0
ip -n err link delete br0
ip -n err link set s1 master nosuchbr
ip -n err link set nosuch master br1
ip -n err -j link show
ip -n err lnk show
ip -n err link shw
ip -n err lin sh s1
ip -n err addrr show
ip -n err route sho
ip -n err link sett s1 up
