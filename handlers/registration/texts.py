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
    "invite.already_bound": (
        "{name} 已绑定 Telegram 账号。重新邀请会把该人员转到打开新链接的账号上，原账号将无法再使用，并会收到通知。\n"
        "确需更换账号（如换了手机），请点击下方按钮。",
        "{name} is already linked to a Telegram account. A new invite moves them to whoever opens it; "
        "the old account loses access and is told.\nIf they really changed accounts, press the button below.",
    ),
    "invite.button.rebind": ("确认更换账号并生成链接", "Confirm the account change and create a link"),
    "invite.rebind_note": (
        "⚠️ 这是更换账号的链接：使用后，原账号将失去访问权限并收到通知，指挥部也会收到通知。",
        "⚠️ This link changes the account: once used, the old account loses access and is told, and so is the office.",
    ),
    "invite.not_registered": (
        "未找到人员“{ref}”，请先登记再邀请：\n/person_add 姓名 手机号 单位 角色\n例如：/person_add 张三 13800000000 市商务局 干部",
        "No one named “{ref}” is registered. Register them first, then invite:\n"
        "/person_add name phone unit role\nFor example: /person_add Zhang San 13800000000 Commerce cadre",
    ),
    "start.replaced": (
        "您的 Telegram 账号已不再绑定“{name}”：该人员已通过新的邀请链接绑定到另一个账号。如非本人操作，请立即联系指挥部办公室。",
        "Your Telegram account is no longer linked to “{name}”: they were linked to another account with a new "
        "invite. If this was not you, contact the command office at once.",
    ),
    "notify.person_rebound": (
        "🔁 {name}（{unit}）已通过重新邀请绑定到新的 Telegram 账号，原账号已解除。",
        "🔁 {name} ({unit}) is now linked to a new Telegram account through a re-invite; the old account was detached.",
    ),
    "unbind.usage": ("用法：/unbind 姓名或手机号", "Usage: /unbind name-or-phone"),
    "unbind.done": (
        "已解除 {name} 的 Telegram 账号绑定。如需重新绑定，请发送 /invite。",
        "{name} is no longer linked to a Telegram account. Send /invite to link them again.",
    ),
    "unbind.told": (
        "管理员已解除您的 Telegram 账号与“{name}”的绑定。如有疑问请联系指挥部办公室。",
        "An administrator detached your Telegram account from “{name}”. Contact the command office with questions.",
    ),
    "unbind.not_bound": ("{name} 尚未绑定 Telegram 账号。", "{name} is not linked to a Telegram account."),
    "person_add.usage": (
        "用法：/person_add 姓名 手机号 单位 角色\n例如：/person_add 张三 13800000000 市商务局 干部\n"
        "角色：干部、项目负责人、组长、指挥部、管理员（可填多个）",
        "Usage: /person_add name phone unit role\nFor example: /person_add Zhang San 13800000000 Commerce cadre\n"
        "Roles: cadre, lead, group_leader, office, admin (several allowed)",
    ),
    "person_add.bad_phone": (
        "手机号“{phone}”格式不对，请填写 11 位手机号。未登记任何内容。",
        "“{phone}” is not a valid phone number; use 11 digits. Nothing was registered.",
    ),
    "person_add.no_phone": (
        "请填写手机号。用法：/person_add 姓名 手机号 单位 角色",
        "Please give a phone number. Usage: /person_add name phone unit role",
    ),
    "person_add.no_role": (
        "请填写角色：干部、项目负责人、组长、指挥部或管理员。未登记任何内容。",
        "Please give a role: cadre, lead, group_leader, office or admin. Nothing was registered.",
    ),
    "person_add.too_long": (
        "姓名或单位过长，未登记。",
        "The name or unit is too long; nothing was registered.",
    ),
    "person_add.phone_taken": (
        "手机号 {phone} 已登记为 {name}，未重复登记。",
        "Phone {phone} is already registered to {name}; nothing was added.",
    ),
    "person_add.exists": (
        "同一单位已有人员“{name}”，未重复登记。",
        "“{name}” is already registered in that unit; nothing was added.",
    ),
    "person_add.done": (
        "已登记：{name}（{phone}）。点击下方按钮生成邀请链接，或稍后发送 /invite {name}。",
        "Registered: {name} ({phone}). Press the button for an invite link, or send /invite {name} later.",
    ),
    "person_add.button.invite": ("生成邀请链接", "Create an invite link"),
    "cmd.person_add": ("登记一名人员", "Register a person"),
    "cmd.unbind": ("解除账号绑定", "Detach a Telegram account"),
    "cmd.start": ("开始 / 绑定账号", "Start / link your account"),
    "cmd.invite": ("生成人员邀请链接", "Create an invite link"),
}
