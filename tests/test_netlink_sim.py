"""The rtnetlink socket over the simulator (netsim/netlink): encoding round trips, and one
unchanged pyroute2 script run against the simulator and against a real namespace (``nl-...``,
as root; marked ``kernel``) with the same results: names, flags, addresses, routes, route get,
neighbours, rules, and the errno of every refused request.
"""
import errno
import os
import subprocess
import sys
from ipaddress import IPv4Address

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netsim.lab import Lab
from netsim.netlink import wire as w
from netsim.netlink.af_netlink import RtnlSocket

pyroute2 = pytest.importorskip("pyroute2")
from pyroute2.netlink.exceptions import NetlinkError  # noqa: E402


# ----------------------------------------------------------------------------- encoding
_attr = st.builds(w.Attr, st.integers(1, 0x3FFF), st.binary(max_size=40))
_headers = st.one_of(
    st.builds(w.IfInfoMsg, st.integers(0, 255), st.integers(0, 0xFFFF),
              st.integers(-2**31, 2**31 - 1), st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)),
    st.builds(w.IfAddrMsg, st.integers(0, 255), st.integers(0, 32), st.integers(0, 255),
              st.integers(0, 255), st.integers(0, 2**32 - 1)),
    st.builds(w.RtMsg, *[st.integers(0, 255)] * 8, st.integers(0, 2**32 - 1)),
    st.builds(w.NdMsg, st.integers(0, 255), st.integers(0, 2**31 - 1), st.integers(0, 0xFFFF),
              st.integers(0, 255), st.integers(0, 255)),
    st.builds(w.FibRuleHdr, *[st.integers(0, 255)] * 8, st.integers(0, 2**32 - 1)))
_TYPES = {w.IfInfoMsg: w.RTM_NEWLINK, w.IfAddrMsg: w.RTM_NEWADDR, w.RtMsg: w.RTM_NEWROUTE,
          w.NdMsg: w.RTM_NEWNEIGH, w.FibRuleHdr: w.RTM_NEWRULE}


@given(_headers, st.lists(_attr, max_size=6), st.integers(0, 0xFFFF), st.integers(0, 2**32 - 1))
def test_message_round_trip(hdr, attrs, flags, seq):
    msg = w.Message(_TYPES[type(hdr)], flags, seq, 4242, hdr, attrs)
    raw = msg.emit()
    assert len(raw) % 4 == 0
    assert w.parse(raw) == [msg]
    assert w.parse(raw + raw) == [msg, msg]           # several messages in one datagram


def test_truncated_message_is_refused():
    raw = w.Message(w.RTM_GETLINK, 1, 1, 0, w.IfInfoMsg(), [w.string(w.IFLA_IFNAME, "x")]).emit()
    with pytest.raises(ValueError):
        w.parse(raw[:-4])


def _request(sock, msg):
    sock.sendto(msg.emit(), (0, 0))
    out = []
    while True:
        data = sock.recv(65536)
        if not data:
            return out
        out += w.parse(data)
        if out[-1].type in (w.NLMSG_DONE, w.NLMSG_ERROR):
            return out


def test_error_carries_errno_request_and_extack():
    lab = Lab()
    sock = RtnlSocket(lab.backend, ext_ack=True)
    req = w.Message(w.RTM_NEWADDR, w.NLM_F_REQUEST | w.NLM_F_ACK | w.NLM_F_CREATE, 9, 77,
                    w.IfAddrMsg(w.AF_INET, 24, 0, 0, 1),
                    [w.ipv4(w.IFA_LOCAL, IPv4Address("10.0.0.1"))])
    (ack,) = _request(sock, req)
    assert (ack.type, ack.seq, ack.pid) == (w.NLMSG_ERROR, 9, 77)
    assert ack.header.error == 0 and ack.tail == req.emit()[:16] and ack.flags & w.NLM_F_CAPPED
    (err,) = _request(sock, req)                       # the same address again
    assert err.header.error == -errno.EEXIST
    assert err.tail == req.emit()                      # the request, echoed whole
    assert err.flags & w.NLM_F_ACK_TLVS
    assert w.get_str(err.attr(w.NLMSGERR_ATTR_MSG)) == "ipv4: Address already assigned."


def test_dump_is_multi_then_done_and_shares_the_command_path():
    lab = Lab()
    lab.netns("c1")
    sock = RtnlSocket(lab.backend, "c1")
    for i in range(40):           # enough devices to need more than one datagram
        lab.sh(f"ip -n c1 link add b{i} type bridge")
    out = _request(sock, w.Message(w.RTM_GETLINK, w.NLM_F_REQUEST | w.NLM_F_DUMP, 3, 0,
                                   w.IfInfoMsg()))
    assert [m.type for m in out] == [w.RTM_NEWLINK] * 41 + [w.NLMSG_DONE]
    assert all(m.flags & w.NLM_F_MULTI for m in out)
    names = [w.get_str(m.attr(w.IFLA_IFNAME)) for m in out[:-1]]
    assert names == ["lo"] + [f"b{i}" for i in range(40)]
    # a change made over netlink is seen by the command layer
    req = w.Message(w.RTM_DELLINK, w.NLM_F_REQUEST | w.NLM_F_ACK, 4, 0, w.IfInfoMsg(),
                    [w.string(w.IFLA_IFNAME, "b7")])
    assert _request(sock, req)[0].header.error == 0
    assert "b7:" not in lab.sh("ip -n c1 link").stdout


def test_importing_netsim_does_not_import_pyroute2():
    code = "import sys, netsim, netsim.netlink, netsim.lab; print('pyroute2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(
                             os.path.abspath(__file__)))})
    assert out.stdout.strip() == "False", out.stderr


# ----------------------------------------------------------------------------- the script
def _errno(call):
    try:
        call()
    except NetlinkError as e:
        return e.code
    return 0


def _attr_names(msg) -> set:
    return {a[0] for a in msg["attrs"] if a[0] != "UNKNOWN"}


def script(ipr, settle=lambda ipr: None) -> dict:
    """A student's pyroute2 program; returns what it saw, without MACs and timestamps.
    ``settle(ipr)`` runs before the state is read (the kernel's linkwatch is asynchronous)."""
    ipr.link("add", ifname="v0", kind="veth", peer="v1")
    v0 = ipr.link_lookup(ifname="v0")[0]
    v1 = ipr.link_lookup(ifname="v1")[0]
    ipr.link("add", ifname="br0", kind="bridge")
    br = ipr.link_lookup(ifname="br0")[0]
    ipr.addr("add", index=v0, address="10.0.0.1", prefixlen=24)
    ipr.link("set", index=v0, state="up")
    ipr.link("set", index=v1, master=br)
    ipr.link("set", index=v1, state="up")
    ipr.link("set", index=br, state="up")
    ipr.route("add", dst="10.1.0.0/24", gateway="10.0.0.254")
    ipr.route("add", dst="10.2.0.0/16", gateway="10.0.0.253", priority=50)
    ipr.neigh("add", dst="10.0.0.7", lladdr="02:00:00:00:00:07", ifindex=v0, state=128)
    ipr.rule("add", table=100, priority=100, src="10.9.0.0", src_len=16)
    ipr.route("add", dst="0.0.0.0/0", gateway="10.0.0.9", table=100)
    settle(ipr)
    names = {x["index"]: x.get("ifname") for x in ipr.get_links()}
    links = [(x.get("ifname"), x["flags"], x.get("operstate"), x.get("mtu"), x.get("carrier"),
              x.get(("linkinfo", "kind")), names.get(x.get("link")), names.get(x.get("master")),
              x["ifi_type"], sorted(_attr_names(x)),
              sorted(_attr_names(x.get(("linkinfo", "data")) or {"attrs": []})),
              sorted(_attr_names(x.get(("linkinfo", "slave_data")) or {"attrs": []})),
              x.get(("linkinfo", "data", "br_ageing_time")),
              x.get(("linkinfo", "slave_data", "state")),
              x.get(("linkinfo", "slave_data", "learning")))
             for x in ipr.get_links()]
    addrs = [(names[a["index"]], a.get("address"), a.get("local"), a["prefixlen"], a["flags"],
              a["scope"], a.get("label"), sorted(_attr_names(a)))
             for a in ipr.get_addr(family=2)]
    routes = [(r["table"], r["type"], r["proto"], r["scope"], r["flags"], r.get("dst"),
               r["dst_len"], r.get("gateway"), r.get("prefsrc"), r.get("priority"),
               names.get(r.get("oif")), sorted(_attr_names(r)))
              for r in ipr.get_routes(family=2)]
    gets = []
    for dst, kw in (("10.1.0.5", {}), ("10.0.0.7", {}), ("10.0.0.1", {}), ("10.2.3.4", {}),
                    ("8.8.8.8", {"src": "10.9.0.1"})):
        try:
            (r,) = ipr.route("get", dst=dst, **kw)
        except NetlinkError as e:
            gets.append(("error", e.code))
            continue
        gets.append((r["table"], r["type"], r["flags"], r.get("dst"), r.get("gateway"),
                     r.get("prefsrc"), names.get(r.get("oif")),
                     sorted(_attr_names(r) - {"RTA_CACHEINFO"})))
    neigh = sorted((n.get("dst"), n.get("lladdr"), n["state"], names[n["ifindex"]])
                   for n in ipr.neigh("dump") if n["family"] == 2 and n["state"] != 0x40)
    # (NOARP entries left out, as `ip neigh` does: the kernel makes one for each multicast
    # group a device sends IGMP to, 224.0.0.22 on a bridge; the model sends no IGMP)
    rules = [(r.get("priority"), r["table"], r["action"], r["src_len"], r.get("src"))
             for r in ipr.get_rules(family=2)]
    errors = {
        "link exists": _errno(lambda: ipr.link("add", ifname="v0", kind="veth", peer="v9")),
        "route exists": _errno(lambda: ipr.route("add", dst="10.1.0.0/24",
                                                 gateway="10.0.0.254")),
        "unreachable": _errno(lambda: ipr.route("get", dst="192.168.9.9")),
        "no device": _errno(lambda: ipr.addr("add", index=999, address="10.5.0.1",
                                             prefixlen=24)),
        "get missing": _errno(lambda: ipr.link("get", index=999)),
        "route missing": _errno(lambda: ipr.route("del", dst="10.77.0.0/24",
                                                  gateway="10.0.0.254")),
        "addr missing": _errno(lambda: ipr.addr("del", index=v0, address="10.0.0.99",
                                                prefixlen=24)),
        "neigh missing": _errno(lambda: ipr.neigh("del", dst="10.0.0.99", ifindex=v0)),
        "gateway off-link": _errno(lambda: ipr.route("add", dst="10.3.0.0/24",
                                                     gateway="10.50.0.1")),
        "rule exists": _errno(lambda: ipr.rule("add", table=100, priority=100,
                                               src="10.9.0.0", src_len=16)),
        "bad master": _errno(lambda: ipr.link("set", index=v0, master=999)),
        "long name": _errno(lambda: ipr.link("add", ifname="x" * 20, kind="bridge")),
        "delete lo": _errno(lambda: ipr.link("del", index=1)),
        "unknown kind": _errno(lambda: ipr.link("add", ifname="k0", kind="nosuchkind")),
        "no such table": _errno(lambda: ipr.route("del", dst="10.1.0.0/24", table=77)),
        "rule missing": _errno(lambda: ipr.rule("del", table=100, priority=4242)),
        "neigh exists": _errno(lambda: ipr.neigh("add", dst="10.0.0.7", ifindex=v0,
                                                 lladdr="02:00:00:00:00:08", state=128)),
    }
    macs = {x.get("address"): x.get("ifname") for x in ipr.get_links()}
    fdb = [(macs.get(f.get("lladdr"), f.get("lladdr")), names[f["ifindex"]], f["flags"],
            f["state"], names.get(f.get("master"))) for f in ipr.fdb("dump")]
    errors["rename while up"] = _errno(lambda: ipr.link("set", index=v1, ifname="p1"))
    ipr.link("set", index=v1, state="down")
    ipr.link("set", index=v1, ifname="p1")
    ipr.link("set", index=br, mtu=1400)
    ipr.route("replace", dst="10.2.0.0/16", gateway="10.0.0.252", priority=50)
    ipr.route("del", dst="10.1.0.0/24", gateway="10.0.0.254")
    ipr.addr("del", index=v0, address="10.0.0.1", prefixlen=24)   # the last one: no IP
    settle(ipr)
    changed = ([(x.get("ifname"), x.get("mtu"), x.get("operstate")) for x in ipr.get_links()],
               [(r.get("dst"), r.get("gateway"), r["table"]) for r in ipr.get_routes(family=2)])
    ipr.link("del", index=v0)
    after = ([x.get("ifname") for x in ipr.get_links()],
             [(r.get("dst"), r["table"]) for r in ipr.get_routes(family=2)])
    return dict(links=links, addrs=addrs, routes=routes, gets=gets, neigh=neigh, rules=rules,
                fdb=fdb, errors=errors, changed=changed, after=after)


def _sim_wait(lab):
    """The simulator's side of _wait_for_linkwatch: let simulated time pass (0.1 s at a time,
    at most 5 s) until the operstates have settled -- linkwatch's rate-limited rounds run on
    the simulated clock as they do on the kernel's."""
    def settle(ipr):
        for _ in range(50):
            if _settled(ipr.get_links()):
                return
            lab.kernel.clock.advance(0.1)
    return settle


def run_sim() -> dict:
    lab = Lab()
    lab.netns("c1")
    ipr = lab.pyroute2("c1")
    try:
        return script(ipr, settle=_sim_wait(lab))
    finally:
        ipr.close()


def test_script_runs_against_the_simulator():
    res = run_sim()
    assert [x[0] for x in res["links"]] == ["lo", "v1", "v0", "br0"]
    assert res["links"][1][6:8] == ("v0", "br0")           # v1@v0, master br0
    assert res["errors"]["link exists"] == errno.EEXIST
    assert res["errors"]["unreachable"] == errno.ENETUNREACH
    assert res["gets"][0][4:7] == ("10.0.0.254", "10.0.0.1", "v0")
    assert res["after"][0] == ["lo", "br0"]


def _kernel_reason():
    if sys.platform != "linux":
        return "needs Linux"
    if os.geteuid() != 0:
        return "needs root (creates the network namespace nl-...)"
    return None


def _settled(links) -> bool:
    """Every up device's operstate agrees with its carrier: UP with IFF_LOWER_UP, else not UP;
    UNKNOWN only for a bridge without ports (a bridge with ports is UNKNOWN only until
    linkwatch has run)."""
    masters = {x.get("master") for x in links}
    for x in links:
        if not x["flags"] & 1 or x.get("ifname") == "lo":
            continue
        op, lower = x.get("operstate"), bool(x["flags"] & 0x10000)
        portless_bridge = x.get(("linkinfo", "kind")) == "bridge" and x["index"] not in masters
        if op == "UNKNOWN" and not (lower and portless_bridge):
            return False
        if op != "UNKNOWN" and (op == "UP") != lower:
            return False
    return True


def _wait_for_linkwatch(ipr, tries: int = 50) -> None:
    """linkwatch sets operstate some time after the carrier changes (the corpus recorder waits
    for it too): poll, at most 5 s, until the operstates have settled."""
    import time
    for _ in range(tries):
        if _settled(ipr.get_links()):
            return
        time.sleep(0.1)


@pytest.mark.kernel
@pytest.mark.skipif(_kernel_reason() is not None, reason=str(_kernel_reason()))
def test_same_results_as_the_kernel():
    name = f"nl-t{os.getpid()}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        for key in ("all", "default"):    # netsim models IPv4 only, as the corpus recorder
            subprocess.run(["ip", "netns", "exec", name, "sysctl", "-qw",
                            f"net.ipv6.conf.{key}.disable_ipv6=1"], check=True)
        ipr = pyroute2.IPRoute(netns=name)
        try:
            real = script(ipr, settle=_wait_for_linkwatch)
        finally:
            ipr.close()
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)
    sim = run_sim()
    for key in real:
        assert sim[key] == real[key], key


# ----------------------------------------------------------------------------- random sequences
_DEVS = ("v0", "p0", "v1", "p1", "b0", "b1")
_op = st.tuples(st.sampled_from(("veth", "bridge", "up", "down", "master", "nomaster", "addr",
                                 "deladdr", "route", "replace", "delroute", "neigh", "get",
                                 "dellink", "mtu", "address", "rule", "delrule", "blackhole",
                                 "rename", "delneigh", "getsrc", "tableroute", "getiif",
                                 "secondary", "metric", "append", "onlink", "macvlan",
                                 "vxlan", "flush")),
                st.sampled_from(_DEVS), st.integers(0, 3), st.sampled_from(_DEVS))


def _index(ipr, name: str) -> int:
    found = ipr.link_lookup(ifname=name)
    return found[0] if found else 999


def _step(ipr, op) -> tuple:
    """One random pyroute2 call; what it returned (a route get) or its errno."""
    k, d, x, d2 = op
    calls = {
        "veth": lambda: ipr.link("add", ifname=f"v{x % 2}", kind="veth", peer=f"p{x % 2}"),
        "bridge": lambda: ipr.link("add", ifname=f"b{x % 2}", kind="bridge"),
        "up": lambda: ipr.link("set", index=_index(ipr, d), state="up"),
        "down": lambda: ipr.link("set", index=_index(ipr, d), state="down"),
        "master": lambda: ipr.link("set", index=_index(ipr, d), master=_index(ipr, d2)),
        "nomaster": lambda: ipr.link("set", index=_index(ipr, d), master=0),
        "mtu": lambda: ipr.link("set", index=_index(ipr, d), mtu=1400 + x * 100),
        "address": lambda: ipr.link("set", index=_index(ipr, d), address=f"02:00:00:00:00:0{x}"),
        "addr": lambda: ipr.addr("add", index=_index(ipr, d), address=f"10.0.{x}.1",
                                 prefixlen=24),
        "deladdr": lambda: ipr.addr("del", index=_index(ipr, d), address=f"10.0.{x}.1",
                                    prefixlen=24),
        "route": lambda: ipr.route("add", dst=f"10.{10 + x}.0.0/16", gateway=f"10.0.{x}.254"),
        "replace": lambda: ipr.route("replace", dst=f"10.{10 + x}.0.0/16", oif=_index(ipr, d)),
        "delroute": lambda: ipr.route("del", dst=f"10.{10 + x}.0.0/16"),
        "neigh": lambda: ipr.neigh("add", dst=f"10.0.{x}.7", lladdr="02:00:00:00:00:07",
                                   ifindex=_index(ipr, d), state=128),
        "dellink": lambda: ipr.link("del", index=_index(ipr, d)),
        "rule": lambda: ipr.rule("add", table=100 + x, priority=100 + x, src=f"10.0.{x}.0",
                                 src_len=24),
        "delrule": lambda: ipr.rule("del", table=100 + x, priority=100 + x),
        "blackhole": lambda: ipr.route("add", dst=f"10.{20 + x}.0.0/16", type="blackhole"),
        "tableroute": lambda: ipr.route("add", dst="0.0.0.0/0", gateway=f"10.0.{x}.254",
                                        table=100 + x),
        "rename": lambda: ipr.link("set", index=_index(ipr, d), ifname=d2),
        "delneigh": lambda: ipr.neigh("del", dst=f"10.0.{x}.7", ifindex=_index(ipr, d)),
        "secondary": lambda: ipr.addr("add", index=_index(ipr, d), address=f"10.0.{x}.2",
                                      prefixlen=24),
        "metric": lambda: ipr.route("add", dst=f"10.{10 + x}.0.0/16", oif=_index(ipr, d),
                                    priority=10 * x),
        "append": lambda: ipr.route("append", dst=f"10.{10 + x}.0.0/16", oif=_index(ipr, d)),
        "onlink": lambda: ipr.route("add", dst=f"10.{30 + x}.0.0/16", gateway="192.168.0.1",
                                    oif=_index(ipr, d), flags=4),
        "macvlan": lambda: ipr.link("add", ifname=f"m{x % 2}", kind="macvlan",
                                    link=_index(ipr, d), macvlan_mode="bridge"),
        "vxlan": lambda: ipr.link("add", ifname=f"x{x % 2}", kind="vxlan", vxlan_id=10 + x,
                                  vxlan_port=4789),
        "flush": lambda: ipr.flush_addr(index=_index(ipr, d)),
    }
    try:
        if k in ("get", "getsrc", "getiif"):
            kw = {"src": f"10.0.{x}.1"} if k == "getsrc" else \
                {"iif": _index(ipr, d), "src": f"10.0.{x}.9"} if k == "getiif" else {}
            r = ipr.route("get", dst=f"10.{10 + x}.1.1", **kw)[0]
            return (r.get("oif"), r.get("gateway"), r.get("prefsrc"), r["type"], r["table"],
                    r["flags"], r.get("iif"))
        calls[k]()
        return (0,)
    except NetlinkError as e:
        return (e.code,)


# two veth pairs and two bridges, up, with an address each: the random calls then mostly
# meet devices that exist
_SETUP = [("veth", "", 0, ""), ("veth", "", 1, ""), ("bridge", "", 0, ""), ("bridge", "", 1, ""),
          ("up", "v0", 0, ""), ("up", "p0", 0, ""), ("up", "v1", 0, ""), ("up", "p1", 0, ""),
          ("addr", "v0", 0, ""), ("addr", "v1", 1, "")]


def run_ops(ipr, ops, settle=lambda ipr: None) -> dict:
    log = [_step(ipr, op) for op in _SETUP + list(ops)]
    settle(ipr)
    links = ipr.get_links()
    names = {x["index"]: x.get("ifname") for x in links}
    return dict(
        log=log,
        links=[(x.get("ifname"), x["flags"], x.get("operstate"), names.get(x.get("master")),
                x.get("mtu"), x.get("address") if x.get("ifname") != "lo" and
                x.get("address", "").startswith("02:00:00") else None) for x in links],
        addrs=[(names[a["index"]], a.get("local"), a["prefixlen"], a["flags"])
               for a in ipr.get_addr(family=2)],
        routes=[(r["table"], r["type"], r.get("dst"), r["dst_len"], r.get("gateway"),
                 names.get(r.get("oif")), r["flags"], r["scope"], r.get("prefsrc"))
                for r in ipr.get_routes(family=2)],
        neigh=sorted((n.get("dst"), n["state"], names[n["ifindex"]])
                     for n in ipr.neigh("dump") if n["state"] != 0x40),
        rules=[(r.get("priority"), r["table"], r["action"], r["src_len"], r.get("src"))
               for r in ipr.get_rules(family=2)])


def _run_sim_ops(ops) -> dict:
    lab = Lab()
    lab.netns("c1")
    ipr = lab.pyroute2("c1")
    try:
        return run_ops(ipr, ops, settle=_sim_wait(lab))
    finally:
        ipr.close()


@given(st.lists(_op, max_size=30))
@settings(max_examples=40, deadline=None)
def test_random_sequences_never_break_the_socket(ops):
    """Whatever the order of calls, every answer is a result or a NetlinkError (never a
    hang or another exception) and the dumps decode."""
    res = _run_sim_ops(ops)
    assert len(res["log"]) == len(_SETUP) + len(ops)


@pytest.mark.kernel
@pytest.mark.skipif(_kernel_reason() is not None, reason=str(_kernel_reason()))
@given(st.lists(_op, min_size=5, max_size=30))
@settings(max_examples=30, deadline=None, derandomize=True)
def test_random_sequences_agree_with_the_kernel(ops):
    """Random pyroute2 call sequences, on 6.x in a fresh nl- namespace and in the simulator:
    the same answers, errnos, links, addresses, routes and neighbours."""
    name = f"nl-h{os.getpid()}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        for key in ("all", "default"):
            subprocess.run(["ip", "netns", "exec", name, "sysctl", "-qw",
                            f"net.ipv6.conf.{key}.disable_ipv6=1"], check=True)
        ipr = pyroute2.IPRoute(netns=name)
        try:
            real = run_ops(ipr, ops, settle=_wait_for_linkwatch)
        finally:
            ipr.close()
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)
    assert _run_sim_ops(ops) == real
