import pytest

from ..mail.smtp import SMTPServer, Sink


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, started; Kakehashi is configured to send to it."""
    server = SMTPServer(Sink())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()
