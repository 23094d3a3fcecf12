"""Texts of delivery: TEXTS = {key: (zh, en)}."""

TEXTS = {
    "notify.person_unreachable": (
        "⚠️ {name}（{unit}）已屏蔽机器人或无法接收消息，后续提醒将无法送达，请电话联系。",
        "⚠️ {name} ({unit}) has blocked the bot or cannot be reached; reminders will not arrive. Please call them.",
    ),
}
