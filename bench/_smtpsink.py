"""A real SMTP server on loopback (aiosmtpd, on its own thread) that counts how many times
each Message-ID was accepted, for benchmarks that count lost and duplicated mail."""

import threading
from collections import Counter
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller

from _server import free_port


class MessageIdSink:
    def __init__(self) -> None:
        self.port = free_port()
        self._ids: Counter = Counter()
        self._lock = threading.Lock()
        self._parser = BytesHeaderParser()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="localhost")

    async def handle_DATA(self, server, session, envelope):
        headers = self._parser.parsebytes(envelope.original_content or envelope.content)
        message_id = (headers.get("Message-ID") or "").strip().strip("<>").split("@", 1)[0]
        with self._lock:
            self._ids[message_id] += 1
        return "250 Message accepted for delivery"

    def counts(self) -> Counter:
        """Message-ID (the part before @, the outbox row's id) → times accepted."""
        with self._lock:
            return Counter(self._ids)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
