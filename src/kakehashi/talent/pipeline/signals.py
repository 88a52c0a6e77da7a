"""Deletion however it comes (the candidate's "delete my data", or the whole account deleted
through accounts): a candidate profile about to go leaves its applications as "withdrawn
(account deleted)" without personal data, and a document's file leaves the private storage
once the deletion commits. Connected in TalentConfig.ready."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, pre_delete

from kakehashi.talent.models import CandidateDocument, CandidateProfile


def _forget_applications(sender: type[CandidateProfile], instance: CandidateProfile, **kwargs: Any) -> None:
    from .services import forget_candidate  # noqa: PLC0415  (services import the models this module's importer loads)

    forget_candidate(instance)


def _remove_file(sender: type[CandidateDocument], instance: CandidateDocument, **kwargs: Any) -> None:
    if instance.file and instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def connect() -> None:
    pre_delete.connect(_forget_applications, sender=CandidateProfile, dispatch_uid="talent.pipeline.forget_applications")
    post_delete.connect(_remove_file, sender=CandidateDocument, dispatch_uid="talent.pipeline.remove_document_file")
