"""Outbox throughput: queue N messages, deliver them to a real SMTP server (aiosmtpd) on loopback.

    .venv/bin/python bench/outbox.py [--messages 2000]

Prints the cost of queuing one message (render in the recipient's language + insert) and
the delivery rate of `deliver_due()` over one SMTP connection. SQLite in a temp directory.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="kakehashi-bench-")
    os.environ.update({"KAKEHASHI_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "kakehashi.settings", "LOG_LEVEL": "WARNING"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from kakehashi.mail import services
    from kakehashi.mail.models import OutboxMessage
    from tests.mail.smtp import Sink, SMTPServer

    call_command("migrate", verbosity=0)
    server = SMTPServer(Sink())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queue only

    start = time.perf_counter()
    for i in range(args.messages):
        with transaction.atomic():
            services.queue_mail(
                to=f"member{i}@example.org", template="accounts/mail/member_approved",
                context={"name": f"Member {i}"}, locale=("en", "ja", "hi")[i % 3],
            )
    queued = time.perf_counter() - start

    start = time.perf_counter()
    sent = 0
    while OutboxMessage.objects.filter(state="queued").exists():
        sent += services.deliver_due()
    delivered = time.perf_counter() - start
    server.stop()

    print(f"messages:            {args.messages}")
    print(f"queue one message:   {queued / args.messages * 1000:.2f} ms (render + insert, own transaction)")
    print(f"deliver:             {sent / delivered:.0f} messages/s over SMTP ({sent} sent, {len(set(server.sink.message_ids))} unique received)")


if __name__ == "__main__":
    main()
