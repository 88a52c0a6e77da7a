"""Pages anyone may open: the search page and an opportunity's page (each shows only what
the viewer may see; `queries` decides)."""

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kakehashi.accounts.people import OrganisationCountry
from kakehashi.core import fragments
from kakehashi.core.countries import country_name
from kakehashi.core.pagecache import member_cache, visitor_cache
from kakehashi.core.permissions import public
from kakehashi.core.sectors import section_tree
from kakehashi.translations import queries as translations

from .. import queries
from ..forms import CloseForm, RenewForm, ReturnForm, country_choices, search_params
from ..models import Aim, CompanyStage, Kind
from ..services import EDITABLE

PAGE_SIZE = 20


@public
@visitor_cache
def opportunity_list(request: HttpRequest) -> HttpResponse:
    params = search_params(request.GET)
    q = params.pop("q")
    results = queries.search(request.user, q=q, **params)
    filtered = any(params.values())
    paginator: Paginator[Any] = Paginator(results, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    items = queries.in_order(list(page.object_list)) if isinstance(results, list) else list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "opportunities/list.html",
        {
            "page": page,
            "opportunities": queries.with_owner_display(items, request.user),
            "params": {**params, "q": q},
            "indexing": queries.indexing_progress() if q else None,
            "filtered": filtered,
            "q_only": urlencode({"q": q}),
            "query": query.urlencode(),
            "kinds": Kind.choices,
            "aims": Aim.choices,
            "countries": [(c, n) for c, n in OrganisationCountry.choices if c in ("IN", "JP")],
            "target_countries": country_choices(),
            "stages": CompanyStage.choices,
            "sections": section_tree(),
        },
    )


@public
@member_cache
def opportunity_detail(request: HttpRequest, reference: str) -> HttpResponse:
    fragments.pin_version(request)  # the page's body is a member fragment
    try:
        opportunity = queries.opportunity_for(request.user, reference)
    except Http404:
        if request.user.is_authenticated:
            raise
        # A visitor gets one page for a members-only, anonymous, unpublished or missing
        # reference alike: it invites signing in and says nothing about the opportunity.
        return render(request, "opportunities/sign_in_to_see.html", status=404)
    return render(request, "opportunities/detail.html", detail_context(request, opportunity))


def detail_context(request: HttpRequest, opportunity, **forms) -> dict:
    """What the opportunity page and its include points (`_interest_slot.html`,
    `_matches_slot.html`) get: `opportunity`, `shown_organisation` (None when anonymous to
    this viewer), `can_manage` (the viewer acts for its organisation), `is_staff`."""
    can_manage = queries.can_manage(request.user, opportunity)
    is_staff = bool(getattr(request.user, "is_staff", False))
    ticket = ""
    if opportunity.ticket_min_usd is not None and opportunity.ticket_max_usd is not None:
        ticket = _("%(low)s–%(high)s US dollars") % {
            "low": f"{opportunity.ticket_min_usd:,}", "high": f"{opportunity.ticket_max_usd:,}"
        }
    opportunity.shown_organisation = queries.owner_org_display(opportunity, request.user)
    return {
        "opportunity": opportunity,
        "shown": translations.shown_one(request, "opportunity", opportunity),
        "target_country_names": [country_name(code) for code in opportunity.target_countries],
        "ticket": ticket,
        "shown_organisation": opportunity.shown_organisation,
        "can_manage": can_manage,
        "can_edit": can_manage and opportunity.status in EDITABLE,
        "is_staff": is_staff,
        "is_live": opportunity.is_live,
        "renew_form": forms.get("renew_form") or RenewForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
    }
