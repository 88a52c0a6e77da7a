"""Pages anyone may see: the organisation directory and organisation pages."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kakehashi.core import registry
from kakehashi.core.pagecache import visitor_cache
from kakehashi.core.permissions import public
from kakehashi.core.sectors import section_tree
from kakehashi.core.validation import without_nul

from .. import queries
from ..models import Organisation
from ..regions import region_choices

PAGE_SIZE = 24


@public
@visitor_cache
def directory(request: HttpRequest) -> HttpResponse:
    params = {
        key: without_nul(request.GET.get(key, "")).strip()[:100] for key in ("q", "country", "org_type", "sector", "region")
    }
    if params["country"] not in Organisation.Country.values:
        params["country"] = ""
    if params["org_type"] not in Organisation.Type.values:
        params["org_type"] = ""
    organisations = queries.directory(request.user, **params)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/directory.html",
        {
            "page": page,
            "params": params,
            "query": query.urlencode(),
            "countries": Organisation.Country.choices,
            "types": Organisation.Type.choices,
            "sections": section_tree(),
            "regions": region_choices(params["country"]) if params["country"] in ("IN", "JP") else [],
        },
    )


@public
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = queries.organisation_for(request.user, slug)
    panels = [  # what other apps show on the page, e.g. its open opportunities
        {"template": panel.template, "data": data}
        for panel in registry.organisation_panels()
        if (data := panel.data(request.user, org)) is not None
    ]
    return render(
        request,
        "accounts/organisation.html",
        {
            "org": org,
            "description": org.description_for(),
            "can_manage": queries.can_manage(request.user, org),
            "panels": panels,
            "is_member": request.user.is_authenticated
            and org.memberships.filter(user=request.user).exclude(status="declined").exists(),
        },
    )
