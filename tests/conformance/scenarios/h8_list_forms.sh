# How iptables prints rules: names vs -n, -v, -x, --line-numbers, combined and long options, -S of one rule
ip netns add lst
ip netns exec lst iptables -N TCP-IN
ip netns exec lst iptables -N UDP-IN
ip netns exec lst iptables -A INPUT -i lo -j ACCEPT
ip netns exec lst iptables -A INPUT -s 127.0.0.1 -d 127.0.0.0/8 -j ACCEPT
ip netns exec lst iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec lst iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec lst iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec lst iptables -A INPUT -p icmp --icmp-type 3/4 -j ACCEPT
ip netns exec lst iptables -A INPUT -p icmp --icmp-type any -j ACCEPT
ip netns exec lst iptables -A INPUT -p udp -m conntrack --ctstate NEW -j UDP-IN
ip netns exec lst iptables -A INPUT -p tcp --syn -m conntrack --ctstate NEW -j TCP-IN
ip netns exec lst iptables -A INPUT -p tcp --tcp-flags SYN,ACK,FIN,RST RST -j DROP
ip netns exec lst iptables -A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable
ip netns exec lst iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
ip netns exec lst iptables -A INPUT -j REJECT --reject-with icmp-proto-unreachable
ip netns exec lst iptables -A TCP-IN -p tcp --dport 22 -j ACCEPT
ip netns exec lst iptables -A TCP-IN -p tcp -m multiport --dports 80,443 -j ACCEPT
ip netns exec lst iptables -A TCP-IN -p tcp --sport 1024:65535 --dport 8000:8999 -j ACCEPT
ip netns exec lst iptables -A UDP-IN -p udp --dport 53 -j ACCEPT
ip netns exec lst iptables -A UDP-IN -p udp --sport 67:68 --dport 67:68 -j ACCEPT
ip netns exec lst iptables -A UDP-IN -p udp -m multiport --sports 123,514 -j ACCEPT
ip netns exec lst iptables -A OUTPUT -o eth+ -p tcp ! --dport 25 -j ACCEPT
ip netns exec lst iptables -A OUTPUT ! -o lo -m addrtype --src-type LOCAL -j ACCEPT
ip netns exec lst iptables -A OUTPUT -j LOG
ip netns exec lst iptables -A OUTPUT -j LOG --log-prefix "out: " --log-level debug
ip netns exec lst iptables -A FORWARD -m state --state NEW,ESTABLISHED -m comment --comment "allow new" -j ACCEPT
ip netns exec lst iptables -A FORWARD ! -p tcp -j RETURN
ip netns exec lst iptables -A FORWARD -g TCP-IN
ip netns exec lst iptables -L
ip netns exec lst iptables -nL
ip netns exec lst iptables -nvL INPUT
ip netns exec lst iptables -L UDP-IN -n -x
ip netns exec lst iptables -vnxL TCP-IN --line-numbers
ip netns exec lst iptables --list OUTPUT --numeric --verbose
ip netns exec lst iptables -S
ip netns exec lst iptables -S INPUT 11
ip netns exec lst iptables -S TCP-IN 3
ip netns exec lst iptables --delete INPUT 2
ip netns exec lst iptables --insert OUTPUT 2 --protocol icmp --jump DROP
ip netns exec lst iptables --replace OUTPUT 1 --out-interface eth+ --protocol tcp --destination-port 587 --jump ACCEPT
ip netns exec lst iptables --append FORWARD --source 10.0.0.0/8 --destination 192.168.0.0/16 --jump DROP
ip netns exec lst iptables -S OUTPUT
ip netns exec lst iptables -L FORWARD -n --line-numbers
ip netns exec lst iptables --flush UDP-IN
ip netns exec lst iptables --list-rules UDP-IN
ip netns exec lst iptables -L -n -t filter --line-numbers
