from django.contrib import admin

from .models import Registration, Reminder, Series, Session, Speaker


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "created_at"]
    search_fields = ["title"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "kind", "starts_at", "capacity", "published"]
    list_filter = ["kind", "published", "series"]
    search_fields = ["title"]
    readonly_fields = ["abstract_html", "feedback_requested_at", "sequence", "recording_added_at"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "affiliation", "series"]
    search_fields = ["name", "affiliation"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: seats are taken and freed by the services (registration.py) only."""

    list_display = ["name", "email", "session", "status", "created_at", "attended"]
    list_filter = ["status"]
    search_fields = ["email", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["registration", "offset_minutes", "due_at", "state", "sent_at"]
    list_filter = ["state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
