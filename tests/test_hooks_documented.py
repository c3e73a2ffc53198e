"""Every hook in meetkit/hookspecs.py has its reference entry in docs/plugins.md (arguments as
the spec names them, the return value, an example) and a test of its own named
``test_hook_<hook>`` (as datasette enforces for its hooks)."""

import re
from pathlib import Path

import pluggy
import pytest

from meetkit import hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def spec_hooks() -> dict:
    pm = pluggy.PluginManager("meetkit")
    pm.add_hookspecs(hookspecs)
    return {
        name: getattr(pm.hook, name).spec.argnames
        for name in dir(pm.hook)
        if name.startswith("meetkit_")
    }


HOOKS = spec_hooks()


def reference_section(hook: str) -> tuple[str, str]:
    """(the heading's argument list, the section's text) of ``### hook(...)``."""
    m = re.search(rf"^### {hook}\((.*?)\)\n(.*?)(?=^#{{2,3}} |\Z)", DOCS, flags=re.M | re.S)
    assert m, f"docs/plugins.md has no reference entry '### {hook}(...)'"
    return m.group(1), m.group(2)


def test_there_are_hooks():
    assert "meetkit_register_meeting_types" in HOOKS and len(HOOKS) >= 5


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hook_is_documented(hook):
    args, section = reference_section(hook)
    assert args == ", ".join(HOOKS[hook]), f"### {hook}(...) lists other arguments than the spec"
    for arg in HOOKS[hook]:
        assert f"- **{arg}**:" in section, f"{hook}: argument {arg} is not described"
    assert "- **Returns**:" in section, f"{hook}: the return value is not described"
    example = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert example and f"def {hook}(" in example.group(1), f"{hook}: no example"
    compile(example.group(1), f"docs/plugins.md example of {hook}", "exec")


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hook_has_a_test(hook):
    pattern = re.compile(rf"^def test_hook_{hook}\(", flags=re.M)
    found = [
        p.name
        for p in (ROOT / "tests").glob("test_*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert found, f"no test named test_hook_{hook} in tests/"


def test_no_reference_entry_for_a_hook_that_does_not_exist():
    documented = set(re.findall(r"^### (meetkit_\w+)\(", DOCS, flags=re.M))
    assert documented == set(HOOKS)
