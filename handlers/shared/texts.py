"""Texts of shared: TEXTS = {key: (zh, en)}."""

TEXTS = {
    "people.not_found": (
        "未找到人员“{ref}”。请检查姓名或手机号。",
        "No person “{ref}” found. Check the name or phone.",
    ),
    "people.ambiguous": (
        "有 {count} 人名为“{ref}”，请改用手机号。",
        "{count} people are named “{ref}”; please use the phone number instead.",
    ),
    # errors
    "error.generic": ("操作未能完成，请稍后再试。", "That did not work. Please try again later."),
    "error.unexpected": (
        "抱歉，系统出错了，已记录（编号 {ref}）。请稍后再试。",
        "Sorry, something went wrong; it has been logged (ref {ref}). Please try again later.",
    ),
    "error.form_lost": (
        "这张表单的填写记录已失效，请重新开始（例如重新发送命令）。",
        "This form's answers are no longer there; please start it again (e.g. send the command again).",
    ),
    "error.resend": (
        "抱歉，系统暂时无法保存，{what}未能处理，请稍后重新发送。",
        "Sorry, the system could not save right now: {what} was not processed. Please send it again later.",
    ),
    "lost.text": ("您发送的“{text}”", "your message “{text}”"),
    "lost.file": ("您发送的文件“{name}”", "your file “{name}”"),
    "lost.photo": ("您发送的照片", "your photo"),
    "lost.location": ("您发送的位置", "your location"),
    "lost.button": ("您点的按钮", "your button press"),
    "lost.other": ("您刚才发送的消息", "your last message"),
    "file.bad": ("文件无法导入：{detail}", "The file cannot be imported: {detail}"),
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
    "role.unit_contact": ("责任单位联络员", "unit contact"),
    "role.none": ("未分配角色", "no role"),
    "list.sep": ("、", ", "),
    "calendar.bad_kind": (
        "无法识别日期类型“{kind}”，请填写“放假”或“上班”。",
        "Unknown kind of day “{kind}”: use holiday or workday.",
    ),
    # ------------------------------------------------------------------ calendar
    "cal.month": ("{year}年{month}月", "{month}/{year}"),
    "cal.weekdays": ("一 二 三 四 五 六 日", "Mo Tu We Th Fr Sa Su"),
    # limits on input (core/limits.py): refused, nothing stored
    "input.too_long": (
        "内容过长（{length}字），请精简到{limit}字以内后重新发送，本条未保存。",
        "That is too long ({length} characters). Please keep it within {limit} and send it again; it was not saved.",
    ),
    "input.too_many_photos": (
        "最多{limit}张照片，这张未保存。",
        "At most {limit} photos: this one was not saved.",
    ),
    # the Mini App (bot/miniapp): the chat's menu button and the button under the digest
    "miniapp.menu": ("看板", "Dashboard"),
    "miniapp.open": ("📊 打开看板", "📊 Open the dashboard"),
    "miniapp.bad_day": (
        "日期 {text} 不在本年度内，或在今天之后。",
        "The day {text} is outside the campaign or after today.",
    ),
}
