"""Alternative Indian and Japanese suppliers for a list's concentrated items."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kakehashi.core.countries import country_name
from kakehashi.core.permissions import approved_member

from .. import queries
from ..alternatives import alternatives_for
from ..models import ListStatus


@approved_member
def alternatives(request: HttpRequest, pk: int) -> HttpResponse:
    supplier_list = queries.list_for(request.user, pk)
    found = alternatives_for(request.user, supplier_list) if supplier_list.status == ListStatus.READY else []
    for entry in found:
        entry.item["top_country_name"] = country_name(entry.item["top_country"]) if entry.item["top_country"] else ""
    return render(request, "supplychain/alternatives.html", {
        "list": supplier_list, "found": found,
        "can_request": queries.can_upload_for(request.user, supplier_list.organisation_id),
        "weights_url": reverse("supplychain:country_weights"),
    })
