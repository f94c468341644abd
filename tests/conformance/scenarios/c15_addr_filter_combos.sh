# Address show filters combined: label globs, flags and their negations, to with and without -4
ip netns add fc
ip -n fc link add w0 type veth peer name w1
ip -n fc link set w0 up
ip -n fc addr add 10.80.0.1/24 dev w0 label w0:a
ip -n fc addr add 10.80.0.2/24 dev w0 label w0:b
ip -n fc addr add 10.81.0.1/24 dev w0
ip -n fc addr add 10.82.0.1/24 dev w1 noprefixroute
ip -n fc addr show label 'w0:*'
ip -n fc -4 addr show label w0*
ip -n fc -j addr show label w0:b
ip -n fc addr show permanent
ip -n fc -4 addr show dynamic
ip -n fc -4 addr show -secondary
ip -n fc -4 -j addr show noprefixroute
ip -n fc -4 addr show -noprefixroute dev w1
ip -n fc addr show to 10.80.0.0/16
ip -n fc addr show to 10.82.0.1
ip -n fc -4 addr show up secondary
ip -n fc -4 addr show scope global dev w0
ip -n fc -4 addr show scope all
ip -n fc -4 addr show scope bogus
ip -n fc -4 addr show to bogus
ip -n fc addr show group default
ip -n fc addr show group 7
ip -n fc -4 addr show nomaster
