"""`{% interest_panel opportunity %}`: the expression-of-interest panel of an opportunity page
(filled into opportunities/_interest_slot.html). The logic lives in `interest.queries`."""

from typing import Any

from django import template

from kakehashi.accounts.people import is_approved_member

from ..interest import queries
from ..interest.forms import DeclineForm, InterestForm

register = template.Library()


@register.inclusion_tag("opportunities/interest/_panel.html", takes_context=True)
def interest_panel(context: template.Context, opportunity: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    panel: dict[str, Any] = {
        "opportunity": opportunity, "request": request, "user": user, "csrf_token": context.get("csrf_token"),
    }
    if user is None or not user.is_authenticated:
        panel["mode"] = "visitor"
    elif not is_approved_member(user):
        panel["mode"] = "unapproved"
    elif opportunity.organisation_id in queries.organisation_ids_of(user) or user.is_staff:
        panel["mode"] = "owner" if opportunity.organisation_id in queries.organisation_ids_of(user) else "staff"
        panel["received"] = list(queries.received_for(user, opportunity))
        panel["decline_form"] = DeclineForm()
    else:
        panel["mode"] = "member"
        panel["existing"] = queries.open_interest_of(user, opportunity)
        organisations = queries.sending_organisations(user, opportunity)
        panel["can_send"] = opportunity.is_live and organisations.exists() and panel["existing"] is None
        if panel["can_send"]:
            panel["form"] = InterestForm(organisations=organisations)
    return panel
