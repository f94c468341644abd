# Short and wrong object and verb names across ip objects, missing arguments, wrong devices
ip netns add ov
ip -n ov link add o0 type veth peer name o1
ip -n ov l
ip -n ov li sh o0
ip -n ov a
ip -n ov addr s o1
ip -n ov r
ip -n ov ro sh
ip -n ov rou
ip -n ov n
ip -n ov neig
ip -n ov ru
ip -n ov rul sh
ip -n ov lnk
ip -n ov addres show
ip -n ov adress show
ip -n ov link shwo
ip -n ov addr ls
ip -n ov route lst
ip -n ov neigh ls
ip -n ov route add 10.8.0.0/24 dev
ip -n ov route add default via
ip -n ov neigh add 10.8.0.9 lladdr 02:00:00:00:00:09
ip -n ov neigh add 10.8.0.9 lladdr 02:00:00:00:00:09 dev nosuch
ip -n ov addr add 10.8.0.1/24 dev o0 dev
ip -n ov link set o0 up dev o1
ip -n ov -j link show dev o0
ip -n ov -j -4 -j addr show
ip -n ov help
