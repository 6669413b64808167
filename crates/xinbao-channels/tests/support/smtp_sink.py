"""A real SMTP server for tests on 127.0.0.1:PORT that writes every message it receives,
decoded, as one JSON line to OUTFILE, and prints "ready" once listening. It uses aiosmtpd
(`pip install aiosmtpd`, as .ci/run does) and falls back to the standard library's `smtpd`
(Python ≤ 3.11, e.g. Debian 12), so `cargo test` needs no extra install there."""
import email
import email.policy
import json
import os
import sys
import time



def record(path, mail_from, rcpt_tos, content):
    msg = email.message_from_bytes(content, policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",))
    entry = {
        "from": mail_from,
        "to": rcpt_tos,
        "subject": str(msg["subject"]),
        "body": body.get_content() if body else "",
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def serve_aiosmtpd(port, path):
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            record(path, envelope.mail_from, envelope.rcpt_tos, envelope.content)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def serve_stdlib(port, path):
    import warnings
    warnings.simplefilter("ignore")
    import asyncore
    import smtpd

    class Sink(smtpd.SMTPServer):
        def process_message(self, peer, mail_from, rcpt_tos, data, **kwargs):
            record(path, mail_from, rcpt_tos, data)

    Sink(("127.0.0.1", port), None, decode_data=False)
    print("ready", flush=True)
    asyncore.loop()


if __name__ == "__main__":
    port, path = int(sys.argv[1]), sys.argv[2]
    try:
        if os.environ.get("XINBAO_SMTP_SINK_STDLIB"):
            raise ImportError
        import aiosmtpd  # noqa: F401
    except ImportError:
        serve_stdlib(port, path)
    else:
        serve_aiosmtpd(port, path)
