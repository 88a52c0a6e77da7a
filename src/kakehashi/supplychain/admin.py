"""Read-only in the admin: lists are uploaded and imported through supplychain.services."""

from django.contrib import admin

from .models import SupplierList


@admin.register(SupplierList)
class SupplierListAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "organisation", "status", "row_count", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "organisation__name"]
    exclude = ["analysis", "errors", "mapping"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
