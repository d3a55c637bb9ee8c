"""The request a log row belongs to, so services need not pass the IP address around."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
