TEXTS = {
    "calendar.bad_kind": (
        "无法识别日期类型“{kind}”，请填写“放假”或“上班”。",
        "Unknown kind of day “{kind}”: use holiday or workday.",
    ),
    "notify.ping": ("测试消息 #{n}", "Test message #{n}"),
    "notify.person_unreachable": (
        "⚠️ {name}（{unit}）已屏蔽机器人或无法接收消息，后续提醒将无法送达，请电话联系。",
        "⚠️ {name} ({unit}) has blocked the bot or cannot be reached; reminders will not arrive. Please call them.",
    ),
}
