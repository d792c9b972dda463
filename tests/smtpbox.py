"""A local SMTP server (aiosmtpd) for the tests of reminders and delivery: it keeps every message
it receives, with its envelope recipients, for the email package to parse back."""

from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """`with Mailbox() as box:` — an SMTP server on 127.0.0.1:box.port; box.received holds
    (envelope recipients, raw message) for each message, in order."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.port = free_port()

    def env(self) -> dict[str, str]:
        """The variables that point `jindu remind` and `jindu bulletin deliver` at this server."""
        return {"JINDU_SMTP_HOST": "127.0.0.1", "JINDU_SMTP_PORT": str(self.port), "JINDU_SMTP_STARTTLS": "0"}

    def __enter__(self) -> Mailbox:
        from aiosmtpd.controller import Controller

        received = self.received

        class Keep:
            async def handle_DATA(self, server, session, envelope):
                received.append((list(envelope.rcpt_tos), envelope.content))
                return "250 OK"

        self._controller = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
