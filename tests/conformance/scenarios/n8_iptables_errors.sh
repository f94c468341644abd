# iptables errors and edge cases as students meet them: tables, chains, options, targets
ip netns add fw1
ip netns exec fw1 iptables -t nat -L FOO
ip netns exec fw1 iptables -t filt -L
ip netns exec fw1 iptables -t raw -L
ip netns exec fw1 iptables -t mangle -S
ip netns exec fw1 iptables -A INPUT -p tcp --dport 22 -j ACCEPT
ip netns exec fw1 iptables -A INPUT --dport 22 -j ACCEPT
ip netns exec fw1 iptables -A INPUT -p tcp --dport 22 --dport 23 -j ACCEPT
ip netns exec fw1 iptables -A INPUT -p tcpp -j ACCEPT
ip netns exec fw1 iptables -A INPUT -s 10.0.0.0/33 -j ACCEPT
ip netns exec fw1 iptables -A INPUT -s 10.0.0.300 -j ACCEPT
ip netns exec fw1 iptables -A INPUT -j NOSUCHCHAIN
ip netns exec fw1 iptables -A NOSUCHCHAIN -j ACCEPT
ip netns exec fw1 iptables -A INPUT -o eth0 -j ACCEPT
ip netns exec fw1 iptables -A OUTPUT -i eth0 -j ACCEPT
ip netns exec fw1 iptables -A FORWARD -i eth0 -o eth1 -s 10.1.0.0/16 -d 10.2.0.0/16 -j DROP
ip netns exec fw1 iptables -A FORWARD ! -i eth0 ! -s 10.1.0.0/16 -j DROP
ip netns exec fw1 iptables -A FORWARD -i averyveryverylongname -j DROP
ip netns exec fw1 iptables -P FORWARD REJECT
ip netns exec fw1 iptables -P FOO DROP
ip netns exec fw1 iptables -P FORWARD DROP
ip netns exec fw1 iptables -N mychain
ip netns exec fw1 iptables -N mychain
ip netns exec fw1 iptables -N -bad
ip netns exec fw1 iptables -N a-chain-name-that-is-way-too-long-for-it
ip netns exec fw1 iptables -A mychain -p udp --sport 53 -j RETURN
ip netns exec fw1 iptables -A mychain -p udp -m udp --dport 1000:2000 -j ACCEPT
ip netns exec fw1 iptables -A mychain -p icmp --icmp-type echo-reply -j ACCEPT
ip netns exec fw1 iptables -A mychain -p icmp --icmp-type 3/4 -j ACCEPT
ip netns exec fw1 iptables -A mychain -p icmp --icmp-type bogus -j ACCEPT
ip netns exec fw1 iptables -A INPUT -j mychain
ip netns exec fw1 iptables -X mychain
ip netns exec fw1 iptables -I INPUT 5 -j ACCEPT
ip netns exec fw1 iptables -D INPUT 7
ip netns exec fw1 iptables -D INPUT -p tcp --dport 23 -j ACCEPT
ip netns exec fw1 iptables -A INPUT -j REJECT --reject-with tcp-reset
ip netns exec fw1 iptables -t nat -A POSTROUTING -j REJECT
ip netns exec fw1 iptables -t nat -A PREROUTING -p tcp -j DNAT
ip netns exec fw1 iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:80:90
ip netns exec fw1 iptables -L -A INPUT
ip netns exec fw1 iptables -A INPUT -j ACCEPT extra
ip netns exec fw1 iptables -L INPUT 9
ip netns exec fw1 iptables -L INPUT 1 --line-numbers
ip netns exec fw1 iptables -S INPUT 2
ip netns exec fw1 iptables -S
ip netns exec fw1 iptables -L
ip netns exec fw1 iptables -L -n -v --line-numbers
ip netns exec fw1 iptables -F
ip netns exec fw1 iptables -X
ip netns exec fw1 iptables -S
