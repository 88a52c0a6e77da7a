"""Community notifications written before the notification centre existed appear in it."""

from django.db import migrations
from django.urls import reverse


def copy(apps, schema_editor):
    Notification = apps.get_model("community", "Notification")
    Notice = apps.get_model("notices", "Notice")
    rows = Notification.objects.select_related("post", "actor").order_by("pk")
    batch = []
    for n in rows.iterator(chunk_size=1000):
        if n.comment_id:
            key, url = f"comment:{n.comment_id}", reverse("community:comment", args=[n.comment_id])
        else:
            key, url = f"post:{n.post_id}", reverse("community:post", args=[n.post.slug])
        actor = ""
        if n.actor is not None:
            actor = n.actor.display_name or n.actor.email
        batch.append(Notice(recipient_id=n.recipient_id, kind=n.kind, key=key, url=url, actor_id=n.actor_id,
                            params={"actor_name": actor, "title": n.post.title}, created_at=n.created_at, read_at=n.read_at))
        if len(batch) >= 1000:
            Notice.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Notice.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("community", "0005_tag_follows_announcements"), ("notices", "0001_initial")]
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
