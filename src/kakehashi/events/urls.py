from django.urls import path

from . import feeds
from .views import manage, public, register

app_name = "events"

urlpatterns = [
    path("", public.index, name="index"),
    path("calendar.ics", public.all_ics, name="calendar"),
    path("feed/rss/", feeds.SessionsRss(), name="feed_rss"),
    path("feed/atom/", feeds.SessionsAtom(), name="feed_atom"),
    path("my/", register.my_registrations, name="mine"),
    path("series/<slug:slug>/", public.series_detail, name="series"),
    path("series/<slug:slug>/calendar.ics", public.series_ics, name="series_calendar"),
    path("series/<slug:slug>/rss/", feeds.SeriesRss(), name="series_rss"),
    path("series/<slug:slug>/atom/", feeds.SeriesAtom(), name="series_atom"),
    path("series/<slug:slug>/follow/", register.follow, name="follow"),
    path("sessions/<slug:slug>/", public.session_detail, name="session"),
    path("sessions/<slug:slug>/calendar.ics", public.session_ics, name="session_calendar"),
    path("sessions/<slug:slug>/register/", register.register, name="register"),
    path("sessions/<slug:slug>/cancel/", register.cancel_own, name="cancel_own"),
    path("confirm/<str:token>/", register.confirm, name="confirm"),
    path("cancel/<str:token>/", register.cancel_by_link, name="cancel"),
    path("feedback/<str:token>/", register.feedback_form, name="feedback"),
    # organisers
    path("manage/", manage.index, name="manage"),
    path("manage/series/new/", manage.series_create, name="series_create"),
    path("manage/series/<slug:slug>/edit/", manage.series_edit, name="series_edit"),
    path("manage/series/<slug:slug>/speakers/new/", manage.speaker_create, name="speaker_create"),
    path("manage/series/<slug:slug>/sessions/new/", manage.session_create, name="session_create"),
    path("manage/speakers/<int:pk>/edit/", manage.speaker_edit, name="speaker_edit"),
    path("manage/sessions/<slug:slug>/edit/", manage.session_edit, name="session_edit"),
    path("manage/sessions/<slug:slug>/questions/", manage.questions, name="questions"),
    path("manage/questions/<int:pk>/delete/", manage.question_delete, name="question_delete"),
    path("manage/sessions/<slug:slug>/registrants/", manage.registrants, name="registrants"),
    path("manage/sessions/<slug:slug>/registrants.csv", manage.registrants_csv, name="registrants_csv"),
    path("manage/sessions/<slug:slug>/registrants.xlsx", manage.registrants_xlsx, name="registrants_xlsx"),
    path("manage/sessions/<slug:slug>/attendance/", manage.attendance_import, name="attendance_import"),
    path("manage/sessions/<slug:slug>/announce/", manage.announce, name="announce"),
    path("manage/sessions/<slug:slug>/feedback/", manage.feedback_results, name="feedback_results"),
]
