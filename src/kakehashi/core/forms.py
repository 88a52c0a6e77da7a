"""One way for a view to call a service and show the service's validation errors.

    with service_errors(form) as call:
        organisation = services.create_organisation(request.user, **form.service_kwargs())
    if call.ok:
        messages.success(request, …)
        return redirect(…)
    return render(request, "…", {"form": form})      # the errors are on the form

The target decides where a `ValidationError` raised in the block goes:

- a form: field errors on their field when the form shows it, the rest on top (`field=`
  puts a plain error on that field instead);
- a request (a formless POST): one `messages.error` per message;
- nothing: only kept on the call, e.g. `call.message` for an error page.

Any other exception (PermissionDenied, Http404) passes through.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from . import ratelimit


@dataclass
class ServiceCall:
    errors: list[str] = field(default_factory=list)
    exception: ValidationError | None = None

    @property
    def status(self) -> int:
        """The status of the page that shows the errors: 429 when rate-limited, else 400."""
        return ratelimit.status_for(self.exception) if self.exception is not None else 200

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def message(self) -> str:
        """The errors as one line, for a page that shows a single error."""
        return " ".join(self.errors)


def attach_errors(form: BaseForm, exc: ValidationError, *, field: str | None = None) -> None:
    """Put a service's errors on the form: on their field when the form shows it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(field, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@contextmanager
def service_errors(target: BaseForm | HttpRequest | None = None, *, field: str | None = None) -> Iterator[ServiceCall]:
    call = ServiceCall()
    try:
        yield call
    except ValidationError as exc:
        call.errors = list(exc.messages)
        call.exception = exc
        if isinstance(target, BaseForm):
            attach_errors(target, exc, field=field)
        elif isinstance(target, HttpRequest):
            for message in call.errors:
                messages.error(target, message)
