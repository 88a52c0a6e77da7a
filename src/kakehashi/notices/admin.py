from django.contrib import admin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "key", "read_at"]
    list_filter = ["kind"]
    search_fields = ["key", "recipient__email"]
    raw_id_fields = ["recipient", "actor"]
    readonly_fields = ["recipient", "kind", "key", "actor", "url", "params", "created_at", "read_at"]
