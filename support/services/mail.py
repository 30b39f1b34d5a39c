"""Real mail servers on loopback for the error-reporting scenarios."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

LOOPBACK = "127.0.0.1"

#: The fields at the top of every error mail, in order; "Message" is what follows them.
MAIL_FIELDS = ["Message type", "Location", "Module", "Function", "Time", "Message"]

#: The Location field: the file and line that reported the error.
MAIL_LOCATION = re.compile(r"\S+\.py:\d+")

#: A traceback's line naming a frame: its file and line.
TRACEBACK_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)', re.MULTILINE)

#: What a mail that sums up the repeats of a failure says: how many more times, and when.
_TIME = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
REPEATS = re.compile(
    rf"happened (?P<more>\d+) more times? after the mail of (?P<mailed>{_TIME}): "
    rf"first at (?P<first>{_TIME}), last at (?P<last>{_TIME})\."
)


def free_port() -> int:
    """A port nothing listens on right now (aiosmtpd cannot bind port 0 itself)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Mail:
    """One delivered mail: who it went to and what it said."""

    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        """The Subject header."""
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        """The plain-text body."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def failure_place(self) -> str | None:
        """Where the failure the mail reports was raised: its traceback's innermost frame."""
        frames = TRACEBACK_FRAME.findall(self.body)
        return ":".join(frames[-1]) if frames else None

    def failure(self) -> str | None:
        """The failure the mail reports: the kind of error and where it was raised, as
        "sqlite3.DatabaseError at /path/to/blog.py:89"."""
        frames = list(TRACEBACK_FRAME.finditer(self.body))
        if not frames:
            return None
        after = self.body[frames[-1].end() :].splitlines()
        kind = next((line.split(":")[0] for line in after if line[:1].isalnum()), "?")
        return f"{kind} at {self.failure_place()}"

    def repeats(self) -> re.Match[str] | None:
        """How many more times the failure happened and when, if the mail sums up repeats."""
        return REPEATS.search(self.body)

    def fields(self) -> dict[str, str]:
        """The "Name:   value" fields of an error mail; "Message" holds all that follows."""
        head, _, message = self.body.partition("\nMessage:")
        fields = {"Message": message.strip()}
        for line in head.splitlines():
            name, sep, value = line.partition(":")
            if sep and name.strip() in MAIL_FIELDS:
                fields[name.strip()] = value.strip()
        return fields


class MailSink:
    """An aiosmtpd handler that keeps every mail it is sent."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the mail; aiosmtpd calls this once the whole message has arrived."""
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.mails.append(Mail(list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def received(self) -> list[Mail]:
        """The mails received so far."""
        with self._lock:
            return list(self.mails)


class MailServer:
    """A real SMTP server on 127.0.0.1 at a free port."""

    def __init__(self) -> None:
        self.sink = MailSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname=LOOPBACK, port=self.port)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.controller.stop()


class ClosedPort:
    """A port held by this process but not listening: connections to it are refused."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind((LOOPBACK, 0))
        self.port: int = self.socket.getsockname()[1]

    def close(self) -> None:
        """Give the port back."""
        self.socket.close()


class SilentServer:
    """Accepts connections (the kernel completes them) but never says a word.

    Nothing ever calls ``accept``, so a mail client waits for the greeting until its
    own timeout; closing the socket resets the waiting connections at once.
    """

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind((LOOPBACK, 0))
        self.socket.listen(16)
        self.port: int = self.socket.getsockname()[1]

    def close(self) -> None:
        """Stop listening and drop every waiting connection."""
        self.socket.close()
