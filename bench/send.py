"""Benchmark: send one edition to N subscribers through a local aiosmtpd sink.

Prints messages per second and the sender's peak memory (max RSS), without and with DKIM, for
two list sizes: peak memory should not grow with the list (the ledger is claimed in batches and
each message is built, sent and dropped). The sink runs in its own process; every run starts in
a fresh process and a fresh SQLite database.

    .venv/bin/python bench/send.py [--recipients 10000] [--small 1000] [--html-kb 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

DAY = date(2022, 2, 22)
TARGET = 300  # messages per second without DKIM


def sink(port: int) -> None:
    """An SMTP server that accepts and counts every message."""
    from aiosmtpd.controller import Controller

    class Count:
        messages = 0

        async def handle_DATA(self, server, session, envelope) -> str:
            Count.messages += 1
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    controller.stop()


def edition(folder: Path, html_kb: int) -> None:
    """A rendered edition of about `html_kb` kilobytes of HTML, with the placeholders."""
    story = (
        '<tr><td style="padding:12px 24px;font-family:Georgia,serif;font-size:16px">'
        "<h2>The council votes on the river walk</h2><p>The vote passed seven to two after a "
        "long evening of public comment, and work starts in the spring, the clerk said.</p>"
        "<blockquote>“We waited a long time for this,” said a resident.</blockquote></td></tr>\n"
    )
    stories = story * max(1, html_kb * 1024 // len(story.encode()))
    html = (
        "<!doctype html><html><body><table>" + stories
        + '<tr><td><a href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a></td></tr></table></body></html>'
    )  # fmt: skip
    text = "The council votes on the river walk.\n\n" * 40 + "Unsubscribe: %%UNSUBSCRIBE_URL%%\n"
    out = folder / "out" / DAY.isoformat()
    out.mkdir(parents=True)
    (out / "email.html").write_text(html, encoding="utf-8")
    (out / "email.txt").write_text(text, encoding="utf-8")
    (out / "edition.json").write_text(json.dumps({"subject": "The Bench Brief"}), "utf-8")


def dkim_key(folder: Path) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = folder / "dkim.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))  # fmt: skip
    return path


def one_run(port: int, recipients: int, dkim: bool, html_kb: int) -> dict[str, float]:
    """Send to `recipients` subscribers in this process; return the figures."""
    from newsletter.config import load_settings
    from newsletter.deliver import send_edition
    from newsletter.deliver.subscribers import SubscriberList
    from newsletter.store import Store

    folder = Path(tempfile.mkdtemp(prefix="bench-send-"))
    edition(folder, html_kb)
    toml = [
        'name = "The Bench Brief"',
        f'output_dir = "{folder / "out"}"',
        f'database_url = "sqlite:///{folder / "bench.db"}"',
        "[sender]",
        'from_address = "brief@bench.example.org"',
        'base_url = "https://bench.example.org"',
        'secret = "a-bench-secret-long-enough"',
        "[smtp]",
        f'host = "127.0.0.1"\nport = {port}\nsecurity = "none"\nrate_limit = 0',
        "messages_per_connection = 1000",
    ]
    if dkim:
        toml += ["[dkim]", f'key_path = "{dkim_key(folder)}"', 'selector = "bench"']
    (folder / "newsletter.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    settings = load_settings(folder / "newsletter.toml")

    csv_path = folder / "list.csv"
    with csv_path.open("w", encoding="utf-8") as out:
        out.write("email,name\n")
        out.writelines(f"reader{n}@example.com,Reader {n}\n" for n in range(recipients))
    store = Store.open(settings.database)
    with csv_path.open(encoding="utf-8") as source:
        SubscriberList(store).import_csv(source)
    store.close()

    start = time.perf_counter()
    report = asyncio.run(send_edition(settings, DAY))
    elapsed = time.perf_counter() - start
    assert report.sent == recipients and not report.failed, report
    return {
        "recipients": recipients,
        "dkim": dkim,
        "seconds": round(elapsed, 2),
        "per_second": round(recipients / elapsed, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000, help="the smaller list, for memory")
    parser.add_argument("--html-kb", type=int, default=60)
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)  # port recipients dkim
    args = parser.parse_args()
    if args.sink:
        return sink(args.sink)
    if args.run:
        port, recipients, dkim = args.run
        print(json.dumps(one_run(int(port), int(recipients), dkim == "1", args.html_kb)))
        return None

    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--sink", str(port)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        print(f"{'recipients':>10} {'DKIM':>5} {'seconds':>8} {'msgs/s':>8} {'peak RSS':>10}")
        for dkim in (False, True):
            for recipients in (args.small, args.recipients):
                command = [sys.executable, __file__, "--html-kb", str(args.html_kb), "--run",
                           str(port), str(recipients), "1" if dkim else "0"]  # fmt: skip
                result = json.loads(subprocess.run(command, check=True, capture_output=True,
                                                   text=True).stdout)  # fmt: skip
                print(f"{result['recipients']:>10} {'yes' if dkim else 'no':>5} "
                      f"{result['seconds']:>8} {result['per_second']:>8} "
                      f"{result['peak_rss_mb']:>7} MB", flush=True)  # fmt: skip
    finally:
        server.communicate("")
    print(f"target without DKIM: {TARGET} msgs/s")


if __name__ == "__main__":
    main()
