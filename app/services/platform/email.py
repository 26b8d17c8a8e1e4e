"""Outgoing email: SMTP when SMTP_HOST is set, else an outbox folder and the log.

The outbox (embedded default) keeps every message as an .eml file under
DATA_DIR/outbox, so a developer (or a test) can open the link a user would get.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path

from app.models.base import utcnow
from app.settings import get_settings

log = logging.getLogger(__name__)


def outbox_dir() -> Path:
    return get_settings().data_dir / "outbox"


def send_email(to: str, subject: str, text: str) -> None:
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    if settings.smtp_host:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
        log.info("email sent to %s: %s", to, subject)
        return
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    log.info("email to %s written to %s: %s", to, path, subject)


def read_outbox(to: str | None = None) -> list[EmailMessage]:
    """Messages in the outbox, oldest first (optionally only those to ``to``)."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    parser = BytesParser(policy=default_policy)
    messages = [parser.parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]
    return [m for m in messages if to is None or m["To"] == to]
