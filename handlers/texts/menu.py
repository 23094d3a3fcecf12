TEXTS = {
    "cmd.start": ("开始 / 绑定账号", "Start / link your account"),
    "cmd.help": ("使用说明", "Help"),
    "cmd.lang": ("切换语言 Language", "Language 切换语言"),
    "cmd.cancel": ("取消当前操作", "Cancel what you are doing"),
    "cmd.invite": ("生成人员邀请链接", "Create an invite link"),
}
