"""The words of the web pages, in Chinese and English (the meeting's language for members'
pages, the workspace's for the admin's)."""
from __future__ import annotations

from ..attendance import KINDS, LABELS

WORDS = {
    "zh-CN": {
        "signin": "签到", "your_name": "您的姓名", "name_hint": "输入或选择姓名",
        "submit_signin": "签到", "leave": "请假", "leave_title": "不能参加？请假",
        "kind": "类别",
        "reason": "事由", "submit_leave": "提交请假", "guest_title": "不在名单上？列席登记",
        "guest_name": "姓名", "guest_note": "单位或职务（可不填）", "submit_guest": "列席登记",
        "present_ok": "签到成功", "late_ok": "签到成功（迟到）", "already": "已签到",
        "already_at": "您已于 {time} 签到，无需重复签到。", "signed_at": "签到时间：{time}",
        "guest_ok": "列席登记成功", "leave_ok": "请假已记录",
        "device_used": "此手机已为 {name} 签到（{time}）。一部手机只能为一人签到，如需代签请联系会议主持人或管理员。",
        "address_used": "此网络地址已为 {name} 签到（{time}）。一部手机只能为一人签到，请联系会议主持人或管理员为您签到。",
        "revoked": "此签到码已作废（已重新印发），请扫描新的签到表或会场屏幕上的二维码。",
        "not_expected": "“{name}”不在本次会议的应到名单中。请检查姓名；如您是列席人员，请使用下方的列席登记。",
        "is_member": "“{name}”在应到名单中，请直接签到。",
        "which_one": "名单中有{count}位“{name}”，请选择您是哪一位：",
        "already_signed_leave": "{name} 已于 {time} 签到，无需请假。",
        "closed": "本次会议签到已结束。", "scan_again": "签到码无效或已过期，请重新扫描屏幕上的二维码。",
        "expired": "签到码已过期，请重新扫描屏幕上的二维码。",
        "not_yet": "签到尚未开始，请稍后再试。", "forged": "签到码无效，请扫描会场屏幕上的二维码。",
        "no_meeting": "没有这个会议。", "too_many": "失败次数过多，请 {seconds} 秒后再试。",
        "csrf": "页面已过期，请返回并刷新后重试。", "name_required": "请填写姓名。",
        "time": "时间", "place": "地点", "code_title": "输入签到码", "code": "签到码",
        "code_hint": "会场屏幕或签到表上的 6 位签到码", "code_submit": "确定",
        "code_bad": "签到码无效或不在签到时间内。", "error": "出错了",
        "scan": "请用手机扫码签到", "or_code": "或打开 {url} 输入签到码：", "signed": "已签到",
        "expected": "应到", "late_n": "迟到", "leave_n": "请假", "guests_n": "列席",
        "quorum_met": "到会人数已过半数，会议有效", "quorum_not": "尚未达到法定人数（须到 {n} 人）",
        "quorum_none": "", "closed_banner": "签到已结束", "this_phone": "本机签到人：{name}",
        "admin": "会议管理", "admin_wrong": "管理令牌不正确（服务器重启后令牌会变化）：请打开 meetkit serve 新打印的管理地址。",
        "admin_missing": "仅限管理员：请打开 meetkit serve 启动时打印的管理地址。",
        "meetings": "会议", "no_meetings": "还没有会议：先运行 meetkit prepare。",
        "projector": "投屏签到码", "attendance_json": "出勤 JSON", "dashboard": "签到管理",
        "hand_signin": "手工签到（纸质签到表）", "at_opt": "时间（可不填）",
        "mark_leave": "登记请假", "add_guest": "登记列席人员", "close": "结束签到",
        "reopen": "重新开放签到", "write_minutes": "生成会议记录和签到表",
        "undo": "撤销", "release": "解绑手机", "undone": "已撤销：{name}",
        "nothing": "没有可更改的记录。", "released": "{name} 的手机已解绑，可再为一人签到。",
        "reopened": "签到已重新开放。", "closed_now": "签到已结束。",
        "kept": "您修改过 {kept}，已保留；新版本写入 {new}。", "written": "已写入 {file}",
        "no": "序号", "name": "姓名", "group": "党小组", "status": "状态", "note": "时间/备注",
        "how": "方式", "guests": "列席人员", "attempts": "最近的签到尝试", "outcome": "结果",
        "address": "地址", "none": "无", "open_projector": "在投屏上打开", "today": "今天",
        "type": "类型", "topic": "主题", "non_voting": "无表决权",
        "kiosk_note": "本浏览器以管理员身份登录：在此签到不绑定手机（可作签到台）。",
        "method_web": "扫码", "method_api": "接口", "method_manual": "手工", "method_cli": "命令行",
        "again": "返回", "pick_hint": "或从名单中选择", "err_400": "请求无效。",
        "err_404": "没有这个页面或会议。", "err_405": "不支持这种请求。",
        "err_413": "提交的内容太长。", "err_415": "请以 JSON 提交。", "err_500": "服务器出错了，请重试。",
        "err_503": "服务器正忙，请几秒后重试。", "err_507": "服务器磁盘已满，请联系管理员。",
        "limited": "暂被限制的地址（猜测签到码或姓名过多）", "shared": "多人共用的地址",
        "address_rule_on": "每个网络地址只能为一人签到。",
        "address_rule_off": "同一地址可为多人签到（one_member_per_address = false）：共用地址仅作标记。",
        "behind_proxy": "经反向代理访问：地址取自 X-Forwarded-For。",
    },
    "en": {
        "signin": "Sign in", "your_name": "Your name", "name_hint": "type or pick your name",
        "submit_signin": "Sign in", "leave": "Leave", "leave_title": "Can't attend? Ask for leave",
        "kind": "Kind", "reason": "Reason", "submit_leave": "Ask for leave",
        "guest_title": "Not on the list? Sit in as a guest", "guest_name": "Name",
        "guest_note": "Unit or title (optional)", "submit_guest": "Sit in",
        "present_ok": "Signed in", "late_ok": "Signed in (late)", "already": "Already signed in",
        "already_at": "You already signed in at {time}; nothing changed.",
        "signed_at": "Signed in at {time}", "guest_ok": "Recorded as sitting in",
        "leave_ok": "Leave recorded",
        "device_used": "This phone already signed in {name} (at {time}). One phone signs in one "
                       "person: ask the host or the meeting's admin to sign you in.",
        "address_used": "This network address already signed in {name} (at {time}). One phone "
                        "signs in one person: ask the host or the meeting's admin to sign you in.",
        "revoked": "This sign-in code was replaced (the sheet was reprinted): scan the new sheet "
                   "or the code on the screen.",
        "not_expected": "\u201c{name}\u201d is not on the list of members expected at this "
                        "meeting. Check the name; if you are sitting in, use the guest form below.",
        "is_member": "\u201c{name}\u201d is on the list: sign in above.",
        "which_one": "{count} members are called \u201c{name}\u201d. Which one are you?",
        "already_signed_leave": "{name} already signed in at {time}: no leave needed.",
        "closed": "Sign-in for this meeting is closed.",
        "scan_again": "This sign-in code is not valid or has expired: scan the code on the screen "
                      "again.",
        "expired": "This sign-in code has expired: scan the code on the screen again.",
        "not_yet": "Sign-in has not opened yet: try again a little later.",
        "forged": "This sign-in code is not valid: scan the code on the screen in the room.",
        "no_meeting": "No such meeting.", "too_many": "Too many failed tries: wait {seconds} s.",
        "csrf": "This page has expired: go back, reload and try again.",
        "name_required": "Please type your name.", "time": "Time", "place": "Place",
        "code_title": "Type the sign-in code", "code": "Code",
        "code_hint": "the 6 characters on the screen or the sign-in sheet", "code_submit": "Go",
        "code_bad": "This code is not valid, or sign-in is not open now.", "error": "Error",
        "scan": "Scan to sign in", "or_code": "or open {url} and type the code:",
        "signed": "signed in", "expected": "expected", "late_n": "late", "leave_n": "on leave",
        "guests_n": "sitting in", "quorum_met": "Quorum reached: the meeting is valid",
        "quorum_not": "No quorum yet ({n} needed)", "quorum_none": "",
        "closed_banner": "Sign-in closed", "this_phone": "Signed in on this phone: {name}",
        "admin": "Meetings admin", "admin_wrong": "Wrong admin token (it changes when the server "
                      "restarts): open the new admin address meetkit serve printed.",
        "admin_missing": "Admins only: open the admin address meetkit serve printed at start.",
        "meetings": "Meetings", "no_meetings": "No meetings yet: run meetkit prepare first.",
        "projector": "Projector code", "attendance_json": "attendance JSON",
        "dashboard": "Sign-in dashboard", "hand_signin": "Sign in by hand (paper sheet)",
        "at_opt": "time (optional)", "mark_leave": "Mark leave", "add_guest": "Add a guest",
        "close": "Close sign-in", "reopen": "Reopen sign-in",
        "write_minutes": "Write minutes and sign-in sheet", "undo": "undo",
        "release": "release phone", "undone": "Undone: {name}", "nothing": "Nothing to change.",
        "released": "{name}'s phone is released: it may sign in one more person.",
        "reopened": "Sign-in reopened.", "closed_now": "Sign-in closed.",
        "kept": "You edited {kept}: kept it, wrote the new version as {new}.",
        "written": "Wrote {file}", "no": "No.", "name": "Name", "group": "Group",
        "status": "Status", "note": "Time / note", "how": "How", "guests": "Sitting in",
        "attempts": "Latest attempts", "outcome": "Outcome", "address": "Address",
        "none": "none", "open_projector": "Open on the projector", "today": "today",
        "type": "Type", "topic": "Topic", "non_voting": "no vote",
        "kiosk_note": "This browser is signed in as admin: sign-ins here are not tied to the "
                      "device (a kiosk).",
        "method_web": "phone", "method_api": "API", "method_manual": "by hand",
        "method_cli": "command line",
        "again": "Back", "pick_hint": "or pick your name from the list",
        "err_400": "Bad request.", "err_404": "No such page or meeting.",
        "err_405": "Method not allowed.", "err_413": "Too much text.",
        "err_415": "Send JSON.", "err_500": "Something went wrong on the server; try again.",
        "err_503": "The server is busy: try again in a few seconds.",
        "err_507": "The server's disk is full: tell the admin.",
        "limited": "Addresses limited now (too many guessed codes or names)",
        "shared": "Addresses shared by several people",
        "address_rule_on": "Each network address signs in one person.",
        "address_rule_off": "One address may sign in several people (one_member_per_address = "
                            "false): shared addresses are only flagged.",
        "behind_proxy": "Behind a reverse proxy: addresses come from X-Forwarded-For.",
    },
}

# Leave kinds read the same on the pages as in the minutes: one source, attendance.LABELS.
for _lang, _table in WORDS.items():
    _table.update({kind: LABELS[kind][_lang] for kind in KINDS})


def words(lang: str) -> dict:
    """The word table for ``lang`` (Chinese when unknown)."""
    return WORDS.get(lang, WORDS["zh-CN"])


# The opinion page of a life meeting (meetkit/web/opinions.py).
OPINION_WORDS = {
    "zh-CN": {
        "op_title": "征求意见建议", "op_intro": "为开好{meeting}，诚恳征求您对党支部和党员的意见建议。"
        "可不署名；您提交的内容只有党支部能看到。",
        "op_text": "意见建议", "op_text_hint": "请写下您的意见建议（不超过 {n} 字）",
        "op_category": "意见类别", "op_about": "针对的党员姓名（可不填）",
        "op_name": "您的姓名（可不填，默认匿名）", "op_submit": "提交",
        "op_thanks": "已收到，谢谢您的意见建议！", "op_thanks_more": "如还有意见，可再次扫码提交。",
        "op_closed": "本次征求意见已结束，谢谢关注。",
        "op_bad_code": "意见征集码无效，请重新扫描海报上的二维码。",
        "op_empty": "请填写意见建议。", "op_too_long": "意见建议不能超过 {n} 字（现在 {m} 字）。",
        "op_too_many": "提交过于频繁，请 {seconds} 秒后再试。",
        "op_csrf": "页面已过期，请返回并刷新后重试。",
    },
    "en": {
        "op_title": "Your opinions, please", "op_intro": "Before our {meeting}, we welcome your "
        "opinions on the branch and its members. You need not give your name; only the branch "
        "sees what you send.",
        "op_text": "Your opinion", "op_text_hint": "Write your opinion (at most {n} characters)",
        "op_category": "Category", "op_about": "The member it is about (optional)",
        "op_name": "Your name (optional: anonymous by default)", "op_submit": "Send",
        "op_thanks": "Received. Thank you for your opinion!",
        "op_thanks_more": "To add another, scan the code again.",
        "op_closed": "Opinions are no longer being collected. Thank you.",
        "op_bad_code": "This code is not valid: scan the QR code on the poster again.",
        "op_empty": "Please write your opinion.",
        "op_too_long": "An opinion may be at most {n} characters long (this one has {m}).",
        "op_too_many": "Too many opinions from here; try again in {seconds} seconds.",
        "op_csrf": "The page has expired: go back, reload and try again.",
    },
}


def opinion_words(lang: str) -> dict:
    """The opinion page's words for ``lang`` (Chinese when unknown), with the common ones."""
    return {**words(lang), **OPINION_WORDS.get(lang, OPINION_WORDS["zh-CN"])}
