"""Texts of reports: TEXTS = {key: (zh, en)}."""

TEXTS = {
    "cmd.report": ("填报外出日报", "File a daily trip report"),
    # ------------------------------------------------------------------ daily reports
    "report.none": (
        "您当前没有需要填报的外出日报。外出前请先用 /trip 报备行程。",
        "There is no trip day to report on. Declare a trip with /trip first.",
    ),
    "report.all_done": ("近期的外出日报都已填报，谢谢！", "All your recent trip reports are in. Thank you!"),
    "report.choose": ("请选择要填报的日期：", "Which day do you report on?"),
    "report.slot": ("{day} {city}{mark}", "{day} {city}{mark}"),
    "report.mark.late": ("（补报）", " (late)"),
    "report.mark.done": ("（已报）", " (filed)"),
    "report.begin": (
        "<b>{day}外出日报</b>{late}\n行程：{cadre}　{city}",
        "<b>Trip report for {day}</b>{late}\nTrip: {cadre} · {city}",
    ),
    "report.editing": (
        "您已提交过当天的日报，以下将修改原内容（修改会留痕）。",
        "You filed this report already; what follows changes it (changes are recorded).",
    ),
    "report.ask_place": (
        "当天在哪里？点击按钮确认，或输入所在城市，也可以发送定位📍。",
        "Where were you? Press the button, type the city, or share your location 📍.",
    ),
    "report.ask_visits": (
        "拜访了哪些企业或人员？（多个用顿号分隔）",
        "Which companies or people did you visit? (separate with 、)",
    ),
    "report.ask_outcome": ("洽谈成果如何？", "What came of it?"),
    "report.ask_leads": (
        "有无新线索？每行一条：企业名称 产业 意向投资，例如：\n<i>比亚迪 新能源汽车 约5亿元</i>\n没有请点“无”。",
        "Any new leads? One a line: company, industry, intended investment, e.g.\n"
        "<i>比亚迪 新能源汽车 约5亿元</i>\nPress “None” if there are none.",
    ),
    "report.known_leads": ("已登记的线索：{names}", "Leads already recorded: {names}"),
    "report.ask_photos": (
        "可发送现场照片（可多张），发完点“完成”；没有请点“跳过”。",
        "Send photos if you have any (several are fine), then press “Done”; or “Skip”.",
    ),
    "report.photo_saved": (
        "已收到照片{count}张，可继续发送，或点“完成”。",
        "{count} photo(s) received; send more or press “Done”.",
    ),
    "report.photo_please": ("请发送照片，或点“完成”。", "Send a photo, or press “Done”."),
    "report.ask_coauthors": (
        "同行人员是否一并报送（联合日报，计入其日报）？点击姓名选择，然后点“完成”。",
        "Does this report cover your companions too (joint report)? Tap names, then “Done”.",
    ),
    "report.location_pin": ("（定位：{place}）", "(location: {place})"),
    "report.location_unknown": ("境外或无法识别", "abroad or unknown"),
    "report.location_far": (
        "⚠️ 定位在{place}，距行程城市{city}约{km}公里，与行程不符；如行程有变，请在 /mytrips 中修改。",
        "⚠️ The location ({place}) is about {km} km from the itinerary city {city}; "
        "if your plans changed, update the trip in /mytrips.",
    ),
    "report.button.here": ("📍 {city}", "📍 {city}"),
    "report.button.none": ("无", "None"),
    "report.button.skip": ("跳过", "Skip"),
    "report.button.done": ("完成", "Done"),
    "report.button.keep": ("保留原内容", "Keep as it was"),
    "report.button.submit": ("✅ 提交", "✅ Submit"),
    "report.button.discard": ("✖️ 放弃", "✖️ Discard"),
    "report.button.fill": ("📝 填报", "📝 Report"),
    "report.review.title": ("<b>请核对日报</b>　{day}{late}", "<b>Please check the report</b> · {day}{late}"),
    "report.review.place": ("地点：{place}", "Where: {place}"),
    "report.review.visits": ("拜访：{text}", "Visited: {text}"),
    "report.review.outcome": ("成果：{text}", "Outcome: {text}"),
    "report.review.lead": ("新线索：{company}{industry}{amount}", "New lead: {company}{industry}{amount}"),
    "report.review.photos": ("照片：{count}张", "Photos: {count}"),
    "report.review.coauthors": ("联合报送：{names}", "Joint report with: {names}"),
    "report.review.none": ("（未填）", "(none)"),
    "report.saved": ("✅ {day}日报已提交{late}。", "✅ Report for {day} filed{late}."),
    "report.edited": (
        "✅ {day}日报已修改（已留痕）。",
        "✅ Report for {day} changed (the change is recorded).",
    ),
    "report.leads_created": ("新增线索项目：{names}", "New lead projects: {names}"),
    "report.leads_known": (
        "以下企业已在项目库中，未重复登记：{names}",
        "Already in the project list, not added again: {names}",
    ),
    "report.coauthored": ("已计入同行人员日报：{names}", "Counted as the report of: {names}"),
    "report.discarded": ("已放弃，未提交。", "Discarded; nothing was filed."),
    "report.trip_not_open": (
        "该行程未确认或已取消，不能填报日报。",
        "That trip is not confirmed or was cancelled.",
    ),
    "report.field.place": ("📍 改地点", "📍 Place"),
    "report.field.visits": ("🏢 改拜访情况", "🏢 Visits"),
    "report.field.outcome": ("📈 改成效", "📈 Outcome"),
    "report.field.leads": ("💡 改线索", "💡 Leads"),
    "report.field.photos": ("📷 改照片", "📷 Photos"),
    "report.too_late": (
        "{day}已超过补报期限（可补报最近 {days} 天，最早 {earliest}）。如需补充说明，请联系指挥部办公室。",
        "{day} is past the late-report window (the last {days} day(s), from {earliest}). Contact the office if needed.",
    ),
    "report.bad_day": (
        "没看懂日期“{text}”。请写成 /report 昨天 或 /report 11月30日。",
        "Could not read the date “{text}”. Write it like /report 昨天 (yesterday) or /report 11月30日.",
    ),
    "report.no_trip_on": (
        "{day}没有已报备的外出行程，无需填报日报。",
        "You had no declared trip on {day}, so there is no report to file.",
    ),
    "report.day_done": (
        "{day}的日报已填报。当天的日报只能在当天修改。",
        "The report for {day} is in. A report can be changed only on the day it was filed.",
    ),
    "report.future_day": ("{day}还没到，不能提前填报。", "{day} has not come yet; you cannot report on it."),
    "report.not_trip_day": ("{day}不在该行程的日程内。", "{day} is not a day of that trip."),
    "report.covered": (
        "{day}的日报已由{name}联合报送，已计入您的日报，无需再报。",
        "{name} filed a joint report for {day} that counts as yours; nothing more to do.",
    ),
    "report.edit_closed": (
        "{day}的日报已提交，只能在提交当天修改。",
        "The report for {day} is filed; it can only be changed on the day it was filed.",
    ),
    "report.bad_coauthor": ("联合报送人员不在本次行程中。", "A joint-report companion is not on this trip."),
    "report.lead_unreadable": (
        "没有看懂这条线索：“{line}”。请按“企业名称 产业 意向投资”填写，例如：比亚迪 新能源汽车 约5亿元",
        "Could not read the lead “{line}”. Write “company industry amount”, e.g. 比亚迪 新能源汽车 约5亿元",
    ),
    "notify.report.remind": (
        "<b>日报提醒</b>\n{day}您在{city}{with_cadre}，尚未填报外出日报。请点“填报”，或直接回复本消息。",
        "<b>Report reminder</b>\nOn {day} you were in {city}{with_cadre} and have not filed a trip report. "
        "Press “Report”, or reply to this message.",
    ),
    "notify.report.with_cadre": ("（随{cadre}外出）", " (with {cadre})"),
    "notify.report.escalation": (
        "<b>外出日报缺报</b>（{period}）\n以下人员未按时填报外出日报：",
        "<b>Missing trip reports</b> ({period})\nThese reports were not filed:",
    ),
    "notify.report.escalation_item": (
        "• {name}{group}：{day}，{city}{with_cadre}",
        "• {name}{group}: {day}, {city}{with_cadre}",
    ),
}
