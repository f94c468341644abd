import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.txt from the current output instead of comparing")


@pytest.fixture
def golden(request):
    """``golden(name, text)``: compare ``text`` with tests/golden/NAME.txt (or rewrite it with
    ``--update-golden``)."""
    update = request.config.getoption("--update-golden")
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")

    def check(name: str, text: str) -> None:
        path = os.path.join(folder, name + ".txt")
        if update:
            os.makedirs(folder, exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            return
        if not os.path.exists(path):
            pytest.fail(f"no golden file {path}: run pytest --update-golden to create it")
        with open(path, encoding="utf-8") as fh:
            expected = fh.read()
        if text != expected:
            import difflib
            diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                f"golden/{name}.txt", "actual", n=2))
            pytest.fail(f"trace differs from golden/{name}.txt "
                        f"(pytest --update-golden rewrites it if the change is intended):\n{diff}")

    return check
