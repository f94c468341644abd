# More iptables mistakes: missing arguments, wrong tables for targets, options in the wrong place, user chains in nat
ip netns add fwy
ip netns exec fwy iptables -P INPUT
ip netns exec fwy iptables -P
ip netns exec fwy iptables -D INPUT
ip netns exec fwy iptables -I
ip netns exec fwy iptables -A INPUT -s
ip netns exec fwy iptables -A INPUT -p
ip netns exec fwy iptables -A INPUT -i
ip netns exec fwy iptables -A INPUT -j REJECT --reject-with
ip netns exec fwy iptables -A INPUT -p tcp --dport
ip netns exec fwy iptables -A INPUT -p tcp --dport abc -j ACCEPT
ip netns exec fwy iptables -A INPUT -p tcp --dport 0 -j ACCEPT
ip netns exec fwy iptables -A INPUT -p tcp --dport 80:70 -j ACCEPT
ip netns exec fwy iptables -A INPUT -p icmp --icmp-type 300 -j ACCEPT
ip netns exec fwy iptables -A INPUT -d 192.168.1 -j ACCEPT
ip netns exec fwy iptables -A INPUT -s 10.1.2.3,10.1.2.4 -j DROP
ip netns exec fwy iptables -A INPUT ! -s 10.0.0.0/8 -p tcp ! --dport 22 -j DROP
ip netns exec fwy iptables -A INPUT -s ! 10.0.0.0/8 -j DROP
ip netns exec fwy iptables -A INPUT -j DROP -j ACCEPT
ip netns exec fwy iptables -A INPUT -p tcp -p udp -j DROP
ip netns exec fwy iptables -A INPUT -m conntrack --ctstate NEW,established -j ACCEPT
ip netns exec fwy iptables -A INPUT -m state --state INVALID -j DROP
ip netns exec fwy iptables -A OUTPUT -j MASQUERADE
ip netns exec fwy iptables -t nat -A OUTPUT -j MASQUERADE
ip netns exec fwy iptables -t nat -A POSTROUTING -j DNAT --to-destination 10.0.0.1
ip netns exec fwy iptables -t nat -A INPUT -j REDIRECT
ip netns exec fwy iptables -t nat -A PREROUTING -j DROP
ip netns exec fwy iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
ip netns exec fwy iptables -t nat -A PREROUTING -p tcp --dport 81 -j DNAT --to-destination :8081
ip netns exec fwy iptables -t nat -A PREROUTING -p tcp --dport 82 -j DNAT --to-destination 10.0.0.1-10.0.0.3
ip netns exec fwy iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1:80
ip netns exec fwy iptables -t nat -N WEB
ip netns exec fwy iptables -t nat -A WEB -j MASQUERADE
ip netns exec fwy iptables -t nat -A WEB -p tcp -j DNAT --to-destination 10.0.0.9:80
ip netns exec fwy iptables -t nat -A WEB -j ACCEPT
ip netns exec fwy iptables -t nat -I PREROUTING -j WEB
ip netns exec fwy iptables -t nat -A OUTPUT -j WEB
ip netns exec fwy iptables -A INPUT -j WEB
ip netns exec fwy iptables -t nat -L -n --line-numbers
ip netns exec fwy iptables -t nat -S WEB
ip netns exec fwy iptables -t nat -L WEB
ip netns exec fwy iptables -S
ip netns exec fwy iptables -t nat -F
ip netns exec fwy iptables -t nat -X
ip netns exec fwy iptables -t nat -L -n
ip netns exec fwy iptables -t nat -P PREROUTING DROP
ip netns exec fwy iptables -t nat -P POSTROUTING ACCEPT
ip netns exec fwy iptables -t nat -L POSTROUTING -v
ip netns exec fwy iptables -L INPUT --line-numbers -n -v
ip netns exec fwy iptables -L INPUT 3
ip netns exec fwy iptables -D INPUT 2
ip netns exec fwy iptables -D INPUT 3
ip netns exec fwy iptables -R INPUT 1 -s 10.9.9.9 -j ACCEPT
ip netns exec fwy iptables -C INPUT -s 10.9.9.9 -j ACCEPT
ip netns exec fwy iptables -C INPUT -s 10.9.9.9/32 -j DROP
ip netns exec fwy iptables -S INPUT
ip netns exec fwy iptables -I INPUT 2 -s 10.5.5.1,10.5.5.2 -d 10.6.6.1,10.6.6.2 -j ACCEPT
ip netns exec fwy iptables -R INPUT 1 -s 10.1.1.1,10.1.1.2 -j ACCEPT
ip netns exec fwy iptables -D INPUT -s 10.5.5.1,10.5.5.2 -d 10.6.6.1 -j ACCEPT
ip netns exec fwy iptables -A INPUT -s 10.1/16 -d 172.16 -j DROP
ip netns exec fwy iptables -L INPUT -n --line-numbers
ip netns exec fwy iptables -t nat -N FRONT
ip netns exec fwy iptables -t nat -A FRONT -p tcp -j DNAT --to-destination 10.0.0.9:80
ip netns exec fwy iptables -t nat -A PREROUTING -j FRONT
ip netns exec fwy iptables -t nat -A FRONT -j MASQUERADE
ip netns exec fwy iptables -t nat -A FRONT -j SNAT --to-source 10.0.0.1
ip netns exec fwy iptables -t nat -N BACK
ip netns exec fwy iptables -t nat -A BACK -j MASQUERADE
ip netns exec fwy iptables -t nat -A FRONT -j BACK
ip netns exec fwy iptables -t nat -A POSTROUTING -j BACK
ip netns exec fwy iptables -t nat -A BACK -j RETURN
ip netns exec fwy iptables -t nat -S
ip netns exec fwy iptables -N SOMEWHERE
ip netns exec fwy iptables -A SOMEWHERE -j REJECT
ip netns exec fwy iptables -t mangle -A PREROUTING -j REJECT
ip netns exec fwy iptables -t mangle -A FORWARD -p tcp -j REJECT --reject-with tcp-reset
ip netns exec fwy iptables -t mangle -S
