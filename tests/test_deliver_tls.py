"""Sending over STARTTLS and implicit TLS with a login, to a relay whose self-signed
certificate is made here."""

from __future__ import annotations

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from newsletter.deliver import SMTPUnavailable
from tests.delivery import server_tls_context, settings_for, smtp_server, tls_files
from tests.test_deliver import ACTIVE, send, subscribe

LOGIN, PASSWORD = "gazette", "correct horse battery staple"


def check_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode(), auth_data.password.decode()
    ) == (LOGIN, PASSWORD)
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def starttls_relay(tmp_path):
    cert, key = tls_files(tmp_path)
    options = {
        "tls_context": server_tls_context(cert, key),
        "require_starttls": True,
        "auth_required": True,
        "authenticator": check_login,
    }
    with smtp_server(**options) as sink:
        yield sink, cert


def test_starttls_with_login(tmp_path, starttls_relay) -> None:
    sink, cert = starttls_relay
    smtp = {"security": "starttls", "ca_file": str(cert), "username": LOGIN, "password": PASSWORD}
    settings = settings_for(tmp_path, sink, smtp=smtp)
    subscribe(settings)
    report = send(settings)
    assert report.sent == len(ACTIVE)
    assert sink.counts() == {address: 1 for address in ACTIVE}


def test_an_untrusted_certificate_stops_the_run_with_a_hint(tmp_path, starttls_relay) -> None:
    sink, _ = starttls_relay
    smtp = {"security": "starttls", "username": LOGIN, "password": PASSWORD}
    settings = settings_for(tmp_path, sink, smtp=smtp)
    subscribe(settings)
    with pytest.raises(SMTPUnavailable, match=r"smtp\.ca_file"):
        send(settings)
    assert sink.accepted == []


def test_a_refused_login_stops_the_run_without_showing_the_password(tmp_path, starttls_relay):
    sink, cert = starttls_relay
    smtp = {"security": "starttls", "ca_file": str(cert), "username": LOGIN,
            "password": "wrong password 123"}  # fmt: skip
    settings = settings_for(tmp_path, sink, smtp=smtp)
    subscribe(settings)
    with pytest.raises(SMTPUnavailable, match="refused the login") as caught:
        send(settings)
    assert "wrong password 123" not in str(caught.value)
    assert sink.accepted == []


def test_implicit_tls(tmp_path) -> None:
    cert, key = tls_files(tmp_path)
    with smtp_server(ssl_context=server_tls_context(cert, key)) as sink:
        settings = settings_for(tmp_path, sink, smtp={"security": "tls", "ca_file": str(cert)})
        subscribe(settings)
        report = send(settings)
    assert report.sent == len(ACTIVE)
    assert sink.counts() == {address: 1 for address in ACTIVE}
