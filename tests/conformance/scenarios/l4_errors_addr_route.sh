# Address and route errors with a different topology
ip netns add ea
ip -n ea link add w0 type veth peer name w1
ip -n ea link set w0 up
ip -n ea link set w1 up
ip -n ea addr add 10.17.0.1/24 dev w0
ip -n ea addr add 10.17.0.256/24 dev w0
ip -n ea addr add 10.17.0.2/40 dev w0
ip -n ea addr add 10.17.0.3/-1 dev w0
ip -n ea addr add 10.17.0 dev w0
ip -n ea addr add foo dev w0
ip -n ea addr add 10.17.0.4/24 dev nosuch
ip -n ea addr add 10.17.0.4/24
ip -n ea addr del 10.17.0.9/24 dev w0
ip -n ea addr del 10.17.0.1/24 dev nosuch
ip -n ea route add 10.18.0.0/16 via 10.17.0.1
ip -n ea route add 10.18.0.0/16 via 10.19.0.1 dev w0
ip -n ea route add 10.18.0.0/16
ip -n ea route add 10.18.0.0/16 via 10.17.0.5 dev w1
ip -n ea route add 10.18.0.0/16 via 10.17.0.5 dev w1 onlink
ip -n ea route add 10.18.0.0/16 via 10.17.0.5
ip -n ea route add 10.18.0.0/16 via 10.17.0.6
ip -n ea route add 10.18.0.0/15 via 10.17.0.6
ip -n ea route add 10.18.0.0/16 via 10.17.0.300
ip -n ea route add bogus via 10.17.0.6
ip -n ea route del 10.18.0.0/16 via 10.17.0.7
ip -n ea route del 10.18.0.0/16 dev w0
ip -n ea route show
ip -n ea route get 10.99.0.1
ip -n ea route get 10.17.0.300
ip -n ea route show table local
ip -n ea route del 10.18.0.0/16
ip -n ea route del 10.18.0.0/16
ip -n ea route show
