"""Domain errors. Each carries an i18n key and parameters; one error handler renders them."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(self.key, params)


class NotFound(DomainError):
    key = "error.not_found"


class NotYours(DomainError):
    """An id from the client that does not belong to the acting person (forged or stale)."""

    key = "error.not_yours"


class Forbidden(DomainError):
    key = "error.forbidden"


class Expired(DomainError):
    key = "error.expired"


class Invalid(DomainError):
    """Bad input: the key says what is wrong, nothing was stored."""

    key = "error.invalid"


class Conflict(DomainError):
    key = "error.conflict"
