"""Texts of trips: TEXTS = {key: (zh, en)}."""

TEXTS = {
    # ------------------------------------------------------------------ menu
    "cmd.trip": ("申报外出招商行程", "Declare a promotion trip"),
    "cmd.mytrips": ("我的行程", "My trips"),
    "cmd.back": ("返程总结", "Back from a trip: summary"),
    "cmd.travelling": ("今日外出人员", "Who is out today"),
    # ------------------------------------------------------------------ declaring
    "trip.prompt": (
        "请用一句话说明行程，例如：\n"
        "<i>明天去深圳拜访华为和比亚迪，后天返回</i>\n"
        "<i>12月8日至10日赴上海浦东参加推介会，同行李四</i>\n"
        "也可以点击“表单填写”逐项填写。",
        "Describe the trip in one line (in Chinese), for example:\n"
        "<i>明天去深圳拜访华为和比亚迪，后天返回</i>\n"
        "<i>12月8日至10日赴上海浦东参加推介会，同行李四</i>\n"
        "Or press “Use the form” to fill it in step by step.",
    ),
    "trip.card.draft": ("<b>请核对行程</b>", "<b>Please check the trip</b>"),
    "trip.card.review": ("<b>请核对行程</b>（表单）", "<b>Please check the trip</b> (form)"),
    "trip.card.view": ("<b>行程详情</b>　{status}", "<b>Trip</b> · {status}"),
    "trip.card.cadre": ("申报人：{name}{group}", "Declared by: {name}{group}"),
    "trip.card.leg": ("{n}. {place}　{dates}", "{n}. {place} · {dates}"),
    "trip.card.targets": ("　拜访：{targets}", "   visiting: {targets}"),
    "trip.card.year": ("⚠️ 注意年份：{years}年", "⚠️ Note the year: {years}"),
    "trip.card.purpose": ("事由：{purpose}", "Purpose: {purpose}"),
    "trip.card.companions": ("同行人员：{names}", "Travelling with: {names}"),
    "trip.card.ask_confirm": (
        "核对无误请点“确认”，行程将报送指挥部办公室。",
        "If it is right, press “Confirm” and the trip goes to the command office.",
    ),
    "trip.dates.one": ("{start}（1天）", "{start} (1 day)"),
    "trip.dates.span": ("{start}至{end}（{days}天）", "{start} – {end} ({days:day})"),
    "trip.group": ("（{group}）", " ({group})"),
    "trip.button.form": ("📝 表单填写", "📝 Use the form"),
    "trip.button.confirm": ("✅ 确认", "✅ Confirm"),
    "trip.button.edit": ("✏️ 修改", "✏️ Change"),
    "trip.button.cancel": ("✖️ 取消", "✖️ Cancel"),
    "trip.confirmed": (
        "✅ 行程已确认，已报送指挥部办公室。外出期间请每天用 /report 填报日报。",
        "✅ Trip confirmed and sent to the command office. While away, file a daily report with /report.",
    ),
    "trip.changed": ("✅ 行程变更已报送指挥部办公室。", "✅ The change has been sent to the command office."),
    "trip.discarded": ("已取消，本次行程未报送。", "Cancelled; nothing was sent."),
    "trip.cancelled": (
        "行程已取消，已通知指挥部办公室和同行人员。",
        "Trip cancelled; the command office and your companions have been told.",
    ),
    "trip.status.planned": ("已报备", "declared"),
    "trip.status.ongoing": ("外出中", "under way"),
    "trip.status.upcoming": ("已报备", "declared"),
    "trip.status.ended": ("行程已结束，待返程", "ended, not closed yet"),
    "trip.status.returned": ("已返程", "returned"),
    "trip.status.cancelled": ("已取消", "cancelled"),
    "trip.status.draft": ("待确认", "draft"),
    # ------------------------------------------------------------------ what a trip line left open
    "trip.ask.dates": (
        "目的地：{places}。请问哪天出发、哪天返回？例如“明天”“12月8日至10日”“明后两天”。",
        "Destination: {places}. When do you leave and come back? E.g. “明天”, “12月8日至10日”, “明后两天”.",
    ),
    "trip.ask.place": (
        "日期：{dates}。请问去哪里？例如“深圳”“上海浦东”“苏州、无锡”。",
        "Dates: {dates}. Where are you going? E.g. “深圳”, “上海浦东”, “苏州、无锡”.",
    ),
    "trip.ask.split": (
        "{places}共{dates}，各地各几天？请选择：",
        "{places} share {dates}: how do the days divide? Choose one:",
    ),
    "trip.ask.split_none": (
        "{places}共{dates}，请写明各地几天，如“苏州2天、无锡1天”，或用表单逐段填写。",
        "{places} share {dates}. Say how many days each, e.g. “苏州2天、无锡1天”, or use the form.",
    ),
    "trip.split_days": (
        "行程中几个城市共用同一段日期，请写明各地几天，如“苏州2天、无锡1天”。",
        "Several cities share the same dates; say how many days each, e.g. “苏州2天、无锡1天”.",
    ),
    "trip.question_gone": (
        "这个问题已过期，请重新发送行程。",
        "That question has expired; please send the trip again.",
    ),
    "trip.near_miss": (
        "要申报外出招商行程，请用一句话写明日期和地点，例如：\n<i>明天去深圳拜访华为，后天返回</i>\n"
        "<i>12月16日-18日，苏州2天、无锡1天，考察光伏企业</i>\n也可以发送 /trip 用表单填写。",
        "To declare a promotion trip, write the dates and the place in one line (in Chinese), e.g.:\n"
        "<i>明天去深圳拜访华为，后天返回</i>\n<i>12月16日-18日，苏州2天、无锡1天，考察光伏企业</i>\n"
        "Or send /trip and use the form.",
    ),
    # ------------------------------------------------------------------ what is wrong with a trip
    "trip.no_place": (
        "没有识别出目的地。请写明城市或区县，如“去深圳南山”；也可以发送 /trip 用表单填写。",
        "No destination found. Name a city or district, e.g. “去深圳南山”, or send /trip and use the form.",
    ),
    "trip.no_dates": (
        "没有识别出日期。请写明出发日期，如“明天”“12月8日至10日”。",
        "No date found. Say when you leave, e.g. “明天” or “12月8日至10日”.",
    ),
    "trip.end_before_start": (
        "返回日期（{end}）早于出发日期（{start}），请检查。",
        "The return day ({end}) is before the departure day ({start}); please check.",
    ),
    "trip.legs_overlap": (
        "各段行程的日期有重叠，请检查。",
        "The legs of the itinerary overlap; please check.",
    ),
    "trip.too_long": (
        "行程{start}至{end}超过{limit}天，请分段申报。",
        "A trip from {start} to {end} is longer than {limit} days; please declare it in parts.",
    ),
    "trip.start_in_past": (
        "出发日期{start}已过（最早只能补报到{earliest}），请检查日期。",
        "The departure day {start} has passed (the earliest allowed is {earliest}); please check the dates.",
    ),
    "trip.overlaps_own": (
        "与您已报备的行程冲突：{place}，{start}至{end}。如需调整，请在 /mytrips 中修改该行程。",
        "This clashes with your declared trip to {place}, {start} – {end}. Change that one in /mytrips.",
    ),
    "trip.unknown_companions": (
        "同行人员“{names}”不在登记名单中。请核对姓名，或请指挥部办公室先行登记。",
        "Companion(s) “{names}” are not registered. Check the names, or ask the command office to register them.",
    ),
    "trip.ambiguous_companion": (
        "有{count}人名为“{name}”，无法确定是哪一位，请联系指挥部办公室。",
        "{count} people are named “{name}”; please ask the command office which one to use.",
    ),
    "trip.already_confirmed": ("该行程已确认，无需重复操作。", "That trip is already confirmed."),
    "trip.closed": (
        "该行程已结束或已取消，不能再修改。",
        "That trip is over or cancelled and cannot be changed.",
    ),
    "trip.cancel_has_reports": (
        "该行程已有日报，不能取消。如已提前返回，请发送 /back 填写返程总结。",
        "That trip already has reports and cannot be cancelled. If you came back early, send /back.",
    ),
    "trip.changed_meanwhile": (
        "行程在此期间已有变动，请在 /mytrips 中重新打开后再修改。",
        "The trip changed meanwhile; open it again in /mytrips.",
    ),
    "trip.not_started": (
        "行程尚未开始（{start}出发），还不能填写返程总结。",
        "The trip has not started yet (leaving {start}); there is nothing to close.",
    ),
    "trip.bad_date": (
        "没有看懂日期“{text}”。请在日历中点选，或输入如“12月8日”。",
        "Could not read the date “{text}”. Pick it in the calendar or type e.g. “12月8日”.",
    ),
    # ------------------------------------------------------------------ the form
    "form.place": (
        "第{n}段行程：请输入目的地（城市或区县），如“深圳南山”。",
        "Leg {n}: where to? Type a city or district, e.g. “深圳南山”.",
    ),
    "form.start": ("请选择出发日期（{place}）：", "Departure day ({place}):"),
    "form.end": ("请选择返回日期（出发：{start}）：", "Return day (leaving {start}):"),
    "form.targets": (
        "请输入拟拜访的企业或人员（多个用顿号分隔）；没有请点“跳过”。",
        "Companies or people to visit (separate with 、); press “Skip” if none.",
    ),
    "form.purpose": ("请输入外出事由，如“参加招商推介会”。", "Purpose of the trip, e.g. “参加招商推介会”."),
    "form.companions": (
        "请输入同行人员姓名（多个用顿号分隔）；没有请点“无同行人员”。",
        "Names of the people travelling with you (separate with 、), or press “Nobody”.",
    ),
    "form.chosen": ("{label}：{value}", "{label}: {value}"),
    "form.label.start": ("出发日期", "Departure"),
    "form.label.end": ("返回日期", "Return"),
    "form.button.keep": ("保留：{value}", "Keep: {value}"),
    "form.button.skip": ("跳过", "Skip"),
    "form.button.nobody": ("无同行人员", "Nobody"),
    "form.button.add_leg": ("➕ 增加一段行程", "➕ Add a leg"),
    "form.button.redo": ("🔁 全部重新填写", "🔁 Go through it all again"),
    "form.field.place": ("📍 改地点", "📍 Place"),
    "form.field.dates": ("📅 改日期", "📅 Dates"),
    "form.field.targets": ("🏢 改拜访对象", "🏢 Visits"),
    "form.field.purpose": ("📝 改事由", "📝 Purpose"),
    "form.field.companions": ("👥 改同行人员", "👥 Companions"),
    "form.field.of_leg": ("{n}·{field}", "{n}·{field}"),
    "form.button.abort": ("取消填写", "Stop"),
    "form.text_please": ("请输入文字，或点击上方按钮。", "Please type it, or use the buttons above."),
    "form.aborted": ("已取消填写，未作任何更改。", "Stopped; nothing was changed."),
    # ------------------------------------------------------------------ my trips
    "mytrips.title": (
        "<b>我的行程</b>（点击查看、修改或取消）",
        "<b>My trips</b> (tap one to view, change or cancel)",
    ),
    "mytrips.empty": (
        "您还没有报备的行程。发送 /trip 申报。",
        "You have no declared trips. Send /trip to declare one.",
    ),
    "mytrips.item": ("{status}｜{place} {dates}", "{status} | {place} {dates}"),
    "mytrips.companion_of": ("（随{cadre}）", " (with {cadre})"),
    "mytrips.cancel_confirm": (
        "确定取消这次行程吗？将通知指挥部办公室和同行人员。",
        "Cancel this trip? The command office and your companions will be told.",
    ),
    "mytrips.button.cancel": ("✖️ 取消行程", "✖️ Cancel the trip"),
    "mytrips.button.cancel_yes": ("确定取消", "Yes, cancel it"),
    "mytrips.button.list": ("« 返回列表", "« Back to the list"),
    "mytrips.button.report": ("📝 填报日报", "📝 Daily report"),
    "mytrips.button.back": ("🏠 返程总结", "🏠 Back home"),
    # ------------------------------------------------------------------ back home
    "back.none": ("您当前没有外出中的行程。", "You have no trip under way."),
    "back.choose": ("请选择要结束的行程：", "Which trip are you back from?"),
    "back.ask": (
        "欢迎返程！请用几句话总结本次外出（{place}，{dates}）：主要成果和后续跟进事项。",
        "Welcome back! Summarise the trip ({place}, {dates}) in a few lines: results and follow-ups.",
    ),
    "back.button.no_summary": ("暂不填写总结", "No summary for now"),
    "back.confirm": (
        "请确认结束以下行程，确认后将报送指挥部：\n<b>{place}</b>，{dates}\n返程总结：{summary}",
        "Please confirm you are back from this trip; the office will be told:\n<b>{place}</b>, {dates}\nSummary: {summary}",
    ),
    "back.button.close": ("✅ 确认返程", "✅ Confirm: I am back"),
    "back.button.rewrite": ("✏️ 重写总结", "✏️ Rewrite the summary"),
    "back.press_button": (
        "请点击上方“确认返程”或“重写总结”。",
        "Please press “Confirm: I am back” or “Rewrite the summary” above.",
    ),
    "back.rewrite": ("请重新输入返程总结：", "Please type the summary again:"),
    "mytrips.button.reopen": ("↩️ 重新打开行程", "↩️ Reopen the trip"),
    "mytrips.button.fix_return": ("📅 更正返程日期", "📅 Correct the return day"),
    "mytrips.reopened": (
        "行程已重新打开，指挥部已收到通知。可在此修改行程，回来后再发送 /back。",
        "The trip is open again and the office has been told. You can change it here, and send /back when you are back.",
    ),
    "trip.day_button": ("{day}", "{day}"),
    "mytrips.fix_return_ask": ("请选择实际返程日期：", "On which day did you really come back?"),
    "mytrips.return_fixed": (
        "返程日期已更正为 {day}，指挥部已收到通知。",
        "The return day is now {day}; the office has been told.",
    ),
    "trip.reopen_clash": (
        "不能这样修改：您在 {start} 至 {end} 已有另一个行程。请先调整那个行程。",
        "That cannot be done: you have another trip from {start} to {end}. Change that trip first.",
    ),
    "trip.not_returned": ("该行程尚未结束。", "That trip has not been closed."),
    "trip.bad_return_day": (
        "返程日期 {day} 不在行程内（{start} 至 {end}）。",
        "{day} is not within the trip ({start} to {end}).",
    ),
    "trip.return_before_report": (
        "{reported} 已有日报，返程日期不能早于该日。",
        "There is a daily report for {reported}; the return day cannot be earlier.",
    ),
    "trip.same_return_day": (
        "返程日期已是 {day}，未作更改。",
        "The return day is already {day}; nothing changed.",
    ),
    "notify.trip.reopened": (
        "<b>行程重新打开</b>\n{cadre}{group}重新打开了已结束的行程：{place}，{dates}",
        "<b>Trip reopened</b>\n{cadre}{group} reopened a closed trip: {place}, {dates}",
    ),
    "notify.trip.return_corrected": (
        "<b>返程日期更正</b>\n{cadre}{group}的行程（{place}，{dates}）返程日期更正为 {day}",
        "<b>Return day corrected</b>\n{cadre}{group}: the trip ({place}, {dates}) ended on {day}",
    ),
    "back.done": (
        "<b>行程已结束</b>　{place}\n{dates}\n"
        "外出{days}天，到访城市：{cities}\n"
        "日报{reports}篇，拜访{visits}家（人）次，新增线索{leads}条，意向投资{investment}\n"
        "已报送指挥部办公室。",
        "<b>Trip closed</b> · {place}\n{dates}\n"
        "{days:day} away; cities: {cities}\n"
        "{reports} reports, {visits} visits, {leads} new leads, intended investment {investment}\n"
        "The command office has been told.",
    ),
    # ------------------------------------------------------------------ notifications
    "notify.trip.declared": (
        "<b>外出招商报备</b>\n{cadre}{group}报备行程：",
        "<b>Trip declared</b>\n{cadre}{group}:",
    ),
    "notify.trip.declared_companion": (
        "<b>同行通知</b>\n{cadre}报备了外出招商行程，您是同行人员：",
        "<b>You are travelling</b>\n{cadre} declared a promotion trip with you:",
    ),
    "notify.trip.changed": (
        "<b>行程变更</b>（第{version}版）\n{cadre}{group}的行程调整为：",
        "<b>Trip changed</b> (version {version})\n{cadre}{group} now plans:",
    ),
    "notify.trip.before": ("原行程：{legs}", "Before: {legs}"),
    "notify.trip.cancelled": (
        "<b>行程取消</b>\n{cadre}{group}已取消行程：",
        "<b>Trip cancelled</b>\n{cadre}{group} cancelled:",
    ),
    "notify.trip.returned": (
        "<b>返程报告</b>\n{cadre}{group}已结束行程：{place}，{dates}\n"
        "外出{days}天，到访城市：{cities}\n"
        "日报{reports}篇，拜访{visits}家（人）次，新增线索{leads}条，意向投资{investment}",
        "<b>Back from a trip</b>\n{cadre}{group} closed the trip: {place}, {dates}\n"
        "{days:day}; cities: {cities}\n"
        "{reports} reports, {visits} visits, {leads} new leads, intended investment {investment}",
    ),
    "notify.trip.summary": ("总结：{summary}", "Summary: {summary}"),
    "notify.trip.ask_return": (
        "您的行程（{place}，{dates}）已结束。请点击“返程总结”，简要总结本次外出。",
        "Your trip ({place}, {dates}) has ended. Press “Back home” to close it with a short summary.",
    ),
    # ------------------------------------------------------------------ who is out
    "travelling.title": ("<b>{day}外出人员</b>（{count}人）", "<b>Out on {day}</b> ({count})"),
    "travelling.empty": ("{day}没有外出招商人员。", "Nobody is out on a promotion trip on {day}."),
    "travelling.row": (
        "• {name}{group}：{where}，至{until}{with_cadre}\n　最近日报：{last}",
        "• {name}{group}: {where}, until {until}{with_cadre}\n   last report: {last}",
    ),
    "travelling.last": ("{day} {city}", "{day} {city}"),
    "travelling.no_report": ("暂无", "none yet"),
    "travelling.returned": ("（今日已返程）", " (came back today)"),
}
