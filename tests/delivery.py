"""What the delivery tests share: a real SMTP server (aiosmtpd, in a thread) that records every
message it accepted and injects faults on request, settings that point at it, a rendered
edition on disk, and a few subscribers."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import json
import socket
import ssl
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from newsletter.config import Settings, load_settings

DAY = dt.date(2022, 2, 22)
SECRET = "a-test-secret-that-is-long-enough"
HTML = (
    "<!doctype html><html><body><p>%%GREETING%%</p><h1>The Test Gazette</h1>"
    "<p>The river walk reopens on Saturday, the council said. Caf\u00e9 owners are pleased.</p>"
    '<p><a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a></p></body></html>\n'
)
TEXT = (
    "%%GREETING%%\n\nThe Test Gazette\n\nThe river walk reopens on Saturday, the council "
    "said.\nCaf\u00e9 owners are pleased.\n\nUnsubscribe: %%UNSUBSCRIBE_URL%%\n"
)
SUBJECT = "The Test Gazette: the river walk reopens"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Sink:
    """An aiosmtpd handler: records accepted messages; `fail` queues faulty replies."""

    accepted: list[tuple[str, bytes]] = field(default_factory=list)
    peers: set[tuple[str, int]] = field(default_factory=set)
    on_accept: Callable[[int], None] | None = None
    _faults: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    host: str = "127.0.0.1"
    port: int = 0

    gather: int = 0
    """When set, each connection's first MAIL FROM waits until this many are open."""
    _connected: set[tuple[str, int]] = field(default_factory=set)

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        if self.gather and session.peer not in self._connected:
            self._connected.add(session.peer)
            for _ in range(2000):  # at most 20 s
                if len(self._connected) >= self.gather:
                    break
                await asyncio.sleep(0.01)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    def fail(self, address: str, stage: str, reply: str, times: int = 1) -> None:
        """Answer `reply` (e.g. "451 4.3.0 Try later", or "drop" to cut the connection) to
        the RCPT or DATA stage of the next `times` messages for `address`."""
        self._faults.setdefault((address, stage), []).extend([reply] * times)

    def _fault(self, address: str, stage: str) -> str | None:
        with self._lock:
            queued = self._faults.get((address, stage))
            return queued.pop(0) if queued else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if reply := self._fault(address, "rcpt"):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        for rcpt in envelope.rcpt_tos:
            if reply := self._fault(rcpt, "data"):
                if reply == "drop":
                    server.transport.close()
                    return "421 4.4.2 connection dropped"
                return reply
        with self._lock:
            self.peers.add(session.peer)
            for rcpt in envelope.rcpt_tos:
                self.accepted.append((rcpt, envelope.original_content or envelope.content))
            count = len(self.accepted)
        if self.on_accept:
            self.on_accept(count)
        return "250 OK: queued"

    # -- what arrived --------------------------------------------------------------------

    def counts(self) -> Counter[str]:
        with self._lock:
            return Counter(rcpt for rcpt, _ in self.accepted)

    def messages(self, rcpt: str | None = None) -> list[EmailMessage]:
        with self._lock:
            found = [data for to, data in self.accepted if rcpt is None or to == rcpt]
        return [email.message_from_bytes(d, policy=default_policy) for d in found]


@contextmanager
def smtp_server(sink: Sink | None = None, **server_options: Any) -> Iterator[Sink]:
    """A running SMTP server on 127.0.0.1 with `sink` as its handler."""
    sink = sink or Sink()
    sink.port = free_port()
    controller = Controller(sink, hostname=sink.host, port=sink.port, **server_options)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def config_text(values: dict[str, Any]) -> str:
    """A TOML file for a dict of scalars and one level of tables."""

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return repr(value)
        return json.dumps(str(value))

    lines = [f"{k} = {scalar(v)}" for k, v in values.items() if not isinstance(v, dict)]
    for table, body in values.items():
        if isinstance(body, dict):
            lines.append(f"\n[{table}]")
            lines += [f"{k} = {scalar(v)}" for k, v in body.items()]
    return "\n".join(lines) + "\n"


def write_config(folder: Path, sink: Sink | None, **sections: dict[str, Any]) -> Path:
    """newsletter.toml in `folder`: SQLite there, the sender, and SMTP at the sink (no TLS,
    no rate limit, no backoff). `sections` override keys section by section."""
    values: dict[str, Any] = {
        "name": "The Test Gazette",
        "output_dir": str(folder / "out"),
        "database_url": f"sqlite:///{folder / 'newsletter.db'}",
        "sender": {
            "from_address": "gazette@news.example.org",
            "reply_to": "desk@news.example.org",
            "base_url": "https://news.example.org",
            "unsubscribe_mailto": "leave@news.example.org",
            "secret": SECRET,
        },
        "smtp": {
            "host": sink.host if sink else "127.0.0.1",
            "port": sink.port if sink else free_port(),
            "security": "none",
            "rate_limit": 0,
            "retry_backoff": 0,
            "timeout": 10,
        },
    }
    for name, body in sections.items():
        if isinstance(body, dict):
            values[name] = {**values.get(name, {}), **body}
        else:
            values[name] = body
    path = folder / "newsletter.toml"
    path.write_text(config_text(values), encoding="utf-8")
    return path


def settings_for(folder: Path, sink: Sink | None, **sections: Any) -> Settings:
    settings = load_settings(write_config(folder, sink, **sections))
    write_edition(settings)
    return settings


def write_edition(settings: Settings, day: dt.date = DAY) -> None:
    """The files `newsletter generate` writes, with texts of our own."""
    folder = settings.output_dir / day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "email.html").write_text(HTML, encoding="utf-8")
    (folder / "email.txt").write_text(TEXT, encoding="utf-8")
    edition = {"subject": SUBJECT, "preheader": "The river walk reopens"}
    (folder / "edition.json").write_text(json.dumps(edition), encoding="utf-8")


def tls_files(
    folder: Path, names: tuple[str, ...] = ("localhost", "127.0.0.1")
) -> tuple[Path, Path]:
    """A self-signed certificate for `names` (host names and IP addresses), and its key (PEM
    files)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def alternative_name(name: str) -> x509.GeneralName:
        try:
            return x509.IPAddress(ipaddress.ip_address(name))
        except ValueError:
            return x509.DNSName(name)

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([alternative_name(name) for name in names]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "relay-cert.pem", folder / "relay-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
