"""The trace checkers themselves: they match in order, and they fail when they should."""
import pytest
from checkers import assert_no, assert_path, delivered_to, dropped, events, func, via
from labutil import two_hosts


def test_checkers_match_in_order_and_fail_out_of_order():
    t = two_hosts().ping("a", "10.0.0.2")
    steps = assert_path(t, func("arp_send", ns="a"), via("eth0", ns="b"), delivered_to("b", "echo"))
    assert steps[0].func == "arp_send" and steps[2].kind == "delivered"
    with pytest.raises(AssertionError, match="no event matches"):
        assert_path(t, delivered_to("a", "ping socket"), func("arp_send", ns="a"))
    with pytest.raises(AssertionError):
        assert_path(t, dropped("NEIGH_FAILED"))
    with pytest.raises(AssertionError):
        assert_no(t, func("icmp_echo"))
    assert_no(t, func("ip_forward"))


def test_events_put_each_disposition_right_after_its_step():
    t = two_hosts().ping("a", "10.0.0.2")
    evs = events(t)
    assert len(evs) == len(t.steps) + len(t.dispositions)
    for i, e in enumerate(evs):
        if not hasattr(e, "func"):
            before = evs[i - 1]
            assert before.func == e.where and before.skb == e.skb
