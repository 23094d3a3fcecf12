"""Texts of the projects feature: milestones, progress, coordination issues (督办), brochures, import."""

TEXTS = {
    # menu
    "cmd.myprojects": ("我负责的项目", "My projects"),
    "cmd.progress": ("汇报项目进展", "Report project progress"),
    "cmd.issues": ("需协调问题（督办）", "Coordination issues"),
    "cmd.brochure": ("查找项目推介手册", "Find a project brochure"),
    "cmd.brochure_add": ("上传项目推介手册", "Attach a project brochure"),
    "cmd.import_projects": ("导入项目计划表", "Import the project plan"),
    "cmd.fundsfix": ("更正到位资金", "Correct funds arrived"),
    # buttons
    "pj.btn.report": ("汇报进度", "Report progress"),
    "pj.btn.done": ("已完成", "Done"),
    "pj.btn.need_help": ("需协调", "Need help"),
    "pj.btn.report_on": ("汇报：{name}", "Report: {name}"),
    "pj.btn.form": ("填写表单", "Use the form"),
    "pj.btn.confirm": ("确认", "Confirm"),
    "pj.btn.edit": ("修改", "Edit"),
    "pj.btn.cancel": ("取消", "Cancel"),
    "pj.btn.skip": ("跳过", "Skip"),
    "pj.btn.today": ("今天", "Today"),
    "pj.btn.no_problems": ("无", "None"),
    "pj.btn.submit": ("提交", "Submit"),
    "pj.btn.finish": ("完成", "Finish"),
    "pj.btn.issue.assign": ("指派单位", "Assign"),
    "pj.btn.issue.answer": ("答复", "Answer"),
    "pj.btn.issue.close": ("办结", "Close"),
    # vocabulary
    "milestone.kind.start_construction": ("开工", "start of construction"),
    "milestone.kind.bidding_done": ("完成招投标", "bidding completed"),
    "milestone.kind.preliminary_done": ("完成前期工作", "preliminary work completed"),
    "milestone.kind.signing": ("签约", "signing"),
    "milestone.kind.production": ("投产", "start of production"),
    "milestone.kind.custom": ("其他节点", "other milestone"),
    "project.category.continuing": ("续建", "continuing"),
    "project.category.new": ("新建", "new"),
    "project.category.bidding": ("招投标", "bidding"),
    "project.category.preliminary": ("前期", "preliminary"),
    "project.category.lead": ("招商", "lead"),
    "project.stage.lead": ("线索", "lead"),
    "project.stage.negotiating": ("洽谈", "negotiating"),
    "project.stage.signed": ("签约", "signed"),
    "project.stage.landed": ("落地", "landed"),
    "project.stage.started": ("开工", "under construction"),
    "project.stage.producing": ("投产", "producing"),
    "issue.status.open": ("待处理", "open"),
    "issue.status.assigned": ("已指派", "assigned"),
    "issue.status.answered": ("已答复", "answered"),
    "issue.status.closed": ("已办结", "closed"),
    # deadlines
    "milestone.due_in": ("{due}到期，还有 {days} 天", "due {due}, in {days:day}"),
    "milestone.due_today": ("今天（{due}）到期", "due today ({due})"),
    "milestone.overdue_by": ("{due}到期，已逾期 {days} 天", "due {due}, {days:day} overdue"),
    "milestone.due_text": ("（计划：{text}）", " (plan: {text})"),
    # reminders and escalations
    "milestone.reminder": (
        "⏰ <b>节点提醒</b>\n项目：{project}\n节点：{milestone}\n时限：{due}{due_text}\n{when}\n"
        "请及时汇报进展；如已完成请点“已完成”，需要协调请点“需协调”。也可直接回复本消息说明情况。",
        "⏰ <b>Milestone reminder</b>\nProject: {project}\nMilestone: {milestone}\nDeadline: {due}{due_text}\n"
        "{when}\nPlease report progress; press “Done” if it is done, or “Need help” if you need coordination. "
        "You can also reply to this message in your own words.",
    ),
    "milestone.overdue": (
        "🔴 <b>节点已逾期</b>\n项目：{project}\n节点：{milestone}\n时限：{due}{due_text}\n已逾期 {days} 天。\n"
        "请尽快汇报进展或说明原因；需要协调请点“需协调”。",
        "🔴 <b>Milestone overdue</b>\nProject: {project}\nMilestone: {milestone}\nDeadline: {due}{due_text}\n"
        "{days:day} overdue.\nPlease report progress or explain the delay; press “Need help” if you need "
        "coordination.",
    ),
    "milestone.escalation.group": (
        "⚠️ <b>逾期节点督促</b>（组长）\n项目：{project}\n节点：{milestone}\n时限：{due}，已逾期 {days} 天"
        "（{workdays} 个工作日）\n负责人：{lead}（{phone}）\n请督促推进。",
        "⚠️ <b>Overdue milestone</b> (work-group leader)\nProject: {project}\nMilestone: {milestone}\n"
        "Deadline: {due}, {days:day} overdue ({workdays} working days)\nLead: {lead} ({phone})\n"
        "Please follow up.",
    ),
    "milestone.escalation.office": (
        "🚨 <b>逾期节点上报</b>（指挥部办公室）\n项目：{project}\n节点：{milestone}\n时限：{due}，已逾期 {days} 天"
        "（{workdays} 个工作日）\n负责人：{lead}（{phone}）\n请督办并视情况追责。",
        "🚨 <b>Overdue milestone escalated</b> (command office)\nProject: {project}\nMilestone: {milestone}\n"
        "Deadline: {due}, {days:day} overdue ({workdays} working days)\nLead: {lead} ({phone})\n"
        "Please supervise and hold the unit to account where needed.",
    ),
    "progress.request": (
        "📋 <b>请汇报项目进展</b>\n项目：{project}\n{since}（{days} 天未更新）。\n请点“汇报进度”，或直接回复本消息。",
        "📋 <b>Progress update requested</b>\nProject: {project}\n{since} ({days:day} without news).\n"
        "Press “Report progress”, or reply to this message.",
    ),
    "progress.request.since": ("上次汇报：{date}", "Last report: {date}"),
    "progress.request.never": ("尚未汇报过进展", "No progress reported yet"),
    # /myprojects
    "project.none_led": ("您目前没有负责的项目。", "You are not the lead of any project."),
    "project.mine.header": ("<b>我负责的项目（{count} 个）</b>", "<b>My projects ({count})</b>"),
    "project.line.head": (
        "{light} <b>{name}</b>（{category}·{stage}）",
        "{light} <b>{name}</b> ({category} · {stage})",
    ),
    "project.line.next": ("　下一节点：{milestone}，{when}", "   Next: {milestone}, {when}"),
    "project.line.all_done": ("　各节点均已完成", "   All milestones done"),
    "project.line.numbers": (
        "　到位资金 {funds}，完成进度 {percent}，最近汇报 {updated}",
        "   Funds arrived {funds}, progress {percent}, last report {updated}",
    ),
    "project.never_updated": ("无", "never"),
    "project.not_found": ("未找到项目“{name}”。", "No project “{name}” found."),
    "project.ambiguous": (
        "有 {count} 个项目与“{name}”相符，请写出完整项目名称。",
        "{count} projects match “{name}”; please give the full project name.",
    ),
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
    "progress.card.milestone": ("节点完成：{milestone}，{date}", "Milestone done: {milestone}, on {date}"),
    "progress.card.unmatched": (
        "⚠️ 提到“{said}”已完成，但未对应到本项目的未完成节点；如需标记节点完成，请点“修改”选择。",
        "⚠️ You said “{said}” is done, but no open milestone of this project matches; press “Edit” to pick one.",
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
    "progress.form.milestone": ("④ 是否有节点已完成？请选择：", "④ Has a milestone been completed? Pick it:"),
    "progress.form.done_on": (
        "该节点何时完成？请点“今天”或输入日期（如 4月18日）。",
        "When was it completed? Press “Today” or type a date (e.g. 4月18日).",
    ),
    "progress.form.problems": (
        "⑤ 需要协调解决的问题（多个问题请分行或用分号隔开），没有请点“无”：",
        "⑤ Problems that need coordination (one per line or separated by ;), or press “None”:",
    ),
    # progress: refusals
    "progress.empty": ("请输入进展情况。", "Please write something about the progress."),
    "progress.too_long": (
        "内容过长（不超过 {limit} 字），请精简后重发。",
        "Too long (at most {limit} characters).",
    ),
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
    "progress.milestone_already_done": (
        "该节点已于{date}标记完成。",
        "This milestone was already marked done on {date}.",
    ),
    "progress.too_many_photos": ("每次最多附 {limit} 张照片。", "At most {limit} photos per report."),
    # office correction of funds arrived
    "progress.fix.usage": (
        "用法：/fundsfix 项目名称 更正后的累计到位资金 更正原因\n例如：/fundsfix 新能源电池产业园 1500万 重复统计",
        "Usage: /fundsfix project corrected-total reason\nFor example: /fundsfix 新能源电池产业园 1500万 counted twice",
    ),
    "progress.fix.done": (
        "已将<b>{project}</b>累计到位资金更正为 {total}（原因：{reason}），已记入审计日志。",
        "Funds arrived of <b>{project}</b> corrected to {total} (reason: {reason}); recorded in the audit log.",
    ),
    "progress.correction_needs_reason": ("更正须写明原因。", "A correction needs a reason."),
    "progress.correction_no_change": (
        "金额与现有记录相同，无需更正。",
        "That is the recorded amount already.",
    ),
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
    # brochures
    "brochure.add_usage": (
        "用法：/brochure_add 项目名称（可在发送文件时写在说明里，也可先发命令再逐个发送文件）",
        "Usage: /brochure_add project-name (as the caption of the file, or first the command, then the files)",
    ),
    "brochure.send_files": (
        "请发送<b>{project}</b>的推介手册（PDF、PPT、Word 或图片），可发多个，发完请点“完成”。",
        "Send the brochure of <b>{project}</b> (PDF, PPT, Word or images), as many as you like, then press "
        "“Finish”.",
    ),
    "brochure.added": (
        "已添加到<b>{project}</b>的推介手册（共 {count} 个文件）。",
        "Added to the brochure of <b>{project}</b> ({count} files).",
    ),
    "brochure.duplicate": (
        "该文件已在<b>{project}</b>的推介手册中（共 {count} 个文件）。",
        "That file is already in the brochure of <b>{project}</b> ({count} files).",
    ),
    "brochure.finished": ("推介手册已保存。", "The brochure is saved."),
    "brochure.bad_type": (
        "“{name}”不是可用的推介材料，请发送 PDF、PPT、Word 或图片。",
        "“{name}” is not a usable brochure; send a PDF, PPT, Word file or an image.",
    ),
    "brochure.too_many": ("每个项目最多 {limit} 个推介文件。", "At most {limit} brochure files per project."),
    "brochure.search_usage": (
        "用法：/brochure 关键词（项目名称、产业或园区），例如：/brochure 新能源",
        "Usage: /brochure keyword (project name, industry or park), e.g. /brochure 新能源",
    ),
    "brochure.not_found": ("没有找到与“{text}”相关的项目推介手册。", "No project brochure matches “{text}”."),
    "brochure.found": (
        "与“{text}”相关的项目推介手册（{count} 个），请选择：",
        "{count} brochures match “{text}”; pick one:",
    ),
    "brochure.line": (
        "• {project}（{industry}，{park}，{files} 个文件）",
        "• {project} ({industry}, {park}, {files} files)",
    ),
    "brochure.none": ("<b>{name}</b>尚无推介手册。", "<b>{name}</b> has no brochure yet."),
    "brochure.sending": (
        "<b>{project}</b>推介手册（{count} 个文件），可直接转发给客商：",
        "Brochure of <b>{project}</b> ({count} files), ready to forward to investors:",
    ),
    "brochure.caption": ("{project} 项目推介", "{project} — project brochure"),
    # project import
    "pimport.projects.how": (
        "请直接发送项目计划表（.xlsx 或 .csv）。表头：项目名称、类别（续建/新建/招投标/前期/招商）、工作组、"
        "责任单位、负责人（姓名或手机号）、计划投资(万元)、园区、产业、地块、联系领导、节点（开工/完成招投标/"
        "完成前期/签约/投产或其他名称）、截止日期（如 4月20日、5月中旬、5月底）。同一项目的多个节点可分多行填写。",
        "Send the project plan (.xlsx or .csv). Headers: name, category (continuing/new/bidding/preliminary/"
        "lead), work_group, unit, lead (name or phone), planned_investment (10k CNY), park, industry, plot, "
        "liaison, milestone (start_construction/bidding_done/preliminary_done/signing/production or any name), "
        "due (e.g. 2026-04-20, 4月20日, 5月中旬). Several rows may give several milestones of one project.",
    ),
    "pimport.projects.done": (
        "✅ 项目计划导入完成：新增 {created} 个项目，更新 {updated} 个，未变 {unchanged} 个；"
        "新增节点 {milestones_created} 个，调整时限 {milestones_updated} 个。",
        "✅ Project plan imported: {created} new, {updated} updated, {unchanged} unchanged; "
        "{milestones_created} milestones added, {milestones_updated} deadlines changed.",
    ),
    "pimport.projects.failed": (
        "❌ 有 {count} 处错误，本次未导入任何内容。请修改后重新发送：",
        "❌ {count} problem(s); nothing was imported. Please fix them and send the file again:",
    ),
    "pimport.row": ("第 {row} 行：", "Row {row}: "),
    "pimport.file": ("文件：", "File: "),
    "pimport.more": ("……另有 {count} 项", "… and {count} more"),
    "pimport.ignored": ("未识别的列（已忽略）：{headers}", "Columns not recognised (ignored): {headers}"),
    "pimport.too_big": ("文件过大（不超过 {mb} MB）。", "The file is too big (at most {mb} MB)."),
    "pimport.change.created": (
        "＋ {project}（{milestones} 个节点）",
        "+ {project} ({milestones} milestones)",
    ),
    "pimport.change.updated": ("～ {project}：{changes}", "~ {project}: {changes}"),
    "pimport.change.due": ("{milestone}时限 {before} → {after}", "{milestone} due {before} → {after}"),
    "pimport.change.milestone_added": (
        "新增节点{milestone}（{after}）",
        "new milestone {milestone} ({after})",
    ),
    "pimport.change.field": ("{field} {before} → {after}", "{field} {before} → {after}"),
    "pimport.field.category": ("类别", "category"),
    "pimport.field.stage": ("阶段", "stage"),
    "pimport.field.planned_investment": ("计划投资", "planned investment"),
    "pimport.field.industry": ("产业", "industry"),
    "pimport.field.plot": ("地块", "plot"),
    "pimport.field.investor": ("投资方", "investor"),
    "pimport.field.unit": ("责任单位", "unit"),
    "pimport.field.park": ("园区", "park"),
    "pimport.field.lead": ("负责人", "lead"),
    "pimport.field.liaison": ("联系领导", "liaison"),
}
