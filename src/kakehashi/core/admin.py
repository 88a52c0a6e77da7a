from django.contrib import admin

from .models import AuditEntry, InstanceFlag, Sector


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "name_en", "name_ja", "name_hi"]
    list_filter = ["level"]
    search_fields = ["code", "name_en", "name_ja", "name_hi"]


@admin.register(InstanceFlag)
class InstanceFlagAdmin(admin.ModelAdmin):
    """Read-only; deleting `demo_data` removes the footer's demo notice."""

    list_display = ["name", "set_at"]
    readonly_fields = ["name", "set_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
