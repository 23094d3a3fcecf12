"""Texts of office: TEXTS = {key: (zh, en)}."""

TEXTS = {
    # menu
    "cmd.office_digest": ("今日简报", "Today's digest"),
    "cmd.office_status": ("目标完成情况", "Scoreboard"),
    "cmd.office_overdue": ("逾期节点", "Overdue milestones"),
    "cmd.office_supervision": ("待协调问题（督办）", "Open coordination issues"),
    "cmd.office_stalled": ("无进展项目（问责）", "Projects without progress"),
    "cmd.office_project": ("查询项目", "Look up a project"),
    "cmd.office_person": ("查询人员", "Look up a person"),
    "cmd.office_export": ("导出 Excel 台账", "Export to Excel"),
    "cmd.office_ranking": ("本周通报", "This week's ranking notice"),
    "cmd.office_broadcast": ("发送通知", "Send a notice"),
    "cmd.office_broadcast_status": ("通知送达情况", "Notice delivery status"),
    "cmd.office_subscribe": ("订阅简报", "Subscribe to the digest"),
    "cmd.office_unsubscribe": ("取消订阅简报", "Unsubscribe from the digest"),
    "cmd.office_bind": ("绑定工作群", "Bind this group chat"),
    # scope, chats, subscriptions
    "office.scope.all": ("全市", "whole campaign"),
    "office.bind.done": (
        "✅ 本群已设为指挥部办公室工作群（{scope}），每日简报和通报将推送到本群。",
        "✅ This group is now an office chat ({scope}); "
        "the daily digest and ranking notices will be posted here.",
    ),
    "office.bind_private": (
        "请在需要接收简报的工作群中发送 /bind。个人接收请使用 /subscribe。",
        "Send /bind in the group chat that should receive the digest. "
        "To receive it privately, use /subscribe.",
    ),
    "office.group_not_found": ("未找到工作组“{name}”，请检查名称。", "No work group named “{name}”."),
    "office.unbind.done": (
        "本群已解除绑定，不再接收简报和通报。",
        "This group is unbound; no more digests here.",
    ),
    "office.unbind.none": ("本群尚未绑定。", "This group is not bound."),
    "office.subscribe.done": (
        "✅ 已订阅每日简报和通报（{scope}），将私信推送给您。发送 /unsubscribe 可取消。",
        "✅ You are subscribed to the daily digest and notices ({scope}). Send /unsubscribe to stop.",
    ),
    "office.subscribe.already": ("您已订阅（{scope}）。", "You are already subscribed ({scope})."),
    "office.unsubscribe.done": ("已取消订阅。", "You are unsubscribed."),
    "office.unsubscribe.none": ("您尚未订阅。", "You are not subscribed."),
    "office.not_here": (
        "此群不是指挥部办公室群，不能在这里显示工作数据；请在与我的私聊或已绑定的办公室群中查询。",
        "This group is not an office chat, so campaign data is not shown here; ask me privately or in a bound office chat.",
    ),
    "office.no_group": (
        "您是工作组组长，但尚未关联工作组，请联系指挥部办公室。",
        "You are a group leader but not linked to a work group; please ask the command office.",
    ),
    # queries
    "office.usage.project": ("用法：/project 项目名称关键词", "Usage: /project part-of-the-name"),
    "office.usage.person": ("用法：/person 姓名或手机号", "Usage: /person name-or-phone"),
    "office.project_not_found": (
        "未找到名称包含“{text}”的项目。",
        "No project whose name contains “{text}”.",
    ),
    "office.person_not_found": ("未找到人员“{text}”。", "No person “{text}” found."),
    "office.pick": ("找到多个结果，请选择：", "Several matches; pick one:"),
    "office.overdue.title": ("<b>逾期未完成节点</b>（{count}个）", "<b>Overdue milestones</b> ({count})"),
    "office.overdue.none": ("目前没有逾期未完成的节点。", "No milestone is overdue."),
    "office.stalled.title": (
        "<b>长期无进展项目</b>（{count}个，负责人和责任单位如下）",
        "<b>Projects without progress</b> ({count}, with their leads and units)",
    ),
    "office.stalled.none": ("目前没有长期无进展的项目。", "No project has gone without progress."),
    "office.issues.title": (
        "<b>待协调问题</b>（{count}个，按时长排序）",
        "<b>Open coordination issues</b> ({count}, oldest first)",
    ),
    "office.issues.none": ("目前没有待协调问题。", "No open coordination issue."),
    "office.status.title": (
        "<b>📊 目标完成情况</b>（截至{date}，时间进度 {elapsed}%）",
        "<b>📊 Targets</b> (as of {date}, time schedule {elapsed}%)",
    ),
    "office.status.by": (
        "<b>📊 分{by}目标完成情况</b>（截至{date}，时间进度 {elapsed}%）",
        "<b>📊 Targets by {by}</b> (as of {date}, time schedule {elapsed}%)",
    ),
    "office.status.dim.park": ("园区", "park"),
    "office.status.dim.industry": ("产业", "industry"),
    "office.status.dim.unit": ("单位", "unit"),
    "office.status.dim.person": ("责任人", "person"),
    "office.status.none.park": ("未明确园区", "No park"),
    "office.status.none.industry": ("未明确产业", "No industry"),
    "office.status.none.unit": ("未明确责任单位", "No unit"),
    "office.status.none.person": ("未明确负责人", "No lead"),
    "office.status.nothing": ("尚无目标和签约数据。", "No targets or figures yet."),
    "office.status.bad_dimension": (
        "无法识别“{text}”。可用：/status、/status 园区、/status 产业、/status 单位、/status 责任人",
        "“{text}” not understood. Try /status, /status 园区 (park), 产业 (industry), 单位 (unit), 责任人 (person)",
    ),
    # project card
    "office.card.project_title": ("<b>{name}</b> {light}", "<b>{name}</b> {light}"),
    "office.card.kind": (
        "类别：{category} · 阶段：{stage} · 状态：{state}",
        "Category: {category} · stage: {stage} · state: {state}",
    ),
    "office.card.where": ("工作组：{group} · 责任单位：{unit}", "Work group: {group} · unit: {unit}"),
    "office.card.park": ("园区：{park}", "Park: {park}"),
    "office.card.investor": ("投资方：{investor}", "Investor: {investor}"),
    "office.card.industry": ("产业：{industry}", "Industry: {industry}"),
    "office.card.people": (
        "项目负责人：{lead} · 联系领导：{liaison}",
        "Project lead: {lead} · liaison: {liaison}",
    ),
    "office.card.money": (
        "计划投资 {planned}；签约 {signed}；落地 {landed}；到位资金 {funds}",
        "Planned {planned}; signed {signed}; landed {landed}; funds arrived {funds}",
    ),
    "office.card.percent": ("完成进度 {percent}%", "{percent}% done"),
    "office.card.milestones": ("<b>节点</b>", "<b>Milestones</b>"),
    "office.card.milestone_line": (
        "· {light} {milestone} {date}{note}",
        "· {light} {milestone} {date}{note}",
    ),
    "office.card.done_on": ("（{date}完成）", " (done {date})"),
    "office.card.overdue_days": ("（逾期 {days} 天）", " ({days:day} overdue)"),
    "office.card.no_milestones": ("（尚未设定节点）", "(no milestones yet)"),
    "office.card.progress": (
        "<b>最近进展</b>（{date}，{author}）：{text}",
        "<b>Last progress</b> ({date}, {author}): {text}",
    ),
    "office.card.no_progress": ("<b>最近进展</b>：尚无报送", "<b>Last progress</b>: none yet"),
    "office.card.problems": ("存在问题：{text}", "Problems: {text}"),
    "office.card.problem_sep": ("；", "; "),
    "office.card.issues": (
        "待协调问题 {count} 个（/supervision 查看）",
        "{count} open coordination issue(s) (see /supervision)",
    ),
    "office.card.unknown": ("未填", "—"),
    # person card
    "office.card.person_title": ("<b>{name}</b>（{details}）", "<b>{name}</b> ({details})"),
    "office.card.person_group": ("工作组：{group} · 角色：{roles}", "Work group: {group} · roles: {roles}"),
    "office.card.phone": ("手机：{phone} · 账号：{account}", "Phone: {phone} · account: {account}"),
    "office.card.account_bound": ("已绑定", "linked"),
    "office.card.account_unbound": ("未绑定", "not linked"),
    "office.card.account_unreachable": ("无法送达（已屏蔽机器人）", "unreachable (blocked the bot)"),
    "office.card.away": (
        "今日：在外招商，{where}，至{until}",
        "Today: away on promotion, {where}, until {until}",
    ),
    "office.card.home": ("今日：未报备外出", "Today: no trip declared"),
    "office.card.returned_today": (
        "今日：外出招商（{where}），今日已返程",
        "Today: away on promotion ({where}), came back today",
    ),
    "office.card.reports": (
        "最近日报：{last} · 近30日日报 {count} 份",
        "Last report: {last} · {count} report(s) in the last 30 days",
    ),
    "office.card.never": ("无", "none"),
    "office.card.projects": (
        "负责项目 {count} 个，逾期节点 {overdue} 个",
        "Leads {count} project(s), {overdue} overdue milestone(s)",
    ),
    # weekdays (stages, categories, states, milestone kinds, issue statuses: core/vocabulary.py)
    "office.weekday.0": ("星期一", "Monday"),
    "office.weekday.1": ("星期二", "Tuesday"),
    "office.weekday.2": ("星期三", "Wednesday"),
    "office.weekday.3": ("星期四", "Thursday"),
    "office.weekday.4": ("星期五", "Friday"),
    "office.weekday.5": ("星期六", "Saturday"),
    "office.weekday.6": ("星期日", "Sunday"),
    "office.full_date": ("{year}年{date}", "{date}, {year}"),
    # the digest
    "digest.period.bad": (
        "无法识别“{text}”。可用：/digest、/digest 2026-11-30、/digest 11月、/digest 11月1日-11月15日、/digest 今天",
        "“{text}” not understood. Try /digest, /digest 2026-11-30, /digest 2026-11, "
        "/digest 2026-11-01 2026-11-15, /digest today",
    ),
    "digest.period.future": ("不能查询今天以后的简报。", "A digest cannot be for a day after today."),
    "digest.period.backwards": ("结束日期早于开始日期。", "The end comes before the start."),
    "digest.late": (
        "⏰ <i>补发：本简报原定于 {date} 发送，因机器人停机延后。</i>",
        "⏰ <i>Sent late: this digest was due on {date}; the bot was down.</i>",
    ),
    "digest.title": (
        "<b>📋 百团招商行动每日简报</b>\n{date} {weekday} · {scope}",
        "<b>📋 Daily digest</b>\n{weekday}, {date} · {scope}",
    ),
    "digest.calendar_warning": (
        "⚠️ 工作日历未覆盖 {years} 年，暂按周一至周五计算工作日。请指挥部办公室录入当年法定节假日和调休安排。",
        "⚠️ The working-day calendar does not cover {years}: Monday to Friday are assumed. "
        "Please enter that year's official holidays and make-up working days.",
    ),
    "digest.empty": ("{title}：无", "{title}: none"),
    "digest.counted": ("{title}（{count}）", "{title} ({count})"),
    "digest.labelled": ("{title}：{text}", "{title}: {text}"),
    "digest.sep": ("，", ", "),
    "digest.more": ("……另有 {count} 项未列出", "… and {count} more"),
    "digest.sec.score": (
        "<b>一、目标完成情况</b>（{since}至{date}，时间进度 {elapsed}%，按{basis}计）",
        "<b>1. Targets</b> ({since} to {date}, time schedule {elapsed}% in {basis})",
    ),
    "digest.stages": ("项目阶段（截至{date}）：{counts}", "Projects by stage (as of {date}): {counts}"),
    "digest.stages.count": ("{stage} {count}", "{stage} {count}"),
    "digest.basis.calendar": ("日历天数", "calendar days"),
    "digest.basis.workdays": ("工作日", "working days"),
    "digest.score.more": (
        "分园区、分产业、分单位：/status 园区 · /status 产业 · /status 单位",
        "By park, industry, unit: /status 园区 · /status 产业 · /status 单位",
    ),
    "digest.kind.range": ("汇总：{start}至{end}", "Summary: {start} to {end}"),
    "digest.kind.today": ("今日截至目前", "Today so far"),
    "digest.dated": ("{title}（{period}，{count}）", "{title} ({period}: {count})"),
    "digest.period.as_of": ("截至{date}", "as of {date}"),
    "digest.period.from": ("{date}起", "from {date}"),
    "digest.sec.out": ("<b>二、在外招商</b>", "<b>2. Out on promotion</b>"),
    "digest.sec.missing": ("<b>三、日报未报</b>", "<b>3. Daily reports missing</b>"),
    "digest.sec.leads": ("<b>四、新增线索</b>", "<b>4. New leads</b>"),
    "digest.sec.progress": ("<b>五、收到进度</b>", "<b>5. Progress received</b>"),
    "digest.sec.due": ("<b>六、{days}日内到期节点</b>", "<b>6. Milestones due within {days:day}</b>"),
    "digest.sec.overdue": ("<b>七、逾期未完成节点</b>", "<b>7. Overdue milestones</b>"),
    "digest.sec.issues": ("<b>八、待协调问题</b>", "<b>8. Open coordination issues</b>"),
    "digest.sec.stalled": (
        "<b>九、{days}日以上无进展项目</b>",
        "<b>9. Projects without progress for {days:day} or more</b>",
    ),
    "digest.stalled.line": (
        "· {project} — 负责人 {lead}，{unit}，{days} 天无进展（{since}）",
        "· {project} — lead {lead}, {unit}, {days:day} without progress ({since})",
    ),
    "digest.stalled.last": ("最近一次 {date}", "last on {date}"),
    "digest.stalled.never": ("{date}录入后从未报送", "never reported since entered on {date}"),
    "digest.stalled.nobody": ("未指定", "none"),
    "digest.sec.health": ("<b>十、消息送达</b>", "<b>10. Delivery</b>"),
    "digest.count.out": ("{count}个行程", "{count} trips"),
    "digest.count.missing": ("{days}，{count}人次", "{days}: {count}"),
    "digest.count.items": ("{count}个", "{count}"),
    "digest.count.progress": ("{count}条", "{count}"),
    "digest.days.range": ("{start}—{end}", "{start}–{end}"),
    "digest.score.line": (
        "<b>{name}</b>：签约 {signed}（新签约项目 {projects} 个），"
        "完成目标 {target} 的 {completion}%，{gap}；"
        "力争目标 {stretch}，完成 {stretch_completion}%；落地 {landed}；到位资金 {funds}",
        "<b>{name}</b>: signed {signed} (new signings: {projects}), "
        "{completion}% of the {target} target, {gap}; "
        "stretch target {stretch}: {stretch_completion}%; landed {landed}; funds arrived {funds}",
    ),
    "digest.score.line_no_target": (
        "<b>{name}</b>：签约 {signed}（新签约项目 {projects} 个）；落地 {landed}；到位资金 {funds}",
        "<b>{name}</b>: signed {signed} (new signings: {projects}); landed {landed}; funds arrived {funds}",
    ),
    "digest.score.unassigned": ("未分配工作组", "No work group"),
    "digest.score.total": ("合计", "Total"),
    "digest.gap.ahead": ("超前时序进度 {points} 个百分点", "{points} points ahead of schedule"),
    "digest.gap.behind": ("落后时序进度 {points} 个百分点", "{points} points behind schedule"),
    "digest.gap.even": ("与时序进度持平", "on schedule"),
    "digest.out.line": ("· {who}：{where}，至{until}，{last}", "· {who}: {where}, until {until}, {last}"),
    "digest.who": ("{name}（{details}）", "{name} ({details})"),
    "digest.out.companions": ("{names}同行", "with {names}"),
    "digest.out.last_report": ("最近日报 {date}", "last report {date}"),
    "digest.out.no_report": ("尚无日报", "no report yet"),
    "digest.out.nowhere": ("地点未填", "place not given"),
    "digest.out.open_end": ("返回日期未定", "return date open"),
    "digest.out.returned": ("{date}（已返程）", "{date} (came back)"),
    "digest.missing.line": ("· {who}：{dates}", "· {who}: {dates}"),
    "digest.sec.mismatch": ("<b>⚠️ 定位与行程不符</b>", "<b>⚠️ Locations off the itinerary</b>"),
    "digest.mismatch.line": (
        "· {who}：{date}定位在{place}，距行程城市{city}约{km}公里",
        "· {who}: on {date} at {place}, about {km} km from the itinerary city {city}",
    ),
    "digest.lead.investor": ("投资方：{name}", "investor: {name}"),
    "digest.lead.found_by": ("发现人：{name}", "found by {name}"),
    "digest.progress.line": ("· {project} — {author}：{details}", "· {project} — {author}: {details}"),
    "digest.progress.stage": ("阶段 {stage}", "stage {stage}"),
    "digest.progress.percent": ("完成 {percent}%", "{percent}% done"),
    "digest.progress.funds": ("到位资金 {amount}", "funds arrived {amount}"),
    "digest.progress.problems": ("⚠️有需协调问题", "⚠️ needs coordination"),
    "digest.progress.nothing": ("文字报送", "text only"),
    "digest.progress.anonymous": ("（未署名）", "(unsigned)"),
    "digest.due.line": (
        "· {date} {project}「{milestone}」— {who}",
        "· {date} {project} “{milestone}” — {who}",
    ),
    "digest.overdue.unit": ("<u>{unit}</u>（{count}个）", "<u>{unit}</u> ({count})"),
    "digest.overdue.no_unit": ("未明确责任单位", "No responsible unit"),
    "digest.overdue.line": (
        "· {project}「{milestone}」逾期 {days} 天（应于{date}完成）",
        "· {project} “{milestone}” {days:day} overdue (due {date})",
    ),
    "digest.issue.line": (
        "· {light} {code} {subject} — {unit}，已 {days} 天（{status}）",
        "· {light} {code} {subject} — {unit}, {days:day} ({status})",
    ),
    "digest.issue.subject": ("{project}：{description}", "{project}: {description}"),
    "digest.issue.no_unit": ("待明确责任单位", "unit not assigned"),
    "digest.health.line": (
        "近{days}日未送达 {dead} 条；无法联系 {people} 人",
        "undelivered in the last {days} days: {dead}; unreachable people: {people}",
    ),
    "digest.health.chats": ("；{count} 个群无法送达", "; {count} chats unreachable"),
    # the chart (plain text, no HTML)
    "chart.title": ("各工作组目标完成情况", "Targets by work group"),
    "chart.target": ("目标", "Target"),
    "chart.stretch": ("力争目标", "Stretch target"),
    "chart.signed": ("签约", "Signed"),
    "chart.landed": ("落地", "Landed"),
    "chart.schedule": ("时间进度", "Time schedule"),
    "chart.axis": ("亿元", "CNY 100 M"),
    "chart.unassigned": ("未分组", "No group"),
    "chart.file": ("目标完成情况.png", "scoreboard.png"),
    # the ranking notice
    "notice.title": (
        "关于“百团招商行动”第{week}周（{start}—{end}）工作情况的通报",
        "Ranking notice of the investment-promotion campaign, week {week} ({start}–{end})",
    ),
    "notice.salutation": ("各工作组、各责任单位：", "To all work groups and responsible units:"),
    "notice.summary": (
        "截至{date}，全市累计新签约项目 {projects} 个，签约投资 {signed}，"
        "完成年度目标 {target} 的 {completion}%，"
        "时间进度 {elapsed}%，{gap}；落地投资 {landed}，到位资金 {funds}。现将有关情况通报如下：",
        "As of {date}, the campaign has {projects} new signings worth {signed}, "
        "{completion}% of the {target} annual target, against a time schedule of {elapsed}% ({gap}); "
        "landed {landed}, funds arrived {funds}. "
        "The details follow.",
    ),
    "notice.sec.groups": ("一、工作组目标完成情况排名", "1. Work groups by target completion"),
    "notice.group.line": (
        "{rank}. {name}：签约 {signed}（新签约项目 {projects} 个），完成率 {completion}%，{gap}",
        "{rank}. {name}: signed {signed} (new signings: {projects}), {completion}% of target, {gap}",
    ),
    "notice.sec.units": ("二、责任单位节点完成情况排名", "2. Responsible units by milestone completion"),
    "notice.unit.line": (
        "{rank}. {unit}：应完成节点 {due} 个，已完成 {done} 个（按期 {on_time} 个），"
        "完成率 {completion}%{overdue}",
        "{rank}. {unit}: {due} milestone(s) due, {done} done ({on_time} on time), {completion}%{overdue}",
    ),
    "notice.unit.overdue": ("，逾期未完成 {count} 个", ", {count} overdue"),
    "notice.sec.overdue": ("三、逾期未完成节点（{count}个）", "3. Overdue milestones ({count})"),
    "notice.overdue.line": (
        "{n}. {unit}：{project}「{milestone}」，应于{date}完成，已逾期 {days} 天",
        "{n}. {unit}: {project} “{milestone}”, due {date}, {days:day} overdue",
    ),
    "notice.sec.missing": ("四、日报未按要求报送情况（{count}人次）", "4. Daily reports missing ({count})"),
    "notice.missing.line": (
        "{n}. {who}：未报 {count} 天（{dates}）",
        "{n}. {who}: {count} day(s) missing ({dates})",
    ),
    "notice.sec.stalled": (
        "五、{days}日以上无进展项目（{count}个，请责任人说明原因）",
        "5. Projects without progress for {days:day} or more ({count}; the leads are to explain why)",
    ),
    "notice.stalled.line": (
        "{n}. {project}：负责人 {lead}（{unit}），已 {days} 天无进展",
        "{n}. {project}: lead {lead} ({unit}), {days:day} without progress",
    ),
    "notice.none": ("无。", "None."),
    "notice.more": ("（另有 {count} 项，详见附件）", "({count} more in the attachment)"),
    "notice.sec.supervision": (
        "六、督办落实情况（本周新增、答复、办结及逾期，按责任单位）",
        "6. Supervision by unit (opened, answered, closed this week; overdue now)",
    ),
    "notice.supervision.line": (
        "{unit}：新增 {opened} 件，答复 {answered} 件，办结 {closed} 件（按期 {on_time} 件），逾期 {overdue} 件",
        "{unit}: {opened} opened, {answered} answered, {closed} closed ({on_time} on time), {overdue} overdue",
    ),
    "notice.supervision.col.unit": ("责任单位", "Unit"),
    "notice.supervision.col.opened": ("新增", "Opened"),
    "notice.supervision.col.answered": ("答复", "Answered"),
    "notice.supervision.col.closed": ("办结", "Closed"),
    "notice.supervision.col.on_time": ("按期办结", "Closed on time"),
    "notice.supervision.col.overdue": ("逾期", "Overdue"),
    "notice.closing": (
        "请排名靠后的工作组和存在逾期节点的责任单位认真分析原因，明确整改措施和完成时限，加快推进。"
        "对连续两周排名末位、节点严重滞后的，将按有关规定约谈问责。",
        "Work groups ranked last and units with overdue milestones are asked to analyse the causes and set "
        "remedial measures with deadlines. Those ranked last two weeks running, or seriously behind, will be "
        "called to account.",
    ),
    "notice.signature": (
        "百团招商行动指挥部办公室\n{date}",
        "Command office of the investment-promotion campaign\n{date}",
    ),
    "notice.review.header": (
        "📝 <b>通报草稿，请审核</b>（发布后推送至各工作群和订阅人）",
        "📝 <b>Draft ranking notice for review</b> (publishing posts it to the office chats and subscribers)",
    ),
    "notice.review.footer": ("状态：{status}", "Status: {status}"),
    "notice.btn.publish": ("发布", "Publish"),
    "notice.btn.discard": ("放弃", "Discard"),
    "notice.published_to": (
        "✅ 已发布，推送至 {count} 个群/订阅。",
        "✅ Published to {count} chat(s)/subscription(s).",
    ),
    "notice.discarded": ("🗑 已放弃该通报草稿。", "🗑 Draft discarded."),
    "notice.already_published": ("该通报已发布。", "This notice has been published already."),
    "notice.already_discarded": ("该通报草稿已放弃。", "This draft has been discarded."),
    "notice.status.draft": ("草稿", "draft"),
    "notice.status.published": ("已发布", "published"),
    "notice.status.discarded": ("已放弃", "discarded"),
    "notice.file": ("通报_{period}", "ranking_{period}"),
    "notice.attachment_note": (
        "附件：排名明细（Excel）、通报正文（Word 公文格式、纯文本）。",
        "Attached: the ranking tables (Excel) and the notice as a Word document and as plain text.",
    ),
    # broadcasts
    "broadcast.choose": ("请选择通知发送对象：", "Who should receive the notice?"),
    "broadcast.aud.all": ("全体人员", "Everyone"),
    "broadcast.ask_text": (
        "发送对象：{audience}。\n请输入通知内容（发送 /cancel 取消）：",
        "Recipients: {audience}.\nNow send the text of the notice (/cancel to stop):",
    ),
    "broadcast.need_text": ("请发送文字内容，或发送 /cancel 取消。", "Please send text, or /cancel."),
    "broadcast.preview": (
        "<b>通知预览</b>\n发送对象：{audience}，共 {count} 人{unbound}\n\n{text}",
        "<b>Preview</b>\nRecipients: {audience}, {count} people{unbound}\n\n{text}",
    ),
    "broadcast.unbound": (
        "（另有 {count} 人未绑定账号，无法接收）",
        " (and {count} without a linked account, who cannot receive it)",
    ),
    "broadcast.btn.send": ("发送", "Send"),
    "broadcast.btn.cancel": ("取消", "Cancel"),
    "broadcast.btn.refresh": ("刷新", "Refresh"),
    "broadcast.cancelled": ("已取消，通知未发送。", "Cancelled; nothing was sent."),
    "broadcast.status": (
        "<b>通知 #{id}</b>（发送对象：{audience}）\n"
        "共 {total} 人：已送达 {sent}，发送中 {pending}，无法送达 {unreachable}",
        "<b>Notice #{id}</b> (recipients: {audience})\n{total} in all: {sent} delivered, {pending} pending, "
        "{unreachable} unreachable",
    ),
    "broadcast.message": (
        "<b>📢 指挥部通知</b>\n\n{text}\n\n—— {author}",
        "<b>📢 Notice from the command office</b>\n\n{text}\n\n— {author}",
    ),
    "broadcast.empty": ("通知内容不能为空。", "The notice is empty."),
    "broadcast.too_long": (
        "通知太长（{length} 字），请控制在 {limit} 字以内。",
        "Too long ({length} characters); keep it under {limit}.",
    ),
    "broadcast.nobody": ("该范围内没有可发送的人员。", "Nobody is in that audience."),
    "broadcast.bad_audience": (
        "发送对象无效，请重新选择。",
        "That audience is not valid; please choose again.",
    ),
    "broadcast.not_found": (
        "未找到该通知，可能已取消。",
        "That notice was not found; it may have been cancelled.",
    ),
    "broadcast.already_sent": ("该通知已发送。", "That notice has been sent already."),
    "broadcast.none_sent": ("您还没有发送过通知。", "You have not sent a notice yet."),
    "broadcast.group_gone": ("该工作组已不存在。", "That work group no longer exists."),
    # export
    "export.caption": ("📊 招商台账（{scope}，截至{date}）", "📊 Campaign ledger ({scope}, as of {date})"),
    "export.sent_privately": (
        "📊 招商台账（{scope}）含个人信息（手机号），已私信发送给 {name}，不在群内发布。",
        "📊 The campaign ledger ({scope}) holds personal data (phone numbers), so it was sent to {name} in a "
        "private chat, not posted here.",
    ),
    "export.private_failed": (
        "招商台账含个人信息，只能私信发送，但无法私信 {name}。请先私聊机器人，再在私聊中发送 /export。",
        "The ledger holds personal data and is sent only in a private chat, but {name} cannot be reached there. "
        "Open a private chat with the bot and send /export there.",
    ),
    # /audit (admins)
    "cmd.audit": ("审计日志", "Audit log"),
    "audit.title": ("<b>最近的操作记录</b>", "<b>Recent audit events</b>"),
    "audit.title.about": ("<b>操作记录：{about}</b>", "<b>Audit events: {about}</b>"),
    "audit.empty": ("暂无记录。", "Nothing recorded."),
    "audit.system": ("系统/命令行", "system / command line"),
    "audit.line": (
        "{at} {actor}：{action}（{entity} #{entity_id}）{details}",
        "{at} {actor}: {action} ({entity} #{entity_id}) {details}",
    ),
    "audit.usage_hint": (
        "按人员查看：/audit 姓名或手机号；按对象查看：/audit 行程 12、/audit 日报 5、/audit 导入",
        "By person: /audit name-or-phone; by object: /audit trip 12, /audit report 5, /audit import",
    ),
    "audit.button.export": ("📥 导出审计日志（Excel）", "📥 Export the audit log (Excel)"),
    "audit.export_caption": ("审计日志（最近 {rows} 条）", "Audit log (latest {rows} events)"),
    "audit.action.person.bind": ("绑定账号", "linked an account"),
    "audit.action.person.rebind": ("更换绑定账号", "moved to a new account"),
    "audit.action.person.unbind": ("解除账号绑定", "account detached"),
    "audit.action.person.add": ("登记人员", "registered a person"),
    "audit.action.invite.create": ("生成邀请链接", "created an invite"),
    "audit.action.trip.return": ("结束行程", "closed a trip"),
    "audit.action.trip.reopen": ("重新打开行程", "reopened a trip"),
    "audit.action.trip.return_corrected": ("更正返程日期", "corrected a return day"),
    "audit.action.report.create": ("提交日报", "filed a report"),
    "audit.action.report.edit": ("修改日报", "edited a report"),
    "audit.action.import.people": ("导入人员", "imported people"),
    "audit.action.import.groups": ("导入工作组", "imported work groups"),
    "audit.action.import.projects": ("导入项目计划", "imported the project plan"),
    "audit.action.project.funds_correction": ("更正到位资金", "corrected funds"),
}
