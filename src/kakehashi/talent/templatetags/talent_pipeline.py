"""`{{ job|job_title }}`: a job's title in the active language (Japanese or English)."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def job_title(job) -> str:
    return job.title_in(get_language() or "en") if job is not None else ""
