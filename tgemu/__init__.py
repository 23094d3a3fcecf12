"""tgemu: a local Telegram Bot API emulator and a test client for bots built on it.

Generic: it knows nothing about the bot it serves. :mod:`tgemu.emulator` (``BotApiEmulator``),
:mod:`tgemu.client` (``TelegramTester``), :mod:`tgemu.faults`, :mod:`tgemu.html_check` and
:mod:`tgemu.ratelimit` (Telegram's sending limits, also used by a bot to pace itself).
"""
