from django.contrib import admin

from .models import Agreement, ItemLink


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read-only: staff add and edit agreements on the site's pages (knowledge.services)."""

    list_display = ["date", "title_en", "kind", "parties"]
    search_fields = ["title_en", "title_ja", "title_hi", "parties"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ItemLink)
class ItemLinkAdmin(admin.ModelAdmin):
    list_display = ["agreement", "kind", "object_id", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
