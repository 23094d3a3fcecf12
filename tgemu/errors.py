"""Errors: the ones answered to the bot like Telegram would, and misuse of the Python API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ApiError(Exception):
    """An error answered to the bot exactly as Telegram would: status code + description."""

    def __init__(self, status: int, description: str, parameters: Mapping[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = dict(parameters or {})

    @classmethod
    def bad_request(cls, text: str) -> ApiError:
        return cls(400, f"Bad Request: {text}")

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class EmulatorError(Exception):
    """A test used the emulator's Python API wrongly (unknown user, missing button, ...)."""


class ButtonNotFoundError(EmulatorError, LookupError):
    """The inline button to press is not on the message (or more than one matches)."""
