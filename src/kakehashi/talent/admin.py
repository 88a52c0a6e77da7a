"""The SSW fields and rules are edited here by staff: each save goes through talent.services
(sources checked, audited). A rule that changes gets an end date and a new row."""

from django.contrib import admin

from . import services
from .models import Rule, SswField


@admin.register(SswField)
class SswFieldAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "name_en", "name_ja", "has_ssw2", "needs_care_test", "valid_from", "valid_to"]
    list_display_links = ["code"]
    search_fields = ["code", "name_en", "name_ja", "name_hi"]

    def save_model(self, request, obj, form, change):
        services.save_field(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "valid_from", "valid_to"]
    search_fields = ["key"]

    def save_model(self, request, obj, form, change):
        services.save_rule(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False
