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
        "📌 {code}（{project}）已由{actor}指派{unit}办理。",
        "📌 {code} ({project}) was assigned to {unit} by {actor}.",
    ),
    "issue.notice.transferred": (
        "🔀 {code}（{project}）已由{actor}从{from_unit}转办{unit}。",
        "🔀 {code} ({project}) was passed on from {from_unit} to {unit} by {actor}.",
    ),
    "issue.notice.answered": (
        "💬 {code}（{project}）已答复（{actor}）：\n{answer}",
        "💬 {code} ({project}) was answered by {actor}:\n{answer}",
    ),
    "issue.notice.closing": (
        "📝 {code}（{project}）{actor}申请办结。\n办结说明：{note}\n请确认办结，或退回重办。",
        "📝 {actor} asks to close {code} ({project}).\nClosing note: {note}\nConfirm, or send it back.",
    ),
    "issue.notice.confirmed": (
        "✅ {code}（{project}）已由{actor}确认办结。",
        "✅ {code} ({project}): the closing was confirmed by {actor}.",
    ),
    "issue.notice.reopened": (
        "↩️ {code}（{project}）被{actor}退回重办。\n理由：{reason}",
        "↩️ {code} ({project}) was sent back by {actor}.\nReason: {reason}",
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
    "issue.ask_closing": (
        "请回复本消息，填写{code}的办结说明（办理结果，必填）：",
        "Reply to this message with the closing note of {code} (what was done; required):",
    ),
    "issue.note_required": ("请填写说明（不能为空）。", "Please write a note (it cannot be empty)."),
    "issue.closing_sent": (
        "已提交{code}的办结申请，待提出人（或指挥部办公室）确认。",
        "{code}: closing sent; the raiser (or the command office) confirms it.",
    ),
    "issue.already_closing": (
        "{code}已申请办结，待确认。",
        "{code} is already waiting for its closing to be confirmed.",
    ),
    "issue.not_closing": ("{code}尚未申请办结。", "{code} has not been closed by its unit yet."),
    "issue.same_unit": ("已由{unit}办理。", "It is already with {unit}."),
    "issue.confirmed": ("已确认办结{code}。", "{code}: closing confirmed."),
    "issue.ask_reopen": (
        "请回复本消息，说明{code}退回重办的理由：",
        "Reply to this message with the reason to send {code} back:",
    ),
    "issue.reopened": (
        "已退回{code}重办，新的答复期限：{date}。",
        "{code} sent back; the new answer deadline is {date}.",
    ),
    "issue.unit_empty": ("请输入单位名称。", "Please type the unit's name."),
    "issue.unit_too_long": ("单位名称过长（不超过 {limit} 字）。", "Too long (at most {limit} characters)."),
    "issue.card.due": ("答复期限：{date}", "Answer due: {date}"),
    "issue.card.escalated.1": ("⬆️ 已逾期升级至工作组组长", "⬆️ Escalated to the work-group leader"),
    "issue.card.escalated.2": (
        "⬆️⬆️ 已逾期升级至指挥部办公室和联系领导",
        "⬆️⬆️ Escalated to the command office and the liaison leader",
    ),
    "issue.card.closing": ("办结说明：{note}", "Closing note: {note}"),
    # supervision (督办单)
    "supervision.legend": (
        "图例：🟢 按期 · 🟡 临近答复期限或已升级 · 🔴 逾期未答复或节点逾期",
        "Legend: 🟢 on time · 🟡 answer due soon or escalated · 🔴 answer overdue or milestone overdue",
    ),
    "supervision.none": ("没有符合条件的督办事项。", "No supervision order matches."),
    "supervision.title": ("<b>督办事项（{count} 件）</b>", "<b>Supervision ({count})</b>"),
    "supervision.filtered": ("筛选：{filter}", "Filter: {filter}"),
    "supervision.unit": ("<b>{unit}</b>（{count} 件）", "<b>{unit}</b> ({count})"),
    "supervision.line": (
        "{light} {code} {project}：{description}（{status}{due}）{escalated}",
        "{light} {code} {project}: {description} ({status}{due}){escalated}",
    ),
    "supervision.due": ("，{date}前答复", ", answer by {date}"),
    "supervision.escalated.1": (" ⬆️组长", " ⬆️leader"),
    "supervision.escalated.2": (" ⬆️⬆️指挥部", " ⬆️⬆️office"),
    "supervision.btn.export": ("📥 导出督办台账", "📥 Export"),
    "supervision.exported": ("督办台账（含全部办理记录）", "Supervision orders with their full history"),
    "supervision.usage": (
        "用法：/supervision [红|黄|绿] [单位] [工作组]，/supervision 导出",
        "Usage: /supervision [red|yellow|green] [unit] [work group], /supervision export",
    ),
    "supervision.two_colours": ("只能按一种颜色筛选。", "Filter by one colour at a time."),
    "supervision.unknown_unit": ("没有名为“{name}”的责任单位。", "No unit is called “{name}”."),
    "supervision.unknown_group": ("没有名为“{name}”的工作组。", "No work group is called “{name}”."),
    "order.btn.transfer": ("转办", "Pass on"),
    "order.btn.confirm": ("确认办结", "Confirm"),
    "order.btn.reopen": ("退回重办", "Send back"),
    "order.btn.type_unit": ("✏️ 输入其他单位", "✏️ Type another unit"),
    "order.btn.new_unit": ("新建单位“{name}”并指派", "Create “{name}” and assign"),
    "order.ask_unit": (
        "请回复本消息，输入{code}的责任单位名称：",
        "Reply to this message with the name of the unit for {code}:",
    ),
    "order.unit_found": ("找到单位“{name}”，请点击确认指派：", "Found “{name}”; tap it to assign:"),
    "order.unit_similar": (
        "没有名为“{name}”的单位。相近的单位如下，请选择；或新建该单位：",
        "No unit is called “{name}”. Similar ones are below; pick one, or create it:",
    ),
    "order.unit_unknown": (
        "没有名为“{name}”的单位。确认新建该单位并指派吗？",
        "No unit is called “{name}”. Create it and assign?",
    ),
    "order.no_unit": ("未明确", "not set"),
    "order.due": ("\n请于{date}前答复。", "\nPlease answer by {date}."),
    "order.notice.issued": (
        "📋 <b>督办单 {code}</b>\n项目：{project}\n事由：{description}\n责任单位：{unit}\n项目负责人：{lead}",
        "📋 <b>Supervision order {code}</b>\nProject: {project}\nMatter: {description}\n"
        "Unit: {unit}\nProject lead: {lead}",
    ),
    "order.notice.for.unit": ("\n请贵单位按期答复并办理。", "\nYour unit is asked to answer and act on it."),
    "order.notice.for.lead": ("\n（抄送项目负责人）", "\n(copy to the project lead)"),
    "order.notice.for.liaison": ("\n（抄送联系领导）", "\n(copy to the liaison leader)"),
    "order.notice.for.office": (
        "\n尚未明确责任单位，请指派。",
        "\nNo unit is responsible yet: please assign one.",
    ),
    "order.notice.assigned": (
        "📋 <b>督办 {code}</b>（{project}）已由{actor}交{unit}办理：\n{description}",
        "📋 <b>{code}</b> ({project}) was given to {unit} by {actor}:\n{description}",
    ),
    "order.notice.escalated.1": (
        "⬆️ <b>督办升级 {code}</b>（{project}）\n{unit}逾期 {days} 个工作日未答复：{description}",
        "⬆️ <b>Escalated: {code}</b> ({project})\n{unit} has not answered, {days} working day(s) late: "
        "{description}",
    ),
    "order.notice.escalated.2": (
        "⬆️⬆️ <b>督办再次升级 {code}</b>（{project}）\n{unit}逾期 {days} 个工作日仍未答复：{description}",
        "⬆️⬆️ <b>Escalated again: {code}</b> ({project})\n{unit} has still not answered, {days} working "
        "day(s) late: {description}",
    ),
    "import.error.contact_without_unit": (
        "联络员须填写所在责任单位",
        "a unit contact needs the unit they answer for",
    ),
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
