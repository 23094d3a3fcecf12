"""Texts of registration: TEXTS = {key: (zh, en)}."""

TEXTS = {
    # registration
    "start.unbound": (
        "您好！本机器人仅供“百团招商行动”登记人员使用。\n"
        "您的 Telegram ID：<code>{telegram_id}</code>\n"
        "如需开通，请将此 ID 发给指挥部办公室，并使用办公室发给您的邀请链接。",
        "Hello! This bot is only for people registered in the investment-promotion campaign.\n"
        "Your Telegram ID: <code>{telegram_id}</code>\n"
        "To get access, send this ID to the command office and open the invite link they give you.",
    ),
    "start.bound": (
        "绑定成功！欢迎您，{name}（{roles}）。\n请从菜单选择功能，或发送 /help 查看说明。",
        "Your account is linked. Welcome, {name} ({roles}).\nPick a command from the menu or send /help.",
    ),
    "start.welcome_back": (
        "欢迎回来，{name}（{roles}）。发送 /help 查看可用功能。",
        "Welcome back, {name} ({roles}). Send /help to see what you can do.",
    ),
    "invite.invalid": (
        "该邀请链接无效。请向指挥部办公室索取新的邀请链接。",
        "This invite link is not valid. Please ask the command office for a new one.",
    ),
    "invite.used": (
        "该邀请链接已使用过。每个链接只能使用一次，如需重新绑定请联系指挥部办公室。",
        "This invite link has already been used. Each link works once; ask the command office for a new one.",
    ),
    "invite.expired": (
        "该邀请链接已过期。请向指挥部办公室索取新的邀请链接。",
        "This invite link has expired. Please ask the command office for a new one.",
    ),
    "invite.account_taken": (
        "您的 Telegram 账号已绑定到“{name}”，不能再绑定其他人员。如有疑问请联系指挥部办公室。",
        "Your Telegram account is already linked to “{name}” and cannot be linked to someone else.",
    ),
    # invites from the bot
    "invite.usage": (
        "用法：/invite 姓名或手机号\n例如：/invite 张三",
        "Usage: /invite name-or-phone\nFor example: /invite Zhang San",
    ),
    "invite.created": (
        "已为 {name} 生成邀请链接（一次性，{hours} 小时内有效）：\n{link}\n请通过安全渠道转发给本人。",
        "Invite link for {name} (single use, valid for {hours} hours):\n{link}\nForward it to them privately.",
    ),
    "cmd.start": ("开始 / 绑定账号", "Start / link your account"),
    "cmd.invite": ("生成人员邀请链接", "Create an invite link"),
}
