"""Texts of projects: TEXTS = {key: (zh, en)}."""

TEXTS = {
    # menu
    "cmd.myprojects": ("我负责的项目", "My projects"),
    "cmd.brochure": ("查找项目推介手册", "Find a project brochure"),
    "cmd.brochure_add": ("上传项目推介手册", "Attach a project brochure"),
    "cmd.import_projects": ("导入项目计划表", "Import the project plan"),
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
        "完成前期/签约/投产或其他名称）、截止日期（如 4月20日、5月中旬、5月底）；可选：阶段、签约日期、协议投资(万元)、"
        "落地日期、落地投资(万元)、累计完成投资(万元)、已到位资金(万元)（累计数）。同一项目的多个节点可分多行填写。"
        "人员名单、工作组表和目标表（每行填园区、产业、单位、责任人之一，以及目标(亿元)、力争目标(亿元)）也可直接发送。",
        "Send the project plan (.xlsx or .csv). Headers: name, category (continuing/new/bidding/preliminary/"
        "lead), work_group, unit, lead (name or phone), planned_investment (10k CNY), park, industry, plot, "
        "liaison, milestone (start_construction/bidding_done/preliminary_done/signing/production or any name), "
        "due (e.g. 2026-04-20, 4月20日, 5月中旬); optional: stage, signed_on, signed_investment, landed_on, "
        "landed_investment, completed_investment, funds_arrived (cumulative, 10k CNY). "
        "Several rows may give several milestones of one project. People, work-group and targets files "
        "(one of park, industry, unit, person per row, with target and stretch in 100M CNY) may be sent too.",
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
    "pimport.progress": (
        "已收到，共 {rows} 行，正在逐行检查并导入，请稍候……",
        "Received {rows} rows; checking and importing them, please wait…",
    ),
    "pimport.progress.staged": (
        "已收到，共 {rows} 行：已读入 {done} 行……",
        "Received {rows} rows: {done} read in…",
    ),
    "pimport.progress.checked": (
        "已收到，共 {rows} 行：已检查 {done} 行……",
        "Received {rows} rows: {done} checked…",
    ),
    "pimport.progress.applying": (
        "已收到，共 {rows} 行：检查完毕，正在写入……",
        "Received {rows} rows: all checked, now saving…",
    ),
    "pimport.warning": ("⚠️ 第 {row} 行：{detail}", "⚠️ Row {row}: {detail}"),
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
    "pimport.field.signed_investment": ("协议投资", "signed investment"),
    "pimport.field.landed_investment": ("落地投资", "landed investment"),
    "pimport.field.completed_investment": ("累计完成投资", "investment completed"),
    "pimport.field.funds_arrived": ("已到位资金", "funds arrived"),
    "pimport.people.done": (
        "✅ 人员导入完成：新增 {created} 人，更新 {updated} 人，未变 {unchanged} 人。",
        "✅ People imported: {created} new, {updated} updated, {unchanged} unchanged.",
    ),
    "pimport.groups.done": (
        "✅ 工作组导入完成：新增 {created} 个，更新 {updated} 个，未变 {unchanged} 个。",
        "✅ Work groups imported: {created} new, {updated} updated, {unchanged} unchanged.",
    ),
    "pimport.targets.done": (
        "✅ 目标导入完成：新增 {created} 项，更新 {updated} 项，未变 {unchanged} 项。",
        "✅ Targets imported: {created} new, {updated} updated, {unchanged} unchanged.",
    ),
    # one bad row, in the reader's language ({column} is the column's name)
    "import.error.required": ("{column}不能为空", "{column} is required"),
    "import.error.too_long": ("{column}过长：{value}", "{column} is too long: {value}"),
    "import.error.bad_phone": ("手机号格式不对：{value}", "not a valid phone number: {value}"),
    "import.error.duplicate": ("{column}与第 {first} 行重复", "{column} is the same as in row {first}"),
    "import.error.unknown_role": (
        "未知角色“{value}”（可用：干部、项目负责人、组长、指挥部、管理员）",
        "unknown role “{value}” (use: 干部 cadre, 项目负责人 project lead, 组长 group leader, 指挥部 office, 管理员 admin)",
    ),
    "import.error.unknown_group": (
        "工作组“{value}”不存在，请先导入工作组",
        "there is no work group “{value}”: import the work groups first",
    ),
    "import.error.unknown_person": ("{column}“{value}”{why}", "{column} “{value}”: {why}"),
    "import.why.missing": ("不存在，请先导入人员", "no such person; import people first"),
    "import.why.phone": (
        "（手机号未登记，请先导入人员）",
        "this phone is not registered; import people first",
    ),
    "import.why.ambiguous": ("有多人重名，请改用手机号", "several people share this name; use the phone"),
    "import.error.bad_amount": ("{column}无法识别：{value}", "{column} cannot be read: {value}"),
    "import.error.stretch_below_target": ("力争目标不能低于目标", "the stretch target is below the target"),
    "import.error.unknown_category": (
        "未知类别“{value}”（可用：续建、新建、招投标、前期、招商）",
        "unknown category “{value}” (use: 续建, 新建, 招投标, 前期, 招商)",
    ),
    "import.error.unknown_stage": (
        "未知阶段“{value}”（可用：线索、洽谈、签约、落地、开工、投产）",
        "unknown stage “{value}” (use: 线索, 洽谈, 签约, 落地, 开工, 投产)",
    ),
    "import.error.bad_date": (
        "截止日期无法识别：{value}（如 2026-04-20、4月20日、5月中旬、5月底）",
        "the due date cannot be read: {value} (e.g. 2026-04-20, 4月20日, 5月中旬, 5月底)",
    ),
    "import.error.conflict": (
        "{column}“{value}”与第 {first} 行同一项目不一致",
        "{column} “{value}” differs from row {first} of the same project",
    ),
    "import.error.no_rows": ("文件中没有项目", "the file has no projects"),
    "import.error.no_targets": ("文件中没有目标", "the file has no targets"),
    "import.error.one_name": (
        "每行须且只能填写园区、产业、单位、责任人之一",
        "each row names exactly one of park, industry, unit or person",
    ),
    "import.error.bad_past_date": (
        "{column}无法识别或晚于今天：{value}",
        "{column} cannot be read or is after today: {value}",
    ),
    "import.error.amount_needs_date": (
        "填写了金额，须同时填写{column}",
        "an amount is given, so {column} is required",
    ),
    "import.error.signed_before_stage": (
        "有签约日期的项目，{column}不能早于签约",
        "a project with a signing date cannot have a {column} before 签约 (signed)",
    ),
    "import.error.decrease": (
        "{column}低于已登记的 {before}；如确需调减，请用 /fix 更正",
        "{column} is below the recorded {before}; to lower it, use /fix",
    ),
    "import.column.name": ("姓名", "name"),
    "import.column.phone": ("手机号", "phone"),
    "import.column.work_group": ("工作组", "work group"),
    "import.column.project": ("项目名称", "project name"),
    "import.column.target": ("目标", "target"),
    "import.column.stretch": ("力争目标", "stretch target"),
    "import.column.planned_investment": ("计划投资", "planned investment"),
    "import.column.due": ("截止日期", "due date"),
    "import.column.milestone": ("节点", "milestone"),
    "import.column.milestone_or_category": ("节点（或项目类别）", "milestone (or the project category)"),
    "import.column.category": ("类别", "category"),
    "import.column.lead": ("负责人", "lead"),
    "import.column.liaison": ("联系领导", "liaison"),
    "import.column.unit": ("责任单位", "unit"),
    "import.column.person": ("责任人", "person"),
    "import.column.park": ("园区", "park"),
    "import.column.industry": ("产业", "industry"),
    "import.column.plot": ("地块", "plot"),
    "import.column.investor": ("投资方", "investor"),
    "import.column.stage": ("阶段", "stage"),
    "import.column.signed_on": ("签约日期", "signing date"),
    "import.column.landed_on": ("落地日期", "landing date"),
    "import.column.signed_investment": ("协议投资(万元)", "signed investment (10k yuan)"),
    "import.column.landed_investment": ("落地投资(万元)", "landed investment (10k yuan)"),
    "import.column.completed_investment": ("累计完成投资(万元)", "investment completed (10k yuan)"),
    "import.column.funds_arrived": ("已到位资金(万元)", "funds arrived (10k yuan)"),
}
