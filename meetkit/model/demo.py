"""The demo branch (``meetkit init --demo``, sample meetings): its names, groups and members."""

from __future__ import annotations

from typing import Any

from ..roster import Member

DEMO: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "branch": "示例社区第一党支部",
        "higher_org": "示例街道党工委",
        "place": "社区党群服务中心二楼会议室",
        "groups": ("第一党小组", "第二党小组"),
        "names": (
            "王建国",
            "李秀英",
            "张伟",
            "刘洋",
            "陈静",
            "杨帆",
            "赵磊",
            "黄丽",
            "周杰",
            "吴敏",
            "徐强",
            "孙婷",
        ),
    },
    "en": {
        "branch": "Demo Community Branch No. 1",
        "higher_org": "Demo Street Party Working Committee",
        "place": "Meeting room, 2nd floor, Community Service Centre",
        "groups": ("Group 1", "Group 2"),
        "names": (
            "Wang Jianguo",
            "Li Xiuying",
            "Zhang Wei",
            "Liu Yang",
            "Chen Jing",
            "Yang Fan",
            "Zhao Lei",
            "Huang Li",
            "Zhou Jie",
            "Wu Min",
            "Xu Qiang",
            "Sun Ting",
        ),
    },
}
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
