"""`{{ job|job_title }}` (a job's title as the reader sees it), `{{ state|state_label }}`, `{{ code|prefecture }}` and `{{ amount|yen }}`."""

from django import template
from django.utils.translation import get_language

from kakehashi.accounts.regions import region_name
from kakehashi.talent.pipeline.states import LABELS

register = template.Library()


@register.filter
def job_title(job) -> str:
    """The text a list page attached (`translation.attach`: a version or machine translation
    for readers of a language the employer did not write), else the employer's own title in
    the active language (English or Japanese)."""
    if job is None:
        return ""
    text = getattr(job, "text", None)
    return text.title if text is not None else job.title_in(get_language() or "en")


@register.filter
def state_label(state: str) -> str:
    """`{{ event.target|state_label }}`: an application state's name in the active language."""
    label = LABELS.get(state)
    return str(label) if label is not None else state


@register.filter
def prefecture(code: str) -> str:
    """`{{ job.prefecture|prefecture }}`: the prefecture's name in the active language (the code when unknown)."""
    return region_name(code) or code


@register.filter
def yen(amount: int | None) -> str:
    """`{{ job.monthly_wage_jpy|yen }}`: ¥250,000."""
    return f"¥{amount:,}" if isinstance(amount, int) else ""
