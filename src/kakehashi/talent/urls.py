from django.urls import path

from . import candidate_views, job_views, views
from .pipeline.urls import urlpatterns as pipeline_urlpatterns

app_name = "talent"

urlpatterns = [
    path("eligibility/", views.eligibility_page, name="eligibility"),
    path("fields/", views.fields_page, name="fields"),
    path("jobs/", job_views.job_list, name="jobs"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job"),
    path("jobs/<int:pk>/edit/", job_views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/status/", job_views.job_status, name="job_status"),
    path("jobs/<int:pk>/candidates/", job_views.job_candidates, name="job_candidates"),
    path("employer/", job_views.employer_page, name="employer"),
    path("employer/<int:organisation_id>/jobs/new/", job_views.job_new, name="job_new"),
    path("staff/employers/", job_views.staff_employers, name="staff_employers"),
    path("profile/", candidate_views.profile_page, name="profile"),
    path("profile/tests/", candidate_views.add_test, name="add_test"),
    path("profile/titp/", candidate_views.add_titp, name="add_titp"),
    path("profile/documents/", candidate_views.upload_document, name="upload_document"),
    path("profile/documents/<int:pk>/", candidate_views.own_document, name="own_document"),
    path("profile/<str:kind>/<int:pk>/delete/", candidate_views.delete_record, name="delete_record"),
    path("profile/jobs/", candidate_views.my_jobs, name="my_jobs"),
    path("candidates/<int:pk>/", candidate_views.candidate_detail, name="candidate"),
    *pipeline_urlpatterns,
]
