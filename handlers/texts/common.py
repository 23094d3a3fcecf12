TEXTS = {
    # a private-chat command sent in a group
    "group.private_only": (
        "请在与我的私聊中使用 /{command}。",
        "Please use /{command} in a private chat with me.",
    ),
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
    "people.not_found": (
        "未找到人员“{ref}”。请检查姓名或手机号。",
        "No person “{ref}” found. Check the name or phone.",
    ),
    "people.ambiguous": (
        "有 {count} 人名为“{ref}”，请改用手机号。",
        "{count} people are named “{ref}”; please use the phone number instead.",
    ),
    # help and language
    "help.header": ("<b>招商引资报送机器人</b>\n{name}，您可以使用：", "<b>zsbot</b>\n{name}, you can use:"),
    "help.footer": (
        "随时发送 /cancel 可取消当前操作；/lang 切换语言。",
        "Send /cancel at any time to stop what you are doing; /lang to switch language.",
    ),
    "lang.choose": ("请选择语言 / Choose a language:", "Choose a language / 请选择语言:"),
    "lang.set": ("已切换为中文。", "Language set to English."),
    "cancel.done": ("已取消。", "Cancelled."),
    "cancel.nothing": ("当前没有进行中的操作。", "There is nothing to cancel."),
    "fallback.unknown": (
        "没有理解您的意思。发送 /help 查看可用功能。",
        "Sorry, I did not understand that. Send /help to see what you can do.",
    ),
    # errors
    "error.generic": ("操作未能完成，请稍后再试。", "That did not work. Please try again later."),
    "error.unexpected": (
        "抱歉，系统出错了，已记录（编号 {ref}）。请稍后再试。",
        "Sorry, something went wrong; it has been logged (ref {ref}). Please try again later.",
    ),
    "error.not_found": (
        "未找到该记录，可能已被删除。",
        "That record was not found; it may have been removed.",
    ),
    "error.not_yours": ("您无权查看或修改这条记录。", "You may not see or change that record."),
    "error.forbidden": ("您没有使用该功能的权限。", "You are not allowed to use this command."),
    "error.expired": ("该操作已过期，请重新开始。", "This has expired; please start again."),
    "error.invalid": ("输入有误，请检查后重试。", "That input is not valid; please check and try again."),
    "error.conflict": (
        "该记录已被修改，请刷新后重试。",
        "That record changed meanwhile; please start again.",
    ),
    "error.stale_button": ("该按钮已失效。", "This button is no longer valid."),
    # roles
    "role.admin": ("管理员", "admin"),
    "role.office": ("指挥部办公室", "command office"),
    "role.group_leader": ("工作组组长", "work-group leader"),
    "role.cadre": ("招商干部", "cadre"),
    "role.project_lead": ("项目负责人", "project lead"),
    "role.none": ("未分配角色", "no role"),
    "list.sep": ("、", ", "),
}
