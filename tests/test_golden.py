"""Golden traces: ``python -m netsim trace NAME --details --width 120`` for each canned scenario
(the Docker demo and two more), compared with tests/golden/NAME.txt.

A trace that changes on purpose is regenerated with ``pytest tests/test_golden.py
--update-golden`` and the diff of the golden file reviewed like code."""
import pytest

from netsim import cli
from netsim.scenarios import SCENARIOS

WIDTH = 120


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_golden_trace(name, golden, capsys):
    assert cli.main(["trace", name, "--details", "--width", str(WIDTH)]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    golden(name, out)


def test_json_is_the_same_trace(capsys):
    cli.main(["trace", "router", "--json"])
    import json
    d = json.loads(capsys.readouterr().out)
    _, t = SCENARIOS["router"].run()
    assert [s["func"] for s in d["steps"]] == t.funcs()
    assert d["disposition"]["kind"] == "delivered"


def test_scenarios_doctest():
    import doctest

    import netsim.scenarios
    assert doctest.testmod(netsim.scenarios).failed == 0
