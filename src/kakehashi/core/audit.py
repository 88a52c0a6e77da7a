"""The audit log's single entry point: services call `record()` inside their transaction."""

from typing import Any

from django.db import models

from .models import AuditEntry


def record(actor: Any, action: str, target: models.Model, **data: Any) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        data=data,
    )
