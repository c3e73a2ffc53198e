"""``meetkit init``: a new workspace, optionally filled with a fictional demo branch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import render_config
from .errors import MeetkitError
from .files import atomic_write_text
from .i18n import _
from .roster import Member, write_roster
from .tokens import load_secret
from .workspace import CONFIG, ROSTER, STATE, private_state

FOLDER_NOTES = {
    "agendas": {
        "zh-CN": "# 在此放置自定义议程：<类型>.toml（例如 lesson.toml），格式同内置议程，优先于插件和内置议程。\n",
        "en": "# Put your own agendas here as <type>.toml (e.g. lesson.toml), in the built-in format;\n"
        "# they win over a plugin's and the built-in ones.\n",
    },
    "templates": {
        "zh-CN": "# 在此放置自定义 Word 模板：zh-CN/<文件名>.docx 或 en/<文件名>.docx，按文件名覆盖内置模板。\n",
        "en": "# Put your own Word templates here as zh-CN/<name>.docx or en/<name>.docx;\n"
        "# a file here replaces the built-in template of the same name.\n",
    },
    "plugins": {
        "zh-CN": "# 在此放置本地插件（*.py），用于本地会议形式；`meetkit new-plugin 名称` 可生成示例。\n",
        "en": "# Put local plugins (*.py) here for your own meeting formats;\n"
        "# `meetkit new-plugin NAME` writes a working example.\n",
    },
}

# A fictional branch: a committee of three, two party groups, two probationary members.
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


def init_workspace(
    root: Path, branch: str | None = None, lang: str = "zh-CN", demo: bool = False
) -> Path:
    """Create a workspace at ``root``; never touches an existing one."""
    root = Path(root)
    if (root / CONFIG).exists() or (root / STATE).exists() or (root / ROSTER).exists():
        raise MeetkitError(
            _("{root}: already a meetkit workspace; init never overwrites one").format(root=root)
        )
    if lang not in ("zh-CN", "en"):
        raise MeetkitError(_("--lang: {lang!r} is not zh-CN or en").format(lang=lang))
    root.mkdir(parents=True, exist_ok=True)
    members = demo_members(lang) if demo else []
    d = DEMO[lang]
    secretary = members[0].name if demo else ""
    organizer = members[1].name if demo else ""
    atomic_write_text(
        root / CONFIG,
        render_config(
            branch=branch or (d["branch"] if demo else ""),
            secretary=secretary,
            organizer=organizer,
            higher_org=d["higher_org"] if demo else "",
            place=d["place"] if demo else "",
            lang=lang,
        ),
    )
    write_roster(root / ROSTER, members)
    for folder, note in FOLDER_NOTES.items():
        (root / folder).mkdir(exist_ok=True)
        atomic_write_text(root / folder / "README.txt", note[lang])
    private_state(root / STATE)
    load_secret(root / STATE / "secret")
    from .bundle.keys import ensure_key, key_path  # the branch's signing key (issue 23)

    ensure_key(key_path(root / STATE))
    atomic_write_text(root / ".gitignore", ".meetkit/\n")
    return root
