"""The office's dashboard inside Telegram: a Mini App served by zsbot itself (see bot/miniapp/server.py)."""
