"""`kakehashi seed_community` (run by `kakehashi seed-demo`): posts, comments, follows.

Fixture loading like `seed_accounts`: rows are written directly and no e-mail is sent.
Needs the accounts demo data. Running it twice changes nothing."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from kakehashi.accounts.models import User

from ...mentions import render
from ...models import Comment, Post, PostFollow, Tag, TagFollow

EPOCH = dt.datetime(2021, 1, 19, 9, 0, tzinfo=dt.UTC)

WRITEUP = """The first session of the online series **India-Japan Partnership Perspectives** brought
together the Ambassador of India to Japan and a leader of Indian industry to discuss how the
two countries can work together on digital technology.

## What was said

- India and Japan agreed an **India–Japan Digital Partnership** to combine Japan's strength in
  advanced manufacturing and deep technology with India's software talent and startups.
- The speakers asked companies to **co-innovate, co-create and co-produce**: joint research,
  pilot projects between universities, and business-to-business ties between SMEs.
- Japanese investors are backing Indian startups; more Indian engineers are working in Japan,
  including under the **Specified Skilled Worker** programme.
- Supply chains need alternatives to a single country; both economies can gain from
  manufacturing partnerships.
- Language and culture remain the biggest practical barriers: workshops on Japanese, on
  technical skills and on the ease of doing business were proposed.

## What comes next

The series continues with sessions on startups and investment, on skilled workers, and on
supply-chain resilience. The recording is available to members.

*E-mail me when people leave their comments* — follow this post to hear about the discussion.
"""

POSTS = [
    {
        "slug": "india-japan-partnership-perspectives-digital-partnership",
        "title": "India-Japan Partnership Perspectives: the Digital Partnership",
        "body": WRITEUP, "language": "en", "kind": Post.Kind.SESSION_WRITEUP, "visibility": Post.Visibility.PUBLIC,
        "tags": ["digital-partnership", "session-write-up"], "author": "secretariat@kakehashi.example",
        "pinned": True, "at": EPOCH,
    },
    {
        "slug": "nihon-kigyo-no-tame-no-india-shinshutsu-guide",
        "title": "日本の中小企業のためのインド進出ガイド",
        "body": "インドでの拠点設立、パートナー探し、契約の基本を**5つのステップ**でまとめました。\n\n"
                "1. 市場調査と州の選定\n2. 現地パートナーの評価\n3. 法人形態の選択\n4. 人材の採用と育成\n5. 知的財産の保護\n\n"
                "質問はコメント欄へどうぞ。",
        "language": "ja", "kind": Post.Kind.GUIDE, "visibility": Post.Visibility.MEMBERS,
        "tags": ["guide", "ease-of-doing-business"], "author": "secretariat@kakehashi.example",
        "pinned": False, "at": EPOCH + dt.timedelta(days=30),
    },
    {
        "slug": "call-for-pilot-projects-2026",
        "title": "Call for joint pilot projects between Indian and Japanese universities",
        "body": "Universities and research institutes can propose **joint pilot projects** for the 2026 cycle: "
                "smart manufacturing, green hydrogen, healthcare and agritech. Teams need one partner in each "
                "country. Share your idea in the comments to find a partner.",
        "language": "en", "kind": Post.Kind.ANNOUNCEMENT, "visibility": Post.Visibility.PUBLIC,
        "tags": ["research", "pilot-projects"], "author": "admin@kakehashi.example",
        "pinned": False, "at": EPOCH + dt.timedelta(days=60),
    },
    {
        "slug": "japani-bhasha-karyashala",
        "title": "भारतीय इंजीनियरों के लिए जापानी भाषा कार्यशाला",
        "body": "जापान में काम करने के इच्छुक इंजीनियरों के लिए **जापानी भाषा** और कार्य-संस्कृति पर एक कार्यशाला। "
                "JLPT N4 स्तर की तैयारी, साक्षात्कार का अभ्यास और जापानी कार्यस्थल के शिष्टाचार।",
        "language": "hi", "kind": Post.Kind.ANNOUNCEMENT, "visibility": Post.Visibility.PUBLIC,
        "tags": ["workshop", "skilled-workers"], "author": "desk@kakehashi.example",
        "pinned": False, "at": EPOCH + dt.timedelta(days=90),
    },
]

# (post slug, author e-mail index in approved members, text, reply to comment number or None)
COMMENTS = [
    (0, 0, "Thank you for the summary. Our company makes EV harness assemblies in Hosur; we would like to "
           "meet Japanese partners working on the same supply chain.", None),
    (0, 1, "とても参考になりました。当社はインドのソフトウェア企業との協業を検討しています。次回のセッションも楽しみにしています。", None),
    (0, 2, "Agreed: language was the biggest barrier for us too. A workshop on technical Japanese would help.", 1),
    (0, 3, "日本語研修については、私たちの大学でもオンライン講座を提供しています。ご興味があればご連絡ください。", 2),
    (0, 4, "Could the next session cover investment from Japanese VCs into early-stage Indian startups? "
           "@sato_haruka, is that planned?", None),
    (2, 5, "Our institute is looking for a Japanese partner on green hydrogen electrolysers for a pilot in Gujarat.", None),
    (1, 6, "ビザと現地法人設立の手順についても取り上げていただけると助かります。", None),
]


class Command(BaseCommand):
    help = "Load the demo community posts, comments and follows (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if Post.objects.filter(slug=POSTS[0]["slug"]).exists():
            self.stdout.write("Community demo data already loaded.")
            return
        members = list(
            User.objects.filter(approval_status="approved", is_staff=False, memberships__status="active")
            .order_by("email").distinct()[:40]
        )
        # Alternate Indian and Japanese members so the discussion has both voices.
        indian = [u for u in members if u.memberships.filter(organisation__country="IN").exists()]
        japanese = [u for u in members if u.memberships.filter(organisation__country="JP").exists()]
        voices = [u for pair in zip(indian, japanese, strict=False) for u in pair]
        posts = []
        for spec in POSTS:
            author = User.objects.get(email=spec["author"])
            post = Post.objects.create(
                slug=spec["slug"], title=spec["title"], body=spec["body"], body_html=render(spec["body"]),
                language=spec["language"], kind=spec["kind"], visibility=spec["visibility"], author=author,
                organisation=None, published_at=spec["at"], pinned=spec["pinned"],
                announced_at=spec["at"], announce_done_at=spec["at"],  # long published: not announced again
            )
            post.tags.set([Tag.objects.get_or_create(slug=t, defaults={"name": t.replace("-", " ")})[0] for t in spec["tags"]])
            PostFollow.objects.create(user=author, post=post)
            posts.append(post)
        created: list[Comment] = []
        for number, (post_index, voice, text, reply_to) in enumerate(COMMENTS):
            author = voices[voice % len(voices)]
            post = posts[post_index]
            parent = created[reply_to] if reply_to is not None else None
            comment = Comment.objects.create(
                post=post, author=author, parent=parent.parent or parent if parent else None, body=text,
                body_html=render(text),  # with @mention links
            )
            Comment.objects.filter(pk=comment.pk).update(created_at=post.published_at + dt.timedelta(hours=3 * (number + 1)))
            PostFollow.objects.get_or_create(user=author, post=post)
            created.append(comment)
        for follower in voices[8:20]:  # members who follow the write-up without commenting
            PostFollow.objects.get_or_create(user=follower, post=posts[0])
        tags = {t.slug: t for t in Tag.objects.all()}
        for follower in voices[8:12]:  # tag follows at both levels
            TagFollow.objects.get_or_create(user=follower, tag=tags["session-write-up"], defaults={"level": TagFollow.Level.ALL})
            TagFollow.objects.get_or_create(user=follower, tag=tags["research"], defaults={"level": TagFollow.Level.NEW_POSTS})
        digest_reader = voices[9]
        User.objects.filter(pk=digest_reader.pk).update(digest=User.Digest.DAILY)
        self.stdout.write(
            f"Community: {len(posts)} posts, {len(created)} comments, "
            f"{PostFollow.objects.count()} follows, {TagFollow.objects.count()} tag follows; "
            f"{digest_reader.email} reads the daily digest."
        )
