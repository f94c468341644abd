# A server's INPUT chain: LOG, REJECT variants, DROP, multiport, -R/-I/-D and their errors
ip netns add laptop
ip netns add nas
ip -n laptop link add veth0 type veth peer name lan0 netns nas
ip -n laptop addr add 192.168.77.50/24 dev veth0
ip -n nas addr add 192.168.77.2/24 dev lan0
ip -n laptop link set veth0 up
ip -n nas link set lan0 up
ip netns exec nas nc -lk 139 &
ip netns exec nas nc -lk 445 &
ip netns exec nas nc -lk 2049 &
ip netns exec nas iptables -A INPUT -p tcp -m multiport --dports 139,445 -j LOG --log-prefix "SMB: " --log-level info
ip netns exec nas iptables -A INPUT -p tcp -m multiport --dports 139,445 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec nas iptables -A INPUT -p tcp --dport 2049 -s 192.168.77.0/25 -j DROP
ip netns exec nas iptables -A INPUT -p icmp -j REJECT --reject-with icmp-net-prohibited
ip netns exec laptop nc -zvn -w 1 192.168.77.2 139
ip netns exec laptop nc -zvn -w 1 192.168.77.2 445
ip netns exec laptop nc -zvn -w 1 192.168.77.2 2049
ip netns exec laptop nc -zvn -w 1 192.168.77.2 8080
ip netns exec laptop ping -c 1 -W 1 192.168.77.2
ip netns exec nas iptables -L INPUT -n --line-numbers
ip netns exec nas iptables -L INPUT
ip netns exec nas iptables -S INPUT
ip netns exec nas iptables -R INPUT 2 -p tcp --dport 445 -j REJECT --reject-with tcp-reset
ip netns exec nas iptables -R INPUT 7 -p tcp -j ACCEPT
ip netns exec nas iptables -R INPUT 1 -p udp -j REJECT --reject-with tcp-reset
ip netns exec nas iptables -I INPUT 9 -j ACCEPT
ip netns exec nas iptables -I INPUT 2 -s 192.168.77.50 -p tcp --dport 139 -j ACCEPT
ip netns exec laptop nc -zvn -w 1 192.168.77.2 139
ip netns exec laptop nc -zvn -w 1 192.168.77.2 445
ip netns exec nas iptables -D INPUT -p icmp -j REJECT --reject-with icmp-net-prohibited
ip netns exec nas iptables -D INPUT -p icmp -j REJECT
ip netns exec nas iptables -D INPUT 10
ip netns exec laptop ping -c 1 -W 1 192.168.77.2
ip netns exec nas iptables -A INPUT -j LOG --log-level 9
ip netns exec nas iptables -A INPUT -j REJECT --reject-with icmp-foo
ip netns exec nas iptables -A INPUT -p tcp --dport 99999 -j DROP
ip netns exec nas iptables -A INPUT -j LOG --log-tcp-sequence --log-prefix "all "
ip netns exec nas iptables -S
ip netns exec nas iptables -L INPUT -n
