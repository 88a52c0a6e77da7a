"""Opportunity pages, one module per audience of the same domain: `public` (search and the
opportunity page), `member` (an organisation's own opportunities), `staff` (the review queue)."""

from django.core.exceptions import ValidationError
from django.forms import Form


def attach_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's errors on the form: on their field when the form shows it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
