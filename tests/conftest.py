"""Hypothesis profiles: ``ci`` (the default, fast and deterministic) and ``thorough``.

Pick one with ``HYPOTHESIS_PROFILE=thorough pytest``.
"""

import os

import pytest
from hypothesis import settings

# No deadline: the brute-force reference is slow on some examples, and a
# timing failure would say nothing about correctness.
settings.register_profile("ci", deadline=None, max_examples=100, derandomize=True, print_blob=True)
settings.register_profile("thorough", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _english_command_line(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line in English whatever the developer's locale (it follows LANG).

    Not for the browser tests: Chromium takes its language from the same
    variable, and the pages are Dutch by default.
    """
    if "browser" not in request.node.path.parts:
        monkeypatch.setenv("LANGUAGE", "en")
