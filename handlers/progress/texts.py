"""Texts of progress: TEXTS = {key: (zh, en)}."""

TEXTS = {
    "cmd.progress": ("汇报项目进展", "Report project progress"),
    "cmd.fundsfix": ("更正到位资金", "Correct funds arrived"),
    "cmd.fix": ("更正台账数字（签约/落地/完成/到位）", "Correct a ledger figure"),
    "progress.request": (
        "📋 <b>请汇报项目进展</b>\n项目：{project}\n{since}（{days} 天未更新）。\n请点“汇报进度”，或直接回复本消息。",
        "📋 <b>Progress update requested</b>\nProject: {project}\n{since} ({days:day} without news).\n"
        "Press “Report progress”, or reply to this message.",
    ),
    "progress.request.since": ("上次汇报：{date}", "Last report: {date}"),
    "progress.request.never": ("尚未汇报过进展", "No progress reported yet"),
    # progress: asking and the card
    "progress.pick": ("请选择要汇报的项目：", "Which project do you report on?"),
    "progress.ask": (
        "请汇报<b>{project}</b>的进展，用一句话即可，例如：\n"
        "<i>已于4月18日开工，完成投资60%，到位资金5000万元。需协调：用地指标未落实</i>\n"
        "可附现场照片；也可点“填写表单”逐项填写。",
        "Report the progress of <b>{project}</b> in one message, e.g.:\n"
        "<i>已于4月18日开工，完成投资60%，到位资金5000万元。需协调：用地指标未落实</i>\n"
        "You may add site photos, or press “Use the form” to fill it in step by step.",
    ),
    "progress.card.title": (
        "<b>请确认{project}的进展：</b>",
        "<b>Please confirm the progress of {project}:</b>",
    ),
    "progress.card.stage": ("阶段：{before} → {after}", "Stage: {before} → {after}"),
    "progress.card.percent": ("完成进度：{percent}%", "Progress: {percent}%"),
    "progress.card.funds": (
        "累计到位资金：{total}（原 {before}，新增 {delta}）",
        "Funds arrived in total: {total} (was {before}, +{delta})",
    ),
    "progress.card.signed": (
        "累计签约金额：{total}（新增 {delta}）",
        "Signed investment in total: {total} (+{delta})",
    ),
    "progress.card.signed_on": ("签约日期：{date}", "Signed on: {date}"),
    "progress.card.landed": (
        "累计落地投资：{total}（新增 {delta}）{when}",
        "Landed investment in total: {total} (+{delta}){when}",
    ),
    "progress.card.landed_on": ("，落地日期 {date}", ", landed on {date}"),
    "progress.card.completed": (
        "累计完成投资：{total}（原 {before}，新增 {delta}）",
        "Investment completed in total: {total} (was {before}, +{delta})",
    ),
    "progress.card.ask_milestone": (
        "❓ 是否标记“{milestone}”已完成？（{date}）",
        "❓ Mark “{milestone}” as done? (on {date})",
    ),
    "progress.card.question.foreign_currency": (
        "❓ “{words}”是外币金额，未记入；请换算为人民币（万元）后重新发送。",
        "❓ “{words}” is in a foreign currency and was not recorded; send it again in 万元 (CNY).",
    ),
    "progress.card.question.negative_amount": (
        "❓ “{words}”是负数，未记入；累计数只增不减，请核对后重新发送。",
        "❓ “{words}” is negative and was not recorded; totals only grow, please check and send again.",
    ),
    "progress.card.question.percent_over_100": (
        "❓ 进度“{words}”超过100%，未记入；请核对后重新发送。",
        "❓ Progress “{words}” is over 100% and was not recorded; please check and send again.",
    ),
    "progress.card.question.vague_percent": (
        "❓ “{words}”具体是百分之多少？未记入进度；请写明如“进度60%”。",
        "❓ What percentage is “{words}”? Progress was not recorded; write e.g. “进度60%”.",
    ),
    "progress.btn.mark_yes": ("✅ 是，已完成", "✅ Yes, done"),
    "progress.btn.mark_no": ("否，未完成", "No, not done"),
    "progress.question_gone": ("这个问题已处理过。", "That question has already been answered."),
    "progress.saved.completed": ("累计完成投资：{total}", "Investment completed in total: {total}"),
    "progress.which_project": (
        "这条进展是关于哪个项目的？请选择：",
        "Which project is this progress about? Choose one:",
    ),
    "progress.card.milestone": ("节点完成：{milestone}，{date}", "Milestone done: {milestone}, on {date}"),
    "progress.card.unmatched": (
        "⚠️ 提到“{said}”，未对应到本项目的未完成节点，仅作为情况说明记录；如需标记节点完成，请点“修改”选择。",
        "⚠️ You said “{said}”: no open milestone of this project matches, so it is kept as a note; "
        "press “Edit” to pick a milestone.",
    ),
    "progress.card.problems": (
        "需协调问题（将提交督办）：\n{items}",
        "Issues to coordinate (will be filed):\n{items}",
    ),
    "progress.card.photos": ("照片：{count} 张", "Photos: {count}"),
    "progress.card.text": ("原文：{text}", "As written: {text}"),
    "progress.card.empty": (
        "未识别到阶段、进度、资金等具体内容，将作为情况说明记录。",
        "No stage, progress or amounts recognised; it will be recorded as a note.",
    ),
    "progress.card.hint": (
        "确认无误请点“确认”；如需更正可直接重新发送，或点“修改”逐项填写。",
        "Press “Confirm” if this is right; send a corrected message, or press “Edit” to fill it in step by step.",
    ),
    "progress.saved": ("✅ 已记录<b>{project}</b>的进展。", "✅ Progress of <b>{project}</b> recorded."),
    "progress.saved.funds": ("累计到位资金：{total}", "Funds arrived in total: {total}"),
    "progress.saved.stage": ("当前阶段：{stage}", "Stage now: {stage}"),
    "progress.saved.milestone": ("节点“{milestone}”已标记完成。", "Milestone “{milestone}” marked done."),
    "progress.saved.issue": (
        "已生成{code}，已转工作组组长和指挥部办公室。",
        "Filed as {code} and sent to the work-group leader and the command office.",
    ),
    "progress.saved.toast": ("已记录", "Recorded"),
    "progress.cancelled": ("已取消，未作任何记录。", "Cancelled; nothing was recorded."),
    "progress.photo_kept": (
        "已收到 {count} 张照片，请再发送文字说明。",
        "{count} photo(s) received; now send a few words about the progress.",
    ),
    "progress.photo_added": ("已添加照片，共 {count} 张。", "Photo added ({count} in all)."),
    # progress: the form
    "progress.form.stage": (
        "① 项目当前阶段（现为：{current}）：",
        "① The project's stage (now: {current}):",
    ),
    "progress.form.percent": (
        "② 完成进度（百分比，如 60）。当前：{current}",
        "② Progress in percent (e.g. 60). Now: {current}",
    ),
    "progress.form.funds": (
        "③ 累计到位资金（如 2000万、1.5亿）。当前：{current}",
        "③ Funds arrived in total (e.g. 2000万, 1.5亿). Now: {current}",
    ),
    "progress.form.signed": (
        "④ 签约：签约日期和累计协议投资（如 11月20日 5亿；未签约请跳过）。当前：{current}",
        "④ Signing: the day and the signed (agreed) investment in total (e.g. 11月20日 5亿; skip if not signed). Now: {current}",
    ),
    "progress.form.landed": (
        "⑤ 落地/开工：日期和累计落地投资（如 11月25日 3亿；未落地请跳过）。当前：{current}",
        "⑤ Landed / started: the day and the landed investment in total (e.g. 11月25日 3亿; skip if not). Now: {current}",
    ),
    "progress.form.completed": (
        "⑥ 累计完成投资（如 8000万）。当前：{current}",
        "⑥ Investment completed in total (e.g. 8000万). Now: {current}",
    ),
    "progress.form.milestone": ("⑦ 是否有节点已完成？请选择：", "⑦ Has a milestone been completed? Pick it:"),
    "progress.form.done_on": (
        "该节点何时完成？请点“今天”或输入日期（如 4月18日）。",
        "When was it completed? Press “Today” or type a date (e.g. 4月18日).",
    ),
    "progress.form.problems": (
        "⑧ 需要协调解决的问题（多个问题请分行或用分号隔开），没有请点“无”：",
        "⑧ Problems that need coordination (one per line or separated by ;), or press “None”:",
    ),
    # progress: refusals
    "progress.empty": ("请输入进展情况。", "Please write something about the progress."),
    "progress.nothing": ("没有可记录的内容。", "There is nothing to record."),
    "progress.bad_percent": (
        "完成进度请输入 0 到 100 之间的数字。",
        "Progress must be a number from 0 to 100.",
    ),
    "progress.bad_amount": (
        "金额无法识别，请写成 2000万 或 1.5亿。",
        "Amount not understood; write e.g. 2000万 or 1.5亿.",
    ),
    "progress.bad_date": (
        "日期无法识别，请写成 4月18日 或 2026-04-18。",
        "Date not understood; write e.g. 2026-04-18.",
    ),
    "progress.done_in_future": ("完成日期不能晚于今天。", "The completion date cannot be in the future."),
    "progress.funds_decrease": (
        "累计到位资金只增不减：您填报的 {reported} 万元低于已登记的 {current} 万元。"
        "“到位”请填写累计总额；如确需更正，请联系指挥部办公室。",
        "Funds arrived never decrease: you reported {reported} (10k CNY), below the recorded {current}. "
        "Report the cumulative total; ask the command office for a correction if needed.",
    ),
    "progress.signed_decrease": (
        "累计签约金额只增不减：您填报的 {reported} 万元低于已登记的 {current} 万元。如确需更正，请联系指挥部办公室。",
        "Signed investment never decreases: you reported {reported} (10k CNY), below the recorded {current}. "
        "Ask the command office for a correction if needed.",
    ),
    "progress.landed_decrease": (
        "累计落地投资只增不减：您填报的 {reported} 万元低于已登记的 {current} 万元。如确需更正，请联系指挥部办公室。",
        "Landed investment never decreases: you reported {reported} (10k CNY), below the recorded {current}. "
        "Ask the command office for a correction if needed.",
    ),
    "progress.completed_decrease": (
        "累计完成投资只增不减：您填报的 {reported} 万元低于已登记的 {current} 万元。如确需更正，请联系指挥部办公室。",
        "Investment completed never decreases: you reported {reported} (10k CNY), below the recorded {current}. "
        "Ask the command office for a correction if needed.",
    ),
    "progress.milestone_already_done": (
        "该节点已于{date}标记完成。",
        "This milestone was already marked done on {date}.",
    ),
    # office correction of a ledger figure (/fix, /fundsfix)
    "progress.fix.usage": (
        "用法：/fix 项目名称 签约|落地|完成|到位 更正后的累计数 更正原因\n"
        "例如：/fix 新能源电池产业园 到位 1500万 重复统计\n"
        "（/fundsfix 项目名称 金额 原因 即更正到位资金）",
        "Usage: /fix project signed|landed|completed|funds corrected-total reason\n"
        "For example: /fix 新能源电池产业园 funds 1500万 counted twice\n"
        "(/fundsfix project amount reason corrects funds arrived)",
    ),
    "progress.fix.card": (
        "<b>请确认更正：</b>\n项目：{project}\n{figure}：{before} → {after}（{delta}）\n原因：{reason}\n"
        "确认后将记入台账和审计日志，并告知项目负责人：{lead}。",
        "<b>Please confirm the correction:</b>\nProject: {project}\n{figure}: {before} → {after} ({delta})\n"
        "Reason: {reason}\nOn confirmation it goes into the ledger and the audit log, and the project lead is told: {lead}.",
    ),
    "progress.fix.no_lead": ("（项目未指定负责人）", "(the project has no lead)"),
    "progress.fix.told": ("已告知负责人{lead}。", "{lead} (the lead) has been told."),
    "progress.fix.cancelled": ("已取消更正，未作任何修改。", "Correction cancelled; nothing changed."),
    "progress.fix.stale": (
        "该数字在此期间已有变化，请重新发起更正。",
        "The figure changed meanwhile; please start the correction again.",
    ),
    "progress.fix.done": (
        "✅ 已将<b>{project}</b>的{figure}更正为 {total}（原因：{reason}），已记入审计日志。{told}",
        "✅ {figure} of <b>{project}</b> corrected to {total} (reason: {reason}); recorded in the audit log. {told}",
    ),
    "progress.fix.notice": (
        "📝 指挥部办公室（{by}）更正了您负责的<b>{project}</b>的{figure}：{before} → {after}。\n原因：{reason}\n"
        "今后请按更正后的累计数填报。",
        "📝 The command office ({by}) corrected the {figure} of <b>{project}</b>, your project: {before} → {after}.\n"
        "Reason: {reason}\nPlease report cumulative totals from the corrected figure on.",
    ),
    "ledger.kind.signed": ("协议投资", "signed investment"),
    "ledger.kind.landed": ("落地投资", "landed investment"),
    "ledger.kind.completed": ("累计完成投资", "investment completed"),
    "ledger.kind.funds": ("累计到位资金", "funds arrived"),
    "progress.correction_needs_reason": ("更正须写明原因。", "A correction needs a reason."),
    "progress.correction_no_change": (
        "金额与现有记录相同，无需更正。",
        "That is the recorded amount already.",
    ),
}
