"""Texts of general: TEXTS = {key: (zh, en)}."""

TEXTS = {
    # a private-chat command sent in a group
    "group.private_only": (
        "请在与我的私聊中使用 /{command}。",
        "Please use /{command} in a private chat with me.",
    ),
    # help and language
    "help.header": ("<b>招商引资报送机器人</b>\n{name}，您可以使用：", "<b>zsbot</b>\n{name}, you can use:"),
    "help.group.header": (
        "<b>招商引资报送机器人</b>\n{name}，在群里可以使用（群内只显示汇总，不含个人信息）：",
        "<b>zsbot</b>\n{name}, in this group you can use (groups get summaries only, no personal data):",
    ),
    "help.group.private": (
        "以下命令请私聊机器人使用：",
        "Use these in a private chat with the bot:",
    ),
    "help.group.footer": (
        "/export 在群里发送时，台账将私信发给您。",
        "/export sent here delivers the ledger to you in a private chat.",
    ),
    "help.footer": (
        "随时发送 /cancel 可取消当前操作；/lang 切换语言。",
        "Send /cancel at any time to stop what you are doing; /lang to switch language.",
    ),
    "help.trip_line": (
        "外出招商：直接发一句话即可申报行程，如“明天去深圳拜访华为，后天返回”。",
        "Trips: just type the trip in one line, e.g. “明天去深圳拜访华为，后天返回”.",
    ),
    "lang.choose": ("请选择语言 / Choose a language:", "Choose a language / 请选择语言:"),
    "lang.set": ("已切换为中文。", "Language set to English."),
    "cancel.done": ("已取消。", "Cancelled."),
    "cancel.nothing": ("当前没有进行中的操作。", "There is nothing to cancel."),
    "fallback.unknown": (
        "没有理解您的意思。发送 /help 查看可用功能。",
        "Sorry, I did not understand that. Send /help to see what you can do.",
    ),
    "cmd.help": ("使用说明", "Help"),
    "cmd.lang": ("切换语言 Language", "Language 切换语言"),
    "cmd.cancel": ("取消当前操作", "Cancel what you are doing"),
}
