# bridge tool: filters on non-bridges and missing devices, abbreviations and misspellings
ip netns add eb
ip -n eb link add br0 type bridge
ip -n eb link add p0 type veth peer name p1
ip -n eb link set p0 master br0
bridge -n eb -j link show
bridge -n eb -j link
bridge -n eb -j fdb show br p1
bridge -n eb -j fdb show dev nosuch
bridge -n eb -j fdb show br br0 dev p0
bridge -n eb -j fdb sho br br0
bridge -n eb -j lnk show
bridge -n eb -j fdb shw
bridge -n eb -j link show dev p0
bridge -n eb -j link show dev p1
bridge -n nothere -j link show
bridge -n eb link show
