"""`{{ job|job_title }}` (a job's title in the active language) and `{{ state|state_label }}`."""

from django import template
from django.utils.translation import get_language

from kakehashi.talent.pipeline.states import LABELS

register = template.Library()


@register.filter
def job_title(job) -> str:
    return job.title_in(get_language() or "en") if job is not None else ""


@register.filter
def state_label(state: str) -> str:
    """`{{ event.target|state_label }}`: an application state's name in the active language."""
    label = LABELS.get(state)
    return str(label) if label is not None else state
