from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only for every active staff account (the README sends staff here to read the
    mails the platform sent), whatever Django permissions the account was given."""

    list_display = ["created_at", "recipient", "template", "locale", "state", "attempts", "sent_at"]
    list_filter = ["state", "template", "locale"]
    search_fields = ["recipient", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False
