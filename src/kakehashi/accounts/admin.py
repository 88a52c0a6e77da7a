"""Admin for inspection; approvals go through the staff pages, which call the services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Membership, Organisation, OrganisationDescription, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "approval_status", "language", "is_staff", "date_joined"]
    list_filter = ["approval_status", "is_staff", "language"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["approval_status", "approval_decided_at", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name", "job_title", "bio"]}),
        ("Preferences", {"fields": ["language", "timezone", "email_notifications", "digest"]}),
        ("Status", {"fields": ["approval_status", "approval_decided_at", "is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class DescriptionInline(admin.TabularInline):
    model = OrganisationDescription
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "org_type", "status", "created_at"]
    list_filter = ["status", "country", "org_type"]
    search_fields = ["name", "name_local", "city"]
    readonly_fields = ["status", "status_decided_at"]
    inlines = [DescriptionInline, MembershipInline]
    filter_horizontal = ["sectors"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["digest", "prefix"]
