"""Channels: delivering a message by e-mail (SMTP) or to a work-chat group robot.

- e-mail: SMTP with STARTTLS (turned off only by JINDU_SMTP_STARTTLS=0), a login when the user
  and password variables are set, the subject and file names encoded so that mail readers show
  Chinese, the department's 台账 attached;
- 企业微信 (wecom), 钉钉 (dingtalk), 飞书 (feishu) group robots: their documented JSON for a text
  message, 钉钉 signed in the address (timestamp and HMAC-SHA256 of "timestamp\\nsecret") and 飞书 in
  the body (HMAC-SHA256 keyed with "timestamp\\nsecret"); a long message is sent in parts.

Secrets (SMTP password, webhook addresses, which carry the robot's key, and signing secrets) are
read from the environment variables the configuration names and never appear in a message
jindu prints: every error is worded by jindu, with any secret value masked.

A failed attempt is retried with back-off; the caller reports the channels that still failed.
The clock is read here, at the edge, for the robots' signatures and the mail's Date header.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses

from jindu.configuration import EmailChannel, RobotChannel
from jindu.reminders.messages import Message

TIMEOUT = 30  # seconds per request: a server that does not answer is a failed attempt, retried


class DeliveryError(Exception):
    """A message could not be delivered; the text is jindu's own and holds no secret."""


def secrets_of(channels: list, environ: Mapping[str, str]) -> list[str]:
    """The secret values the channels read, to be masked in anything printed."""
    names = []
    for channel in channels:
        if isinstance(channel, EmailChannel):
            names += [channel.password_env]
        else:
            names += [channel.webhook_env, channel.secret_env or ""]
    return [environ[n] for n in names if n and environ.get(n)]


def mask(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


# --------------------------------------------------------------------------- e-mail


def email_message(message: Message, channel: EmailChannel) -> EmailMessage:
    """The message as e-mail: headers encoded for non-ASCII text, the 台账 attached."""
    mail = EmailMessage(policy=SMTP)
    mail["Subject"] = message.subject
    mail["From"] = channel.sender
    mail["To"] = ", ".join(message.recipients)
    if channel.copy_to:
        mail["Cc"] = ", ".join(channel.copy_to)
    mail["Message-ID"] = message.message_id
    mail["Date"] = format_datetime(datetime.now(UTC))
    mail.set_content(message.text, charset="utf-8")
    if message.attachment:
        name, data = message.attachment
        kind = "pdf" if name.lower().endswith(".pdf") else "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        mail.add_attachment(data, maintype="application", subtype=kind, filename=name)
    return mail


def send_email(message: Message, channel: EmailChannel, environ: Mapping[str, str]) -> None:
    host = environ.get("JINDU_SMTP_HOST") or channel.host
    port_text = environ.get("JINDU_SMTP_PORT") or str(channel.port)
    if not port_text.isdigit():
        raise DeliveryError(f"JINDU_SMTP_PORT is not a port number: {port_text!r}")
    starttls = channel.starttls and environ.get("JINDU_SMTP_STARTTLS", "1") != "0"
    mail = email_message(message, channel)
    sender = getaddresses([channel.sender])[0][1]
    to = [*message.recipients, *channel.copy_to]
    try:
        with smtplib.SMTP(host, int(port_text), timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            user, password = environ.get(channel.user_env), environ.get(channel.password_env)
            if user and password:
                smtp.login(user, password)
            refused = smtp.send_message(mail, from_addr=sender, to_addrs=to)
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError(f"the SMTP server {host}:{port_text} refused the login ({channel.user_env})") from None
    except smtplib.SMTPException as error:
        raise DeliveryError(f"SMTP {host}:{port_text}: {type(error).__name__}") from None
    except OSError as error:
        raise DeliveryError(f"cannot reach the SMTP server {host}:{port_text} ({type(error).__name__})") from None
    if refused:
        raise DeliveryError(f"the SMTP server refused {len(refused)} recipient(s): {', '.join(sorted(refused))}")


# --------------------------------------------------------------------------- robots


def _signature(secret: str, timestamp: str, keyed_by_text: bool) -> str:
    """钉钉: HMAC(secret, "ts\\nsecret"); 飞书: HMAC("ts\\nsecret", empty), both SHA-256 in base64."""
    text = f"{timestamp}\n{secret}".encode()
    key, body = (text, b"") if keyed_by_text else (secret.encode("utf-8"), text)
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode("ascii")


def robot_request(channel: RobotChannel, text: str, webhook: str, secret: str | None, now: float) -> tuple[str, dict]:
    """The address and JSON body a robot takes for one text message (`now`: the clock, in seconds)."""
    if channel.type == "wecom":
        return webhook, {"msgtype": "text", "text": {"content": text}}
    if channel.type == "dingtalk":
        url = webhook
        if secret:
            stamp = str(int(now * 1000))
            sign = urllib.parse.quote_plus(_signature(secret, stamp, keyed_by_text=False))
            url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={sign}"
        return url, {"msgtype": "text", "text": {"content": text}}
    body: dict = {"msg_type": "text", "content": {"text": text}}
    if secret:
        stamp = str(int(now))
        body = {"timestamp": stamp, "sign": _signature(secret, stamp, keyed_by_text=True), **body}
    return webhook, body


def robot_parts(message: Message, channel: RobotChannel, environ: Mapping[str, str]) -> list[Callable[[], None]]:
    """One sender per part of the message (a long one is cut to the robot's limit), each posting
    its part when called; a missing webhook address or secret is a DeliveryError at once."""
    webhook = environ.get(channel.webhook_env, "")
    if not webhook.startswith(("https://", "http://")):
        raise DeliveryError(f"{channel.webhook_env} is not set to the robot's webhook address")
    secret = environ.get(channel.secret_env) if channel.secret_env else None
    if channel.secret_env and not secret:
        raise DeliveryError(f"{channel.secret_env} (the signing secret) is not set")
    return [functools.partial(_post, channel, part, webhook, secret) for part in message.parts()]


def _post(channel: RobotChannel, part: str, webhook: str, secret: str | None) -> None:
    url, body = robot_request(channel, part, webhook, secret, time.time())  # signed now: the edge
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = response.read()
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"the {channel.type} robot answered HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryError(f"cannot reach the {channel.type} robot ({type(reason).__name__})") from None
    try:
        result = json.loads(answer)
    except ValueError:
        raise DeliveryError(f"the {channel.type} robot's answer is not JSON") from None
    code = result.get("errcode", result.get("code", result.get("StatusCode", 0))) if isinstance(result, dict) else 0
    if code not in (0, "0"):
        raise DeliveryError(f"the {channel.type} robot refused the message (code {code})")


# --------------------------------------------------------------------------- retries


def deliver(
    message: Message,
    channel: EmailChannel | RobotChannel,
    environ: Mapping[str, str],
    retries: int,
    backoff: float,
    sleep: Callable[[float], None] = time.sleep,
) -> str | None:
    """Send `message`: each mail, or each part of a robot message, tried up to `retries` times
    with back-off (backoff, 2×backoff …), so a part that went out is not posted again. None when
    it all went out, else why the last attempt failed."""
    senders: list[Callable[[], None]]
    try:
        if isinstance(channel, EmailChannel):
            senders = [lambda: send_email(message, channel, environ)]
        else:
            senders = robot_parts(message, channel, environ)
    except DeliveryError as error:
        return str(error)
    for send in senders:
        last = ""
        for attempt in range(retries):
            if attempt:
                sleep(backoff * 2 ** (attempt - 1))
            try:
                send()
                last = ""
                break
            except DeliveryError as error:
                last = str(error)
        if last:
            return last
    return None
