"""The ledger in words: period labels, gap sentences and key items in zh-CN and en; the JSON of
``meetkit ledger --json``; the terminal tables; the variables of ledger.docx (rendered through
``meetkit.render``, the only docxtpl user). The numbers come from ``meetkit.ledger.build``."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path

from .context import long_date
from .ledger import Ledger, MeetingRow, MemberRow, Period, Requirement, TypeRow, overall_rate

ZH_MONTHS = "一二三四五六七八九十"
WORDS = {
    "zh-CN": {
        "title": "{branch}{year}年度“三会一课”等组织生活开展情况台账",
        "as_of": "（统计截至{date}）", "year_done": "（{year}年度）",
        "none_in": "{what}：{period}未召开", "only_in": "{what}：{period}只召开{held}次（应{need}次）",
        "total_short": "{what}：全年应召开{need}次，实际召开{held}次",
        "per": "每{period}{n}次",
        "unknown": "无记录",
        "secretary_lesson": "书记讲党课", "life": "年度组织生活会", "appraisal": "民主评议党员",
        "lesson_by": "{date}，{lecturer}主讲《{topic}》", "held_on": "{date}召开",
        "no_secretary": "meetkit.toml 未填写书记", "none": "无",
        "overdue": "逾期", "open": "未到期", "open_nodue": "无时限",
        "half": ("上半年", "下半年"),
        "quarter": "第{n}季度", "month": "{n}月", "months": "{a}—{b}月",
        "group_of": "{name}（{group}）", "req_none": "按需",
        "rate_note": "出勤率＝实到人数÷应到人数；请假单列，不计入实到。"
                     "“无记录”表示该次会议没有签到数据，出勤情况不详，不按0计算。",
        "actions_line": "本年度会议决定事项及整改事项{decided}项，已落实{done}项；"
                        "截至{date}尚未落实{open}项，其中逾期{overdue}项。",
        "attendance_line": "有签到记录的会议{known}次，总出勤率{rate}；无签到记录的会议{unknown}次。",
        "since_line": "自{date}起统计（meetkit.toml [ledger] since），此前各期不计缺项。",
        "cancelled": "已取消的会议（不计入已开）", "cancelled_item": "{date} {name}{topic}：{reason}",
        "no_reason": "未说明原因",
    },
    "en": {
        "title": "Ledger of meetings {year}: {branch}",
        "as_of": "(as of {date})", "year_done": "(year {year})",
        "none_in": "{what}: none in {period}", "only_in": "{what}: only {held} of {need} in {period}",
        "total_short": "{what}: {held} of {need} held in the year",
        "per": "{n} per {period}",
        "unknown": "no record",
        "secretary_lesson": "Secretary gave a party lesson",
        "life": "Yearly organizational life meeting", "appraisal": "Democratic appraisal of members",
        "lesson_by": "{date}, {lecturer}: {topic}", "held_on": "held {date}",
        "no_secretary": "no secretary in meetkit.toml", "none": "none",
        "overdue": "overdue", "open": "open", "open_nodue": "no deadline",
        "half": ("H1", "H2"),
        "quarter": "Q{n}", "month": "{name}", "months": "{a}-{b}",
        "group_of": "{name} ({group})", "req_none": "as needed",
        "rate_note": "Attendance rate = present / expected; leave is counted apart, not as "
                     "present. \"no record\": the meeting has no sign-in data, so its attendance "
                     "is unknown (not 0%).",
        "actions_line": "Actions decided this year: {decided}, done {done}; open as of {date}: "
                        "{open}, of which overdue {overdue}.",
        "attendance_line": "Meetings with sign-in records: {known}, overall attendance {rate}; "
                           "meetings without records: {unknown}.",
        "since_line": "Counted from {date} (meetkit.toml [ledger] since); earlier periods are "
                      "not gaps.",
        "cancelled": "Cancelled meetings (not counted as held)",
        "cancelled_item": "{date} {name}{topic}: {reason}", "no_reason": "no reason given",
    },
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
PERIOD_WORDS = {1: {"zh-CN": "月", "en": "month"}, 3: {"zh-CN": "季度", "en": "quarter"},
                6: {"zh-CN": "半年", "en": "half-year"}, 12: {"zh-CN": "年", "en": "year"}}
STATUS_WORDS = {"ok": {"zh-CN": "符合要求", "en": "complete"},
                "gaps": {"zh-CN": "有缺项", "en": "gaps"},
                "in-progress": {"zh-CN": "进行中", "en": "in progress"},
                "not-required": {"zh-CN": "不作要求", "en": "not required"},
                "before": {"zh-CN": "启用前", "en": "before start"}}
CHECK_WORDS = {"yes": {"zh-CN": "是", "en": "yes"}, "no": {"zh-CN": "否", "en": "no"},
               "not-yet": {"zh-CN": "尚未", "en": "not yet"}}
HEADERS = {
    "zh-CN": {"types": ["会议类型", "要求", "已开", "1", "2", "3", "4", "5", "6", "7", "8", "9",
                        "10", "11", "12", "情况"],
              "checks": ["项目", "情况", "说明"],
              "meetings": ["日期", "会议", "主题", "应到", "实到", "请假", "缺席", "出勤率"],
              "members": ["姓名", "党小组", "应参会", "出席", "迟到", "请假", "缺席", "出勤率",
                          "无记录"],
              "actions": ["编号", "事项", "责任人", "完成时限", "来源会议", "状态"]},
    "en": {"types": ["type", "required", "held", "1", "2", "3", "4", "5", "6", "7", "8", "9",
                     "10", "11", "12", "status"],
           "checks": ["item", "held", "detail"],
           "meetings": ["date", "meeting", "topic", "expected", "present", "leave", "absent",
                        "rate"],
           "members": ["name", "group", "expected", "present", "late", "leave", "absent", "rate",
                       "no record"],
           "actions": ["id", "task", "owner", "due", "meeting", "status"]},
}
SECTION = {"zh-CN": ("一、会议开展情况", "未按要求开展", "二、重点工作", "三、会议出勤情况",
                     "四、党员出勤情况", "五、决定事项落实情况"),
           "en": ("1. Meetings held", "Gaps", "2. Key items", "3. Attendance by meeting",
                  "4. Attendance by member", "5. Follow-up of decisions")}


def percent(value: float | None, lang: str) -> str:
    return WORDS[lang]["unknown"] if value is None else f"{value * 100:.1f}%"


def requirement_text(req: Requirement, lang: str) -> str:
    """每月1次 / 2 per year / 按需."""
    w = WORDS[lang]
    if req.per_year == 0:
        return w["req_none"]
    if req.months is None:
        return w["per"].format(period=PERIOD_WORDS[12][lang], n=req.per_year)
    period = PERIOD_WORDS.get(req.months, {"zh-CN": f"{req.months}个月",
                                           "en": f"{req.months} months"})[lang]
    return w["per"].format(period=period, n=req.per_period)


def period_label(p: Period, year: int, lang: str) -> str:
    """3月 / March, 第三季度 / Q3, 上半年 / H1, 2026年 / 2026."""
    w = WORDS[lang]
    if p.months == 12:
        return f"{year}年" if lang == "zh-CN" else str(year)
    if p.months == 6:
        return w["half"][(p.first - 1) // 6]
    if p.months == 3:
        q = (p.first - 1) // 3 + 1
        return w["quarter"].format(n=ZH_MONTHS[q - 1] if lang == "zh-CN" else q)
    if p.months == 1:
        return w["month"].format(n=p.first, name=MONTH_NAMES[p.first - 1])
    last = p.first + p.months - 1
    a, b = (p.first, last) if lang == "zh-CN" else (MONTH_NAMES[p.first - 1][:3],
                                                    MONTH_NAMES[last - 1][:3])
    return w["months"].format(a=a, b=b)


def type_label(t: TypeRow, lang: str) -> str:
    """支部委员会, or 党小组会（第一党小组） for one party group's meetings."""
    return WORDS[lang]["group_of"].format(name=t.name, group=t.group) if t.group else t.name


def _what(t: TypeRow, lang: str) -> str:
    what = t.key if lang == "en" else t.name
    return WORDS[lang]["group_of"].format(name=what, group=t.group) if t.group else what


def gaps(t: TypeRow, year: int, lang: str) -> list[str]:
    """One sentence per period short of the requirement: 支部委员会：3月未召开."""
    w, what = WORDS[lang], _what(t, lang)
    out = []
    for p in t.missing:
        if t.requirement.months:
            template = w["none_in"] if p.held == 0 else w["only_in"]
            out.append(template.format(what=what, period=period_label(p, year, lang),
                                       held=p.held, need=p.need))
        else:
            out.append(w["total_short"].format(what=what, held=p.held, need=p.need))
    return out


def short(t: TypeRow, year: int, lang: str) -> str:
    """The gaps in one phrase, without the type: 1月、2月未召开."""
    w = WORDS[lang]
    none_in = [p for p in t.missing if p.held == 0 and t.requirement.months]
    phrases = []
    if none_in:
        sep = "、" if lang == "zh-CN" else ", "
        phrases.append(w["none_in"].format(
            what="", period=sep.join(period_label(p, year, lang) for p in none_in))
            .lstrip("：: "))
    for p in t.missing:
        if p in none_in:
            continue
        if t.requirement.months:
            text = w["only_in"].format(what="", period=period_label(p, year, lang),
                                       held=p.held, need=p.need)
        else:
            text = w["total_short"].format(what="", held=p.held, need=p.need)
        phrases.append(text.lstrip("：: "))
    return ("；" if lang == "zh-CN" else "; ").join(phrases)


def summary(t: TypeRow, year: int, lang: str) -> str:
    """The same with the type: 支部委员会：1月、2月未召开 ("" without gaps)."""
    text = short(t, year, lang)
    if not text:
        return ""
    return f"{_what(t, lang)}：{text}" if lang == "zh-CN" else f"{_what(t, lang)}: {text}"


def all_gaps(ledger: Ledger) -> list[str]:
    return [g for t in ledger.types for g in gaps(t, ledger.year, ledger.lang)]


def check_label(key: str, lang: str) -> str:
    return WORDS[lang].get(key, key)


def check_detail(ledger: Ledger, c, types: dict | None = None) -> str:
    """What satisfied a key item: dates, the lecturer and topic."""
    lang, w = ledger.lang, WORDS[ledger.lang]

    def describe(m):
        if c.key == "secretary_lesson":
            return w["lesson_by"].format(date=long_date(m.date, lang), lecturer=m.lecturer,
                                         topic=m.topic)
        text = w["held_on"].format(date=long_date(m.date, lang))
        if c.key == "appraisal" and types and m.type in types:
            name = types[m.type].title(lang)
            text += f"（{name}）" if lang == "zh-CN" else f" ({name})"
        return text

    detail = ("；" if lang == "zh-CN" else "; ").join(describe(m) for m in c.meetings)
    return detail or (w[c.note] if c.note else "")


def cancelled_lines(ledger: Ledger) -> list[str]:
    w = WORDS[ledger.lang]
    sep = "：" if ledger.lang == "zh-CN" else ": "
    return [w["cancelled_item"].format(date=c.date.isoformat(), name=c.name,
                                       topic=f"{sep}{c.topic}" if c.topic else "",
                                       reason=c.reason or w["no_reason"])
            for c in ledger.cancelled]


def since_line(ledger: Ledger) -> str:
    """Said only when ``since`` falls inside the ledger's year (earlier periods were skipped)."""
    if ledger.since.year != ledger.year or ledger.since <= dt.date(ledger.year, 1, 31):
        return ""
    return WORDS[ledger.lang]["since_line"].format(date=long_date(ledger.since, ledger.lang))


def as_dict(ledger: Ledger, types: dict | None = None) -> dict:
    """The JSON form (``meetkit ledger --json``)."""
    lang = ledger.lang

    def rate(r):
        return None if r is None else round(r, 4)

    return {
        "year": ledger.year, "as_of": ledger.today.isoformat(), "lang": lang,
        "since": ledger.since.isoformat(),
        "branch": ledger.branch, "secretary": ledger.secretary,
        "types": [{"type": t.key, "name": t.name, "group": t.group or None,
                   "required_per_year": t.requirement.per_year,
                   "period_months": t.requirement.months,
                   "required_per_period": t.requirement.per_period,
                   "requirement": requirement_text(t.requirement, lang),
                   "requirement_source": t.requirement.source,
                   "held": t.held, "planned": t.planned, "by_month": t.months,
                   "periods": [{"period": p.key, "label": period_label(p, ledger.year, lang),
                                "held": p.held, "planned": p.planned, "status": p.status}
                               for p in t.periods],
                   "status": t.status, "gaps": gaps(t, ledger.year, lang)} for t in ledger.types],
        "gaps": all_gaps(ledger),
        "checks": {c.key: {"held": c.held, "status": c.status,
                           "detail": check_detail(ledger, c, types),
                           "meetings": [m.id for m in c.meetings]} for c in ledger.checks},
        "cancelled": [{"id": c.id, "date": c.date.isoformat(), "type": c.type, "topic": c.topic,
                       "reason": c.reason, "cancelled_at": c.cancelled_at}
                      for c in ledger.cancelled],
        "attendance": {
            "meetings": [{"id": m.id, "date": m.date.isoformat(), "type": m.type,
                          "topic": m.topic, "expected": m.expected, "known": m.known,
                          "attended": m.attended if m.known else None,
                          "late": m.late if m.known else None,
                          "leave": m.leave if m.known else None,
                          "absent": m.absent if m.known else None, "rate": rate(m.rate)}
                         for m in ledger.meetings],
            "members": [{**asdict(m), "rate": rate(m.rate)} for m in ledger.members],
            "overall_rate": rate(overall_rate(ledger.meetings)),
            "unknown_meetings": sum(1 for m in ledger.meetings if not m.known),
        },
        "actions": {**ledger.actions,
                    "open_items": [a.as_dict(ledger.today) for a in ledger.open_actions]},
    }


def action_status(a, today, lang) -> str:
    w = WORDS[lang]
    if a.overdue(today):
        return w["overdue"]
    return w["open"] if a.due else w["open_nodue"]


def terminal_lines(ledger: Ledger, types: dict | None = None) -> list:
    """What ``meetkit ledger`` prints: strings, and (headers, rows) tuples for tables."""
    lang, w, h, s = ledger.lang, WORDS[ledger.lang], HEADERS[ledger.lang], SECTION[ledger.lang]
    out = [title(ledger) + " " + subtitle(ledger)]
    if since_line(ledger):
        out.append(since_line(ledger))
    out += ["", s[0]]
    out.append((h["types"], [[type_label(t, lang), requirement_text(t.requirement, lang), t.held,
                              *[c or "" for c in t.months], STATUS_WORDS[t.status][lang]]
                             for t in ledger.types]))
    out += ["", s[1] + ("：" if lang == "zh-CN" else ":")]
    summaries = [summary(t, ledger.year, lang) for t in ledger.types]
    out += [f"  {x}" for x in summaries if x] or [f"  {w['none']}"]
    if ledger.cancelled:
        out += ["", w["cancelled"] + ("：" if lang == "zh-CN" else ":")]
        out += [f"  {line}" for line in cancelled_lines(ledger)]
    out += ["", s[2]]
    out.append((h["checks"], [[check_label(c.key, lang), CHECK_WORDS[c.status][lang],
                               check_detail(ledger, c, types)] for c in ledger.checks]))
    out += ["", s[3]]
    if ledger.meetings:
        out.append((h["meetings"], [meeting_cells(m, lang) for m in ledger.meetings]))
    else:
        out.append(f"  {w['none']}")
    out += [attendance_line(ledger), "", s[4]]
    out.append((h["members"], [member_cells(m, lang)[:-1] + [m.unknown or ""]
                               for m in ledger.members]))
    out += ["", s[5], actions_line(ledger)]
    if ledger.open_actions:
        out.append((h["actions"], [[f"#{a.id}", a.text, a.owner,
                                    a.due.isoformat() if a.due else "", a.meeting_id,
                                    action_status(a, ledger.today, lang)]
                                   for a in ledger.open_actions]))
    return out


def meeting_cells(m: MeetingRow, lang: str) -> list:
    dash = "—"
    return [m.date.isoformat(), m.name, m.topic, m.expected,
            m.attended if m.known else dash, m.leave if m.known else dash,
            m.absent if m.known else dash, percent(m.rate, lang)]


def member_cells(m: MemberRow, lang: str) -> list:
    return [m.name, m.group, m.expected, m.attended, m.late, m.leave, m.absent,
            percent(m.rate, lang), m.unknown]


def title(ledger: Ledger) -> str:
    return WORDS[ledger.lang]["title"].format(branch=ledger.branch, year=ledger.year).strip(": ")


def subtitle(ledger: Ledger) -> str:
    w = WORDS[ledger.lang]
    if ledger.complete_year:
        return w["year_done"].format(year=ledger.year)
    return w["as_of"].format(date=long_date(ledger.today, ledger.lang))


def attendance_line(ledger: Ledger) -> str:
    known = sum(1 for m in ledger.meetings if m.known)
    return WORDS[ledger.lang]["attendance_line"].format(
        known=known, unknown=len(ledger.meetings) - known,
        rate=percent(overall_rate(ledger.meetings), ledger.lang))


def actions_line(ledger: Ledger) -> str:
    a = ledger.actions
    return WORDS[ledger.lang]["actions_line"].format(
        decided=a["decided"], done=a["done"], open=a["open"], overdue=a["overdue"],
        date=long_date(ledger.today, ledger.lang))


def context(ws, ledger: Ledger) -> dict:
    """The variables of the ledger.docx template (documented in docs/followup.md)."""
    from .actions import meeting_label

    lang, w, year = ledger.lang, WORDS[ledger.lang], ledger.year
    types = []
    for no, t in enumerate(ledger.types, 1):
        months = [str(c) if c else "" for c in t.months]
        types.append({"no": no, "name": type_label(t, lang), "key": t.key, "group": t.group,
                      "requirement": requirement_text(t.requirement, lang), "held": t.held,
                      "planned": t.planned, "months": months,
                      **{f"m{i}": c for i, c in enumerate(months, 1)},
                      "status": STATUS_WORDS[t.status][lang],
                      "gaps": short(t, year, lang), "summary": summary(t, year, lang)})
    labels: dict[str, str] = {}

    def label(a):
        if a.meeting_id not in labels:
            labels[a.meeting_id] = meeting_label(ws, a, lang)
        return labels[a.meeting_id]

    plugin_types = ws.plugins.types
    return {
        "lang": lang,
        "year": year,
        "title": title(ledger),
        "subtitle": subtitle(ledger),
        "since": since_line(ledger),
        "as_of": long_date(ledger.today, lang),
        "branch": {"name": ledger.branch, "secretary": ledger.secretary,
                   "higher_org": ledger.higher_org},
        "types": types,
        "gaps": [x["summary"] for x in types if x["summary"]],
        "gaps_each": all_gaps(ledger),
        "cancelled": cancelled_lines(ledger),
        "cancelled_title": w["cancelled"],
        "checks": [{"no": i, "label": check_label(c.key, lang), "held": c.held,
                    "result": CHECK_WORDS[c.status][lang],
                    "detail": check_detail(ledger, c, plugin_types)}
                   for i, c in enumerate(ledger.checks, 1)],
        "meetings": [dict(zip(("date", "name", "topic", "expected", "attended", "leave",
                               "absent", "rate"), meeting_cells(m, lang)), no=i, id=m.id,
                          date=long_date(m.date, lang) if lang == "en" else
                          f"{m.date.month}月{m.date.day}日", known=m.known,
                          label=(f"{m.name}：{m.topic}" if lang == "zh-CN" else
                                 f"{m.name}: {m.topic}") if m.topic else m.name)
                     for i, m in enumerate(ledger.meetings, 1)],
        "members": [dict(zip(("name", "group", "expected", "attended", "late", "leave", "absent",
                              "rate", "unknown"), member_cells(m, lang)), no=i)
                    for i, m in enumerate(ledger.members, 1)],
        "attendance_line": attendance_line(ledger),
        "attendance_note": w["rate_note"],
        "overall_rate": percent(overall_rate(ledger.meetings), lang),
        "actions_summary": actions_line(ledger),
        "open_actions": [{"no": i, "id": a.id, "text": a.text, "owner": a.owner,
                          "due": long_date(a.due, lang) if a.due else "",
                          "meeting": label(a), "status": action_status(a, ledger.today, lang),
                          "overdue": a.overdue(ledger.today)}
                         for i, a in enumerate(ledger.open_actions, 1)],
        "generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def write_docx(ws, ledger: Ledger, path: Path) -> Path:
    """Render ledger.docx (the workspace's templates/<lang>/ledger.docx wins over the built-in
    one) to ``path``, atomically."""
    from .meetingtypes import DocumentSpec
    from .render import render_to
    from .templates import find_template

    template, _origin = find_template(DocumentSpec("ledger"), ledger.lang, ws.root)
    render_to(template, context(ws, ledger), Path(path))
    return Path(path)
