"""The demo branch (``meetkit init --demo``, sample meetings): its names, groups and members."""

from __future__ import annotations

from typing import Any

from ..i18n import TP_, in_language
from ..roster import Member

# The fictional branch in English, each language's through meetkit's catalog (contexts "demo",
# "demo member": its members' names are written the Chinese way in Chinese).
DEMO_TEXT: dict[str, Any] = {
    "branch": TP_("demo", "Demo Community Branch No. 1"),
    "higher_org": TP_("demo", "Demo Street Party Working Committee"),
    "place": TP_("demo", "Meeting room, 2nd floor, Community Service Centre"),
    "groups": (TP_("demo", "Group 1"), TP_("demo", "Group 2")),
    "names": (
        TP_("demo member", "Wang Jianguo"),
        TP_("demo member", "Li Xiuying"),
        TP_("demo member", "Zhang Wei"),
        TP_("demo member", "Liu Yang"),
        TP_("demo member", "Chen Jing"),
        TP_("demo member", "Yang Fan"),
        TP_("demo member", "Zhao Lei"),
        TP_("demo member", "Huang Li"),
        TP_("demo member", "Zhou Jie"),
        TP_("demo member", "Wu Min"),
        TP_("demo member", "Xu Qiang"),
        TP_("demo member", "Sun Ting"),
    ),
}


class _InEachLanguage(dict):
    """``DEMO[lang]``: the demo's words in ``lang``, translated on first use."""

    def __missing__(self, lang: str) -> dict[str, Any]:
        words: dict[str, Any] = in_language(DEMO_TEXT, lang)
        self[lang] = words
        return words


DEMO: dict[str, dict[str, Any]] = _InEachLanguage()
# (role, status, group index) for each demo name, in order.
DEMO_SHAPE = (
    ("secretary", "full", 0),
    ("committee", "full", 0),
    ("committee", "full", 1),
    ("member", "full", 0),
    ("member", "full", 0),
    ("member", "full", 0),
    ("member", "probationary", 0),
    ("member", "full", 1),
    ("member", "full", 1),
    ("member", "full", 1),
    ("member", "full", 1),
    ("member", "probationary", 1),
)


def demo_members(lang: str) -> list[Member]:
    demo = DEMO[lang]
    return [
        Member(
            name=name, status=status, group=demo["groups"][g], role=role, phone=f"1380000{i:04d}"
        )
        for i, (name, (role, status, g)) in enumerate(zip(demo["names"], DEMO_SHAPE), 1)
    ]
