"""The net.ipv4 sysctls of a fresh network namespace, as Linux 6.18 shows them.

Read with ``sysctl -a`` inside a new namespace on the recording machine.  Keys whose value
depends on the machine (its memory: hash sizes, tcp_rmem/tcp_wmem, backlog limits; its loaded
congestion-control modules) are left out.  ``kernel_model`` starts every namespace from these;
only the ones the model acts on change its behaviour (ip_forward, forwarding, rp_filter,
proxy_arp, send_redirects, icmp_echo_ignore_*, ip_default_ttl, the neighbour timers...).
"""

# net.ipv4.* outside conf/ and neigh/
NET_IPV4 = {
    "net.ipv4.fib_multipath_hash_fields": "7", "net.ipv4.fib_multipath_hash_policy": "0",
    "net.ipv4.fib_multipath_use_neigh": "0", "net.ipv4.fib_notify_on_flag_change": "0",
    "net.ipv4.fwmark_reflect": "0", "net.ipv4.icmp_echo_enable_probe": "0",
    "net.ipv4.icmp_echo_ignore_all": "0", "net.ipv4.icmp_echo_ignore_broadcasts": "1",
    "net.ipv4.icmp_errors_use_inbound_ifaddr": "0",
    "net.ipv4.icmp_ignore_bogus_error_responses": "1", "net.ipv4.icmp_msgs_burst": "50",
    "net.ipv4.icmp_msgs_per_sec": "1000", "net.ipv4.icmp_ratelimit": "1000",
    "net.ipv4.icmp_ratemask": "6168", "net.ipv4.igmp_link_local_mcast_reports": "1",
    "net.ipv4.igmp_max_memberships": "20", "net.ipv4.igmp_max_msf": "10",
    "net.ipv4.igmp_qrv": "2", "net.ipv4.ip_autobind_reuse": "0", "net.ipv4.ip_default_ttl": "64",
    "net.ipv4.ip_dynaddr": "0", "net.ipv4.ip_early_demux": "1", "net.ipv4.ip_forward": "0",
    "net.ipv4.ip_forward_update_priority": "1", "net.ipv4.ip_forward_use_pmtu": "0",
    "net.ipv4.ip_local_port_range": "32768\t60999", "net.ipv4.ip_no_pmtu_disc": "0",
    "net.ipv4.ip_nonlocal_bind": "0", "net.ipv4.ip_unprivileged_port_start": "1024",
    "net.ipv4.ipfrag_high_thresh": "4194304", "net.ipv4.ipfrag_low_thresh": "3145728",
    "net.ipv4.ipfrag_max_dist": "64", "net.ipv4.ipfrag_time": "30",
    "net.ipv4.nexthop_compat_mode": "1", "net.ipv4.ping_group_range": "1\t0",
    "net.ipv4.raw_l3mdev_accept": "1", "net.ipv4.route.min_adv_mss": "256",
    "net.ipv4.route.min_pmtu": "552", "net.ipv4.route.mtu_expires": "600",
    "net.ipv4.tcp_abort_on_overflow": "0", "net.ipv4.tcp_adv_win_scale": "1",
    "net.ipv4.tcp_app_win": "31", "net.ipv4.tcp_autocorking": "1",
    "net.ipv4.tcp_backlog_ack_defer": "1", "net.ipv4.tcp_base_mss": "1024",
    "net.ipv4.tcp_challenge_ack_limit": "2147483647",
    "net.ipv4.tcp_comp_sack_delay_ns": "1000000", "net.ipv4.tcp_comp_sack_nr": "44",
    "net.ipv4.tcp_comp_sack_slack_ns": "100000", "net.ipv4.tcp_dsack": "1",
    "net.ipv4.tcp_early_demux": "1", "net.ipv4.tcp_early_retrans": "3", "net.ipv4.tcp_ecn": "2",
    "net.ipv4.tcp_ecn_fallback": "1", "net.ipv4.tcp_ecn_option": "2",
    "net.ipv4.tcp_ecn_option_beacon": "3", "net.ipv4.tcp_fack": "0", "net.ipv4.tcp_fastopen": "1",
    "net.ipv4.tcp_fastopen_blackhole_timeout_sec": "0", "net.ipv4.tcp_fin_timeout": "60",
    "net.ipv4.tcp_frto": "2", "net.ipv4.tcp_fwmark_accept": "0",
    "net.ipv4.tcp_invalid_ratelimit": "500", "net.ipv4.tcp_keepalive_intvl": "75",
    "net.ipv4.tcp_keepalive_probes": "9", "net.ipv4.tcp_keepalive_time": "7200",
    "net.ipv4.tcp_l3mdev_accept": "0", "net.ipv4.tcp_limit_output_bytes": "4194304",
    "net.ipv4.tcp_max_reordering": "300", "net.ipv4.tcp_migrate_req": "0",
    "net.ipv4.tcp_min_rtt_wlen": "300", "net.ipv4.tcp_min_snd_mss": "48",
    "net.ipv4.tcp_min_tso_segs": "2", "net.ipv4.tcp_moderate_rcvbuf": "1",
    "net.ipv4.tcp_mtu_probe_floor": "48", "net.ipv4.tcp_mtu_probing": "0",
    "net.ipv4.tcp_no_metrics_save": "0", "net.ipv4.tcp_no_ssthresh_metrics_save": "1",
    "net.ipv4.tcp_notsent_lowat": "4294967295", "net.ipv4.tcp_orphan_retries": "0",
    "net.ipv4.tcp_pacing_ca_ratio": "120", "net.ipv4.tcp_pacing_ss_ratio": "200",
    "net.ipv4.tcp_pingpong_thresh": "1", "net.ipv4.tcp_plb_cong_thresh": "128",
    "net.ipv4.tcp_plb_enabled": "0", "net.ipv4.tcp_plb_idle_rehash_rounds": "3",
    "net.ipv4.tcp_plb_rehash_rounds": "12", "net.ipv4.tcp_plb_suspend_rto_sec": "60",
    "net.ipv4.tcp_probe_interval": "600", "net.ipv4.tcp_probe_threshold": "8",
    "net.ipv4.tcp_recovery": "1", "net.ipv4.tcp_reflect_tos": "0", "net.ipv4.tcp_reordering": "3",
    "net.ipv4.tcp_retrans_collapse": "1", "net.ipv4.tcp_retries1": "3",
    "net.ipv4.tcp_retries2": "15", "net.ipv4.tcp_rfc1337": "0",
    "net.ipv4.tcp_rto_max_ms": "120000", "net.ipv4.tcp_rto_min_us": "200000",
    "net.ipv4.tcp_sack": "1", "net.ipv4.tcp_shrink_window": "0",
    "net.ipv4.tcp_slow_start_after_idle": "1", "net.ipv4.tcp_stdurg": "0",
    "net.ipv4.tcp_syn_linear_timeouts": "4", "net.ipv4.tcp_syn_retries": "6",
    "net.ipv4.tcp_synack_retries": "5", "net.ipv4.tcp_syncookies": "1",
    "net.ipv4.tcp_thin_linear_timeouts": "0", "net.ipv4.tcp_timestamps": "1",
    "net.ipv4.tcp_tso_rtt_log": "9", "net.ipv4.tcp_tso_win_divisor": "3",
    "net.ipv4.tcp_tw_reuse": "2", "net.ipv4.tcp_tw_reuse_delay": "1000",
    "net.ipv4.tcp_window_scaling": "1", "net.ipv4.tcp_workaround_signed_windows": "0",
    "net.ipv4.udp_early_demux": "1", "net.ipv4.udp_l3mdev_accept": "0",
    "net.ipv4.udp_rmem_min": "4096", "net.ipv4.udp_wmem_min": "4096",
    "net.ipv4.xfrm4_gc_thresh": "32768",
}

# net.ipv4.conf.default.* -- what a new device starts with (conf/all differs in
# accept_source_route, lo in disable_policy and disable_xfrm)
CONF = {
    "accept_local": "0", "accept_redirects": "1", "accept_source_route": "1", "arp_accept": "0",
    "arp_announce": "0", "arp_evict_nocarrier": "1", "arp_filter": "0", "arp_ignore": "0",
    "arp_notify": "0", "bc_forwarding": "0", "bootp_relay": "0", "disable_policy": "0",
    "disable_xfrm": "0", "drop_gratuitous_arp": "0", "drop_unicast_in_l2_multicast": "0",
    "force_igmp_version": "0", "forwarding": "0", "igmpv2_unsolicited_report_interval": "10000",
    "igmpv3_unsolicited_report_interval": "1000", "ignore_routes_with_linkdown": "0",
    "log_martians": "0", "mc_forwarding": "0", "medium_id": "0", "promote_secondaries": "0",
    "proxy_arp": "0", "proxy_arp_pvlan": "0", "route_localnet": "0", "rp_filter": "0",
    "secure_redirects": "1", "send_redirects": "1", "shared_media": "1", "src_valid_mark": "0",
    "tag": "0",
}
CONF_ALL = {"accept_source_route": "0"}
CONF_LO = {"disable_policy": "1", "disable_xfrm": "1"}

# net.ipv4.neigh.<dev>.* -- every device's copy of the ARP table's parameters (a namespace
# other than the first has no net.ipv4.neigh.default)
NEIGH = {
    "anycast_delay": "100", "app_solicit": "0", "base_reachable_time_ms": "30000",
    "delay_first_probe_time": "5", "gc_stale_time": "60", "interval_probe_time_ms": "5000",
    "locktime": "100", "mcast_resolicit": "0", "mcast_solicit": "3", "proxy_delay": "80",
    "proxy_qlen": "64", "retrans_time_ms": "1000", "ucast_solicit": "3", "unres_qlen": "101",
    "unres_qlen_bytes": "212992",
}
