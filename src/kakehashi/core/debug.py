"""`kakehashi run` turns DEBUG on; its traceback pages are for the person at the machine.

Django renders the technical 500 page through `DEFAULT_EXCEPTION_REPORTER`. This reporter
shows it only to a loopback client (through `TRUSTED_PROXY_COUNT` proxies,
core/clientip.py); anyone else gets the site's plain error page (or a one-line text / JSON
body), and the traceback goes to the log as usual."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.debug import ExceptionReporter

from .clientip import is_loopback


class LocalOnlyExceptionReporter(ExceptionReporter):
    def _local(self) -> bool:
        return self.request is None or is_loopback(self.request)

    def get_traceback_html(self) -> SafeString:
        if self._local():
            return super().get_traceback_html()
        return render_to_string("500.html")

    def get_traceback_text(self) -> str:  # type: ignore[override]  # plain text; Django's stub says SafeString
        if self._local():
            return super().get_traceback_text()
        if self.request is not None and self.request.path.startswith("/api/"):
            return '{"detail": "Server error."}'
        return "Server error."
