# iptables errors around chains and rules: references, built-ins, positions, targets, protocols
ip netns add fwx
ip netns exec fwx iptables -N LOGDROP
ip netns exec fwx iptables -A LOGDROP -j DROP
ip netns exec fwx iptables -A INPUT -s 10.9.0.0/16 -j LOGDROP
ip netns exec fwx iptables -X LOGDROP
ip netns exec fwx iptables -X INPUT
ip netns exec fwx iptables -N INPUT
ip netns exec fwx iptables -N LOGDROP
ip netns exec fwx iptables -E LOGDROP INPUT
ip netns exec fwx iptables -L NOPE -n
ip netns exec fwx iptables -F NOPE
ip netns exec fwx iptables -X NOPE
ip netns exec fwx iptables -P LOGDROP DROP
ip netns exec fwx iptables -P INPUT accept
ip netns exec fwx iptables -A INPUT -j accept
ip netns exec fwx iptables -A INPUT -j NOPE
ip netns exec fwx iptables -A INPUT -p udp --dport 53 -j ACCEPT
ip netns exec fwx iptables -A INPUT -p udpx -j ACCEPT
ip netns exec fwx iptables -A INPUT -p all -j ACCEPT
ip netns exec fwx iptables -A INPUT -p icmp --dport 53 -j ACCEPT
ip netns exec fwx iptables -I INPUT 0 -j ACCEPT
ip netns exec fwx iptables -D INPUT 0
ip netns exec fwx iptables -R INPUT 0 -j ACCEPT
ip netns exec fwx iptables -A
ip netns exec fwx iptables -A INPUT -j
ip netns exec fwx iptables
ip netns exec fwx iptables -L -n -v
ip netns exec fwx iptables -D INPUT -s 10.9.0.0/16 -j DROP
ip netns exec fwx iptables -D INPUT -s 10.9.0.0/16 -j LOGDROP
ip netns exec fwx iptables -D INPUT -p udp --dport 53 -j ACCEPT
ip netns exec fwx iptables -D LOGDROP 2
ip netns exec fwx iptables -D LOGDROP 1
ip netns exec fwx iptables -X LOGDROP
ip netns exec fwx iptables -A INPUT -s 10.9.0.1 -d 10.9.0.2 -j ACCEPT
ip netns exec fwx iptables -A INPUT -d 10.9.0.0/8 -j ACCEPT
ip netns exec fwx iptables -A INPUT -s 0.0.0.0/0 -j ACCEPT
ip netns exec fwx iptables -A INPUT -i lo+ -j ACCEPT
ip netns exec fwx iptables -A FORWARD -p tcp --dport 22:80 -j ACCEPT
ip netns exec fwx iptables -A FORWARD -p tcp --sport 1024: -j ACCEPT
ip netns exec fwx iptables -A FORWARD -p tcp --dport ssh -j ACCEPT
ip netns exec fwx iptables -A FORWARD -p icmp --icmp-type 8 -j ACCEPT
ip netns exec fwx iptables -A FORWARD -p TCP --dport 443 -j ACCEPT
ip netns exec fwx iptables -A FORWARD -p 17 -j DROP
ip netns exec fwx iptables -S
ip netns exec fwx iptables -L -n
ip netns exec fwx iptables -L FORWARD
ip netns exec fwx iptables -t nat -N DOCKER
ip netns exec fwx iptables -t nat -A PREROUTING -j DOCKER
ip netns exec fwx iptables -t nat -X DOCKER
ip netns exec fwx iptables -t nat -F PREROUTING
ip netns exec fwx iptables -t nat -X DOCKER
ip netns exec fwx iptables -t nat -S
ip netns exec fwx iptables -F
ip netns exec fwx iptables -L INPUT -n
ip netns exec fwx iptables -S FORWARD
