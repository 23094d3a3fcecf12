"""Bot API: getMe, getUpdates (long polling) and the webhook settings."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from tgemu.constants import ALL_UPDATE_TYPES, DEFAULT_UPDATE_TYPES
from tgemu.core import EmulatorCore
from tgemu.errors import ApiError
from tgemu.model import (
    WebhookConfig,
)
from tgemu.params import Params

log = logging.getLogger(__name__)


class UpdatesApi(EmulatorCore):
    """getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo."""

    async def _api_get_me(self, p: Params) -> dict[str, Any]:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_get_updates(self, p: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = p.integer("offset", 0) or 0
        limit = min(max(p.integer("limit", 100) or 100, 1), 100)
        timeout = max(p.integer("timeout", 0) or 0, 0)
        allowed = p.json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) & ALL_UPDATE_TYPES or DEFAULT_UPDATE_TYPES
        self._confirm_updates(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.notify()
        self._active_polls += 1
        self._changes.notify()
        try:
            return await self._long_poll(generation, limit, timeout)
        finally:
            self._active_polls -= 1

    async def _long_poll(self, generation: int, limit: int, seconds: float) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            if generation != self._poll_generation:
                reason = "setWebhook request" if self.webhook else "other getUpdates request"
                raise ApiError(
                    409, f"Conflict: terminated by {reason}; make sure that only one bot instance is running"
                )
            remaining = deadline - loop.time()
            if self._pending or remaining <= 0 or self._closing.is_set():
                return self._pending[:limit]
            await self._updates_signal.wait(remaining)

    async def _api_set_webhook(self, p: Params) -> bool:
        url = p.text("url") or ""
        if not url:
            return await self._api_delete_webhook(p)
        if not url.startswith(("http://", "https://")):
            raise ApiError.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.text("secret_token")
        if secret is not None and re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret) is None:
            raise ApiError.bad_request("secret token contains unallowed characters")
        allowed = p.json("allowed_updates")
        if p.flag("drop_pending_updates"):
            self._pending.clear()
        self.webhook = WebhookConfig(
            url=url,
            secret_token=secret,
            max_connections=p.integer("max_connections", 40) or 40,
            allowed_updates=frozenset(allowed) if isinstance(allowed, list) and allowed else None,
        )
        self._poll_generation += 1
        self._updates_signal.notify()
        return True

    async def _api_delete_webhook(self, p: Params) -> bool:
        self.webhook = None
        if p.flag("drop_pending_updates"):
            self._pending.clear()
        self._updates_signal.notify()
        return True

    async def _api_get_webhook_info(self, p: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
            if self.webhook.allowed_updates:
                info["allowed_updates"] = sorted(self.webhook.allowed_updates)
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message
        return info
