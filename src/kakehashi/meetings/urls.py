from django.urls import path

from .views import organiser, participant

app_name = "meetings"

urlpatterns = [
    path("<slug:slug>/", participant.marketplace, name="marketplace"),
    path("<slug:slug>/join/", participant.join, name="join"),
    path("<slug:slug>/request/", participant.send_request, name="send_request"),
    path("<slug:slug>/requests/", participant.my_requests, name="requests"),
    path("<slug:slug>/requests/<int:pk>/answer/", participant.answer, name="answer"),
    path("<slug:slug>/requests/<int:pk>/cancel/", participant.cancel, name="cancel"),
    path("<slug:slug>/availability/", participant.availability, name="availability"),
    path("<slug:slug>/agenda/", participant.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", participant.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/meetings/<int:pk>/outcome/", participant.outcome, name="outcome"),
    # organisers
    path("<slug:slug>/manage/", organiser.overview, name="manage"),
    path("<slug:slug>/manage/grid/", organiser.grid, name="grid"),
    path("<slug:slug>/manage/runs/", organiser.start_run, name="start_run"),
    path("<slug:slug>/manage/runs/<int:pk>/", organiser.run_detail, name="run"),
    path("<slug:slug>/manage/runs/<int:pk>/stop/", organiser.stop_run, name="stop_run"),
    path("<slug:slug>/manage/runs/<int:pk>/publish/", organiser.publish_run, name="publish_run"),
    path("<slug:slug>/manage/print/", organiser.print_sheet, name="print"),
    path("<slug:slug>/manage/meetings.csv", organiser.export_csv, name="export_csv"),
    path("<slug:slug>/manage/meetings.xlsx", organiser.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/manage/report/", organiser.report_page, name="report"),
]
