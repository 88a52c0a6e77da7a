"""Opportunity pages. An opportunity is addressed by its reference (KK- and eight hex
digits), so other paths of the app (e.g. `interests/`, `programme/`) never collide with it.
Add new paths anywhere in `urlpatterns`."""

from django.urls import path

from . import converters  # noqa: F401  (registers the kkref converter)
from .views import matches, member, public, staff

app_name = "opportunities"

urlpatterns = [
    path("", public.opportunity_list, name="list"),
    path("new/", member.opportunity_create, name="create"),
    path("mine/", member.my_opportunities, name="mine"),
    path("review/", staff.review_queue, name="review_queue"),
    path("saved/", matches.saved_matches, name="saved_matches"),
    path("<kkref:reference>/", public.opportunity_detail, name="detail"),
    path("<kkref:reference>/edit/", member.opportunity_edit, name="edit"),
    path("<kkref:reference>/submit/", member.opportunity_submit, name="submit"),
    path("<kkref:reference>/renew/", member.opportunity_renew, name="renew"),
    path("<kkref:reference>/close/", member.opportunity_close, name="close"),
    path("<kkref:reference>/matches/<kkref:other>/interest/", matches.match_interest, name="match_interest"),
    path("<kkref:reference>/matches/<kkref:other>/save/", matches.match_save, name="match_save"),
    path("<kkref:reference>/matches/<kkref:other>/unsave/", matches.match_unsave, name="match_unsave"),
    path("<kkref:reference>/matches/<kkref:other>/dismiss/", matches.match_dismiss, name="match_dismiss"),
    path("<kkref:reference>/matches/<kkref:other>/restore/", matches.match_restore, name="match_restore"),
    path("<kkref:reference>/approve/", staff.opportunity_approve, name="approve"),
    path("<kkref:reference>/return/", staff.opportunity_return, name="return"),
]

# Expressions of interest, introductions and the staff programme view (opportunities/interest/).
from .interest.urls import urlpatterns as interest_urlpatterns  # noqa: E402  (uses the kkref converter)

urlpatterns += interest_urlpatterns
