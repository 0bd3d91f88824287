"""The message as the server receives it: MIME structure, headers, the per-recipient links,
and the DKIM signature."""

from __future__ import annotations

import base64
import html
import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from newsletter.deliver.sender import check_token
from newsletter.deliver.tokens import BadToken, make_token, read_token
from tests.delivery import DAY, HTML, SUBJECT, TEXT, settings_for, smtp_server
from tests.test_deliver import send, subscribe


def received(tmp_path, **sections):
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink, **sections)
        subscribe(settings, ["jane.doe@example.com"])
        send(settings)
    (data,) = [d for _, d in sink.accepted]
    (message,) = sink.messages()
    return settings, message, data


def test_mime_structure_and_headers(tmp_path) -> None:
    settings, message, _ = received(tmp_path)

    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_disposition() is None for p in parts)  # never an attachment
    assert message["From"] == "The Test Gazette <gazette@news.example.org>"
    assert message["Reply-To"] == "desk@news.example.org"
    assert message["To"] == '"Jane.Doe" <jane.doe@example.com>'
    assert message["Subject"] == SUBJECT
    assert message["Date"].endswith("+0000")
    assert parsedate_to_datetime(message["Date"]).utcoffset().total_seconds() == 0
    assert re.fullmatch(r"<20220222\.\d+\.[0-9a-f]{8}@news\.example\.org>", message["Message-ID"])
    assert message["List-Id"] == '"The Test Gazette" <the-test-gazette.news.example.org>'
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    links = re.fullmatch(r"<(https://[^>]+)>,\s*<(mailto:[^>]+)>", message["List-Unsubscribe"])
    web, mail = links.groups()
    token = urlsplit(web).path.removeprefix("/unsubscribe/")
    assert web == f"https://news.example.org/unsubscribe/{token}"
    assert mail.startswith("mailto:leave@news.example.org?subject=unsubscribe%20")
    assert check_token(settings, token) == 1

    greeting = "Hello Jane.Doe,"
    text = parts[0].get_content().replace("\r\n", "\n")
    body = parts[1].get_content().replace("\r\n", "\n")
    assert text == TEXT.replace("%%UNSUBSCRIBE_URL%%", web).replace("%%GREETING%%", greeting)
    assert body == HTML.replace("%%UNSUBSCRIBE_URL%%", html.escape(web)).replace(
        "%%GREETING%%", greeting
    )


def test_message_is_seven_bit_with_short_lines(tmp_path) -> None:
    _, _, data = received(tmp_path)
    assert data.isascii()
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    _, _, body = data.partition(b"\r\n\r\n")
    assert max(len(line) for line in body.split(b"\r\n")) <= 76


def test_tokens_are_bound_to_secret_list_and_subscriber() -> None:
    token = make_token("s" * 20, "gazette.example.org", 42)
    assert read_token("s" * 20, "gazette.example.org", token) == 42
    tampered = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        "1" + token,
        token.replace(".", ""),
        "",
        "../../etc",
    ]
    for bad in tampered:
        with pytest.raises(BadToken):
            read_token("s" * 20, "gazette.example.org", bad)
    with pytest.raises(BadToken):
        read_token("s" * 20, "other.example.org", token)
    with pytest.raises(BadToken):
        read_token("t" * 20, "gazette.example.org", token)


def test_dkim_signature_verifies_and_covers_the_unsubscribe_headers(tmp_path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "dkim.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    def dns(name: bytes, timeout: int = 5) -> bytes:
        return record if name == b"gazette._domainkey.news.example.org." else b""

    dkim_settings = {"key_path": str(tmp_path / "dkim.pem"), "selector": "gazette"}
    _, message, data = received(tmp_path, dkim=dkim_settings)

    signature = message["DKIM-Signature"]
    signed = {h.strip().lower() for h in re.search(r"h=([^;]+)", signature).group(1).split(":")}
    assert {"list-unsubscribe", "list-unsubscribe-post", "from", "subject"} <= signed
    assert "d=news.example.org" in signature and "s=gazette" in signature
    assert dkim.verify(data, dnsfunc=dns)
    forged = data.replace(b"<https://news.example.org/", b"<https://evil.example.net/")
    assert forged != data
    assert not dkim.verify(forged, dnsfunc=dns)


def test_a_missing_edition_says_how_to_make_it(tmp_path) -> None:
    from newsletter.deliver import EditionNotFound

    settings = settings_for(tmp_path, None)
    (settings.output_dir / DAY.isoformat() / "email.html").unlink()
    with pytest.raises(EditionNotFound, match="newsletter generate --date 2022-02-22"):
        send(settings)


NAMES = [
    "", "Reader 7", "Jane.Doe", "O'Brien", "Anne-Marie Smith", "Dr. J. Smith, Jr.", 'Jo "JJ" Doe',
    "back\\slash", "a=b?", "=?utf-8?q?J=C3=B6?=", "José Núñez", "Zoë (Ops)", "山田 太郎",
    "Long " * 20, "x" * 80,
]  # fmt: skip
ADDRESSES = ["jane.doe@example.com", "o'neil+news@mail.example.co.uk", "a=b?c@example.org",
             f"{'r' * 64}@{'d' * 60}.example.com"]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_recipient_headers_are_what_the_email_package_would_write(name: str) -> None:
    from email.headerregistry import Address

    from newsletter.deliver.message import _fold, _line, _to_header

    for address in ADDRESSES:
        assert _to_header(name, address) == _fold("To", Address(name, addr_spec=address))
    for header, value in [
        ("Date", "Tue, 22 Feb 2022 07:30:00 +0000"),
        ("Message-ID", "<20220222.12345.0123abcd@news.example.org>"),
        ("Message-ID", f"<20220222.12345.0123abcd@{'d' * 80}.example.org>"),
    ]:
        assert _line(header, value) == _fold(header, value)


def test_display_names_arrive_as_written(tmp_path) -> None:
    from newsletter.deliver.subscribers import SubscriberList
    from newsletter.store import Store

    # Not "=?utf-8?q?J=C3=B6?=": a name that reads as an encoded word is read as one.
    plain = [name for name in NAMES if name and not name.startswith("=?")]
    names = {f"reader{n}@example.com": name for n, name in enumerate(plain)}
    with smtp_server() as sink:
        settings = settings_for(tmp_path, sink)
        store = Store.open(settings.database)
        try:
            for address, name in names.items():
                SubscriberList(store).add(address, name)
        finally:
            store.close()
        send(settings)

    assert sorted(sink.counts()) == sorted(names)
    for rcpt, data in sink.accepted:
        assert data.isascii()
        (message,) = sink.messages(rcpt)
        (to,) = message["To"].addresses
        assert (to.display_name, to.addr_spec) == (" ".join(names[rcpt].split()), rcpt)


def test_the_declared_size_is_the_size_sent(tmp_path) -> None:
    from tests.delivery import Sink

    class Sizes(Sink):
        declared: list[str]

        async def handle_DATA(self, server, session, envelope) -> str:
            self.declared += [o for o in envelope.mail_options if o.upper().startswith("SIZE=")]
            return await super().handle_DATA(server, session, envelope)

    sink = Sizes()
    sink.declared = []
    with smtp_server(sink):
        settings = settings_for(tmp_path, sink)
        subscribe(settings, ["jane.doe@example.com", "john@example.com"])
        send(settings)

    assert sink.declared == [f"SIZE={len(data)}" for _, data in sink.accepted]


def test_wire_size_counts_line_ends_as_data_sends_them() -> None:
    from aiosmtplib.protocol import normalize_message_line_endings

    from newsletter.deliver.smtp import wire_size

    for data in [b"", b"a", b"a\r\n", b"a\nb", b"a\rb\r\n", b"\r\r\n\n", b"x\r\n.y\r\n", b"\n"]:
        assert wire_size(data) == len(normalize_message_line_endings(data)), data
