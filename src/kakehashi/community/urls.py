from django.urls import path

from . import feeds, views

app_name = "community"

urlpatterns = [
    path("", views.post_list, name="posts"),
    path("tags/<slug:tag>/", views.post_list, name="tag"),
    path("tags/<slug:tag>/atom/", feeds.TagAtom(), name="tag_feed"),
    path("tags/<slug:tag>/follow/", views.follow_tag, name="follow_tag"),
    path("feed/rss/", feeds.LatestPostsRss(), name="feed_rss"),
    path("feed/atom/", feeds.LatestPostsAtom(), name="feed_atom"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<slug:slug>/", views.post_detail, name="post"),
    path("posts/<slug:slug>/edit/", views.post_edit, name="post_edit"),
    path("posts/<slug:slug>/comment/", views.comment_create, name="comment_create"),
    path("posts/<slug:slug>/follow/", views.follow, name="follow"),
    path("comments/<int:comment_id>/", views.comment_permalink, name="comment"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:comment_id>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:comment_id>/flag/", views.flag_comment, name="flag_comment"),
    path("posts/<slug:slug>/flag/", views.flag_post, name="flag_post"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("engagement/", views.engagement, name="engagement"),
    path("moderation/<str:kind>/<int:target_id>/", views.review, name="review"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path("members/<int:user_id>/", views.member, name="member"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
