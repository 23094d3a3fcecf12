"""Texts of coordination: TEXTS = {key: (zh, en)}."""

TEXTS = {
    "cmd.issues": ("需协调问题（督办）", "Coordination issues"),
    # coordination issues (督办)
    "issue.describe": (
        "请描述<b>{project}</b>需要协调解决的问题（一条消息）：",
        "Describe the problem of <b>{project}</b> that needs coordination (one message):",
    ),
    "issue.confirm": (
        "确认提交需协调问题？\n项目：{project}\n问题：{description}",
        "Submit this coordination issue?\nProject: {project}\nProblem: {description}",
    ),
    "issue.raised": (
        "✅ 已提交{code}（{project}），已转工作组组长和指挥部办公室，办理情况会及时告知您。",
        "✅ Filed as {code} ({project}) and sent to the work-group leader and the command office; "
        "you will be told of every step.",
    ),
    "issue.dropped": ("已取消，未提交。", "Cancelled; nothing was filed."),
    "issue.empty": ("请描述需要协调的问题。", "Please describe the problem."),
    "issue.too_long": ("内容过长（不超过 {limit} 字）。", "Too long (at most {limit} characters)."),
    "issue.already_closed": ("{code}已办结。", "{code} is already closed."),
    "issue.notice.raised": (
        "🆘 <b>需协调问题 {code}</b>\n项目：{project}\n问题：{description}\n提出人：{raiser}",
        "🆘 <b>Coordination issue {code}</b>\nProject: {project}\nProblem: {description}\nRaised by: {raiser}",
    ),
    "issue.notice.assigned": (
        "📌 您提出的{code}（{project}）已由{actor}指派{unit}办理。",
        "📌 Your issue {code} ({project}) was assigned to {unit} by {actor}.",
    ),
    "issue.notice.answered": (
        "💬 您提出的{code}（{project}）已答复（{actor}）：\n{answer}",
        "💬 Your issue {code} ({project}) was answered by {actor}:\n{answer}",
    ),
    "issue.notice.closed": (
        "✅ 您提出的{code}（{project}）已由{actor}办结。",
        "✅ Your issue {code} ({project}) was closed by {actor}.",
    ),
    "issue.choose_unit": ("请选择{code}的责任单位：", "Assign {code} to which unit?"),
    "issue.no_units": ("尚未登记责任单位。", "No units are registered yet."),
    "issue.assigned": (
        "已将{code}指派{unit}办理，已告知提出人。",
        "{code} assigned to {unit}; the raiser was told.",
    ),
    "issue.ask_answer": (
        "请回复本消息，输入{code}的答复内容：",
        "Reply to this message with the answer to {code}:",
    ),
    "issue.answered": ("已答复{code}，已告知提出人。", "{code} answered; the raiser was told."),
    "issue.closed": ("已办结{code}，已告知提出人。", "{code} closed; the raiser was told."),
    "issue.card.head": ("{light} <b>{code}</b>（{status}）", "{light} <b>{code}</b> ({status})"),
    "issue.card.project": ("项目：{project}", "Project: {project}"),
    "issue.card.description": ("问题：{description}", "Problem: {description}"),
    "issue.card.raised": (
        "提出：{raiser}，{date}（已 {days} 天）",
        "Raised by {raiser} on {date} ({days:day} ago)",
    ),
    "issue.card.unit": ("责任单位：{unit}", "Unit: {unit}"),
    "issue.card.answer": ("答复：{answer}", "Answer: {answer}"),
    "issue.list.none": ("目前没有待办的需协调问题。", "There are no open coordination issues."),
    "issue.list.header": ("<b>待办需协调问题（{count} 件）</b>", "<b>Open coordination issues ({count})</b>"),
    "issue.list.line": (
        "{light} {code} {project}：{description}（{status}，已 {days} 天）",
        "{light} {code} {project}: {description} ({status}, {days:day})",
    ),
}
