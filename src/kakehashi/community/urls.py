from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.post_list, name="posts"),
    path("tags/<slug:tag>/", views.post_list, name="tag"),
    path("posts/<slug:slug>/", views.post_detail, name="post"),
    path("posts/<slug:slug>/comment/", views.comment_create, name="comment_create"),
    path("posts/<slug:slug>/follow/", views.follow, name="follow"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("notifications/", views.notifications, name="notifications"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
