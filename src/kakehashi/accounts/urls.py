from django.urls import path

from .views import home, manage, member, notices, public, staff

app_name = "accounts"

urlpatterns = [
    path("", home.home, name="home"),
    path("i18n/setlang/", home.set_language, name="set_language"),
    path("organisations/", public.directory, name="directory"),
    path("organisations/new/", member.organisation_create, name="organisation_create"),
    path("organisations/join/", member.organisation_join, name="organisation_join"),
    path("organisations/<slug:slug>/", public.organisation, name="organisation"),
    path("organisations/<slug:slug>/edit/", manage.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/members/", manage.organisation_members, name="members"),
    path("memberships/<int:membership_id>/decide/", manage.membership_decide, name="membership_decide"),
    path("memberships/<int:membership_id>/role/", manage.membership_role, name="membership_role"),
    path("memberships/<int:membership_id>/remove/", manage.membership_remove, name="membership_remove"),
    path("memberships/<int:membership_id>/leave/", member.leave_organisation, name="leave"),
    path("welcome/", member.onboarding, name="onboarding"),
    path("dashboard/", member.dashboard, name="dashboard"),
    path("notifications/", notices.notifications, name="notifications"),
    path("notifications/read/", notices.notifications_read, name="notifications_read"),
    path("notifications/<int:notice_id>/", notices.notification_open, name="notification_open"),
    path("settings/", member.settings_view, name="settings"),
    path("settings/export/", member.export, name="export"),
    path("settings/tokens/", member.api_token_create, name="api_token_create"),
    path("settings/tokens/<int:token_id>/revoke/", member.api_token_revoke, name="api_token_revoke"),
    path("settings/delete/", member.delete_account, name="delete_account"),
    path("staff/approvals/", staff.approvals, name="staff_approvals"),
    path("staff/members/<int:member_id>/decide/", staff.decide_member, name="staff_decide_member"),
    path("staff/organisations/<int:organisation_id>/decide/", staff.decide_organisation, name="staff_decide_organisation"),
]
