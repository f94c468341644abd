"""The simulator against the real kernel: the conformance corpus in ../shared/conformance.

* ``test_simulator_scenario``: each public scenario is run with ``python -m netsim run --jsonl``
  and compared by the corpus's own compare.py.  Scenarios that do not pass yet are listed in
  KNOWN_FAILING (strict xfail: a scenario that starts passing must be taken off the list).
* ``test_real_kernel_scenario``: as root on Linux, each scenario is recorded afresh on this
  machine's kernel with the corpus's record.py and compared with the recorded file, so a change
  of the corpus or of the kernel shows up.  Skipped (with the reason) elsewhere.
"""
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "conformance")
SCEN = os.path.join(CORPUS, "scenarios")
EXPECTED = os.path.join(CORPUS, "expected")
NAMES = sorted(f[:-3] for f in os.listdir(SCEN) if f.endswith(".sh")) if os.path.isdir(SCEN) else []

# Scenarios the simulator does not pass yet (issue 3/4 work in progress).
KNOWN_FAILING = {
    # every command output matches; the final dump shows docker0 UP where the kernel says
    # UNKNOWN (bridge operstate after linkwatch, not modelled exactly yet)
    "i2_docker_publish",
}


def _compare(expected, actual):
    p = subprocess.run([sys.executable, os.path.join(CORPUS, "compare.py"), expected, actual],
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout


pytestmark = pytest.mark.skipif(not NAMES, reason="conformance corpus ../shared/conformance not found")


@pytest.mark.parametrize("name", NAMES)
def test_simulator_scenario(name, tmp_path, request):
    if name in KNOWN_FAILING:
        request.applymarker(pytest.mark.xfail(strict=True, reason="not modelled yet"))
    out = tmp_path / f"{name}.jsonl"
    with open(out, "w") as fh:
        p = subprocess.run([sys.executable, "-m", "netsim", "run", os.path.join(SCEN, name + ".sh"),
                            "--jsonl"], stdout=fh, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                           timeout=120)
    assert p.returncode == 0, p.stderr
    rc, text = _compare(os.path.join(EXPECTED, name + ".jsonl"), str(out))
    assert rc == 0, text


def _kernel_reason():
    if sys.platform != "linux":
        return "needs Linux"
    if os.geteuid() != 0:
        return "needs root (creates network namespaces)"
    missing = [t for t in ("ip", "ping", "nc", "iptables") if shutil.which(t) is None]
    if missing:
        return "missing programs: " + ", ".join(missing)
    return None


@pytest.mark.kernel
@pytest.mark.skipif(_kernel_reason() is not None, reason=str(_kernel_reason()))
@pytest.mark.parametrize("name", NAMES)
def test_real_kernel_scenario(name, tmp_path):
    out = tmp_path / f"{name}.jsonl"
    with open(out, "w") as fh:
        p = subprocess.run([sys.executable, os.path.join(CORPUS, "record.py"),
                            os.path.join(SCEN, name + ".sh")], stdout=fh, stderr=subprocess.PIPE,
                           text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    rc, text = _compare(os.path.join(EXPECTED, name + ".jsonl"), str(out))
    assert rc == 0, text
