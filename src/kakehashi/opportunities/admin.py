"""Admin for inspection. Review, renewal and closing go through the pages and the API, which
call the services (audit entry, e-mail, matching); here the workflow fields are read-only."""

from django.contrib import admin

from .models import Opportunity


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "kind", "organisation", "language", "visibility", "status", "expires_on"]
    list_filter = ["status", "aim", "kind", "visibility", "language", "organisation__country"]
    search_fields = ["reference", "title", "summary", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["sectors"]
    readonly_fields = [
        "reference", "aim", "status", "review_comment", "submitted_at", "published_at", "closed_at", "outcome",
        "expiry_reminder_sent_at", "created_at", "updated_at",
    ]
    date_hierarchy = "published_at"
