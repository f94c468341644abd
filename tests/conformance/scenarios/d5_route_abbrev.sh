# iproute2 abbreviations and show filters for routes
ip netns add ab
ip netns add cd
ip -n ab l add p0 type veth peer name p1 netns cd
ip -n ab a add 192.168.9.1/24 dev p0
ip -n ab l set p0 up
ip -n cd l set p1 up
ip -n ab r add 10.33.0.0/16 via 192.168.9.2
ip -n ab ro add 10.34.0.0/16 dev p0
ip -n ab rou add 10.35.0.0/16 via 192.168.9.3 metric 7
ip -n ab r
ip -n ab r sh
ip -n ab route list
ip -n ab route show dev p0
ip -n ab route show 10.34.0.0/16
ip -n ab route show 10.34.0.0/24
ip -n ab -j r s 10.33.0.0/16
ip -n ab route g 10.34.1.1
ip -n ab r get 10.35.8.8
ip -n ab route get to 10.33.0.1
ip -n ab route delete 10.34.0.0/16
ip -n ab r del 10.35.0.0/16
ip -n ab r
