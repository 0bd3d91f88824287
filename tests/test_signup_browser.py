"""A reader signs up in Chromium against a running `newsletter serve`, the confirmation email
arrives at a real SMTP server, the reader follows its link, presses Confirm, and is active."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

from newsletter.config import load_settings
from tests.delivery import free_port, smtp_server, write_config
from tests.test_browser import browser as browser
from tests.test_deliver import statuses
from tests.test_preview import wait_for


def test_sign_up_in_the_browser_confirm_by_email_and_be_active(browser, tmp_path) -> None:
    port = free_port()
    with smtp_server() as sink:
        config = write_config(tmp_path, sink, sender={"base_url": f"http://127.0.0.1:{port}"})
        serve = subprocess.Popen(
            [sys.executable, "-m", "newsletter", "serve", "--config", str(config), "--port",
             str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{port}/subscribe", serve)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/subscribe")
            page.get_by_label("Email address").fill("reader@example.com")
            page.get_by_role("button", name="Subscribe").click()
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "Check your inbox"
            for _ in range(200):  # the email goes out just after the page
                if sink.counts():
                    break
                time.sleep(0.05)
            settings = load_settings(config)
            assert "reader@example.com" not in statuses(settings)

            (message,) = sink.messages("reader@example.com")
            link = re.search(
                r"http://127\.0\.0\.1:\d+/subscribe/confirm/\S+", message.get_content()
            )
            assert link, message.get_content()
            page.goto(link.group(0))
            assert statuses(settings) == {}  # opening the link alone confirms nothing
            page.get_by_role("button", name="Confirm").click()
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "You are subscribed"
            assert statuses(settings) == {"reader@example.com": "active"}
        finally:
            serve.send_signal(signal.SIGINT)
            try:
                serve.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                serve.kill()
                serve.communicate()
