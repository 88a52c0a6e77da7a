"""`kakehashi seed_community` (run by `kakehashi seed-demo`): posts, comments, follows.

Fixture loading like `seed_accounts`: rows are written directly and no e-mail is sent.
Needs the accounts demo data. Running it twice changes nothing; run on demo data loaded by an
earlier version, it adds the posts that are new since (without comments)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from kakehashi.accounts.models import User

from ...mentions import render
from ...models import Comment, Post, PostFollow, Tag, TagFollow
from .demo_guides import GUIDE_POSTS

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

SEMICONDUCTORS = """India's semiconductor programme and Japan's strength in materials, equipment and packaging
make the two countries natural partners. We asked members in both countries where they see the
first projects.

## Where the openings are

- **Assembly, testing and packaging (OSAT).** New plants in Gujarat and Assam need
  substrates, bonding wire, moulding compounds and test sockets; Japanese suppliers lead in most
  of them.
- **Power semiconductors.** SiC and GaN devices for electric vehicles and solar inverters: die
  attach, silver sintering and thermal management are active topics on this platform.
- **Equipment service.** Installed tools need local engineers for maintenance and calibration;
  Indian service companies are looking for training partnerships with Japanese equipment makers.
- **Design.** India's chip-design workforce can support Japanese fabless companies and
  automotive chip programmes.

## How to start

Publish a technology request or a manufacturing offer with the sector *26 · Computer,
electronic and optical products*, and say which step of the value chain you work on. Members
who follow the *semiconductors* tag are told about new posts on the topic.
"""

MORE_POSTS = [
    {
        "slug": "specified-skilled-worker-what-training-institutes-should-know",
        "title": "Specified Skilled Worker: what Indian training institutes should know",
        "body": "Since India and Japan signed their memorandum on the **Specified Skilled Worker (SSW)** "
                "programme, Indian candidates can work in Japan in fields such as nursing care, food service, "
                "manufacturing and construction.\n\n"
                "Candidates need to pass a **skills test** in their field and a **Japanese language test** "
                "(JFT-Basic or JLPT N4). Institutes that combine both in one course, with practice interviews, "
                "place far more of their students.\n\n"
                "Japanese employers told us they value three things: realistic expectations about work and "
                "life in Japan, basic workplace manners, and a contact person in India after departure.",
        "language": "en", "kind": Post.Kind.ARTICLE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["skilled-workers"], "author": "desk@kakehashi.example",
        "pinned": False, "at": dt.datetime(2021, 9, 14, 5, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "india-ease-of-doing-business-2022",
        "title": "インドのビジネス環境改善：進出前に確認したい5つのポイント",
        "body": "インド政府は近年、法人設立や税務手続きの簡素化を進めてきました。会員企業の経験から、"
                "進出前に確認しておきたい点をまとめました。\n\n"
                "1. **法人設立**：オンライン申請（SPICe+）で、書類がそろえば数週間で設立できます。\n"
                "2. **GST（物品サービス税）**：州ごとの登録が必要な場合があります。\n"
                "3. **州の優遇策**：土地、電力料金、雇用補助は州によって大きく異なります。\n"
                "4. **工業団地**：日本企業向けの工業団地では、日本語で相談できる窓口があります。\n"
                "5. **契約と紛争解決**：仲裁条項を契約に入れておくことをお勧めします。\n\n"
                "具体的な州の比較は、会員限定のガイドで紹介しています。",
        "language": "ja", "kind": Post.Kind.GUIDE, "topic": Post.Topic.EASE_OF_BUSINESS, "visibility": Post.Visibility.PUBLIC,
        "tags": ["guide", "ease-of-doing-business"], "author": "secretariat@kakehashi.example",
        "pinned": False, "at": dt.datetime(2022, 5, 24, 1, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "semiconductor-partnerships-india-japan",
        "title": "Semiconductor partnerships: where Indian and Japanese companies meet",
        "body": SEMICONDUCTORS, "language": "en", "kind": Post.Kind.ARTICLE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["semiconductors", "supply-chain"], "author": "admin@kakehashi.example",
        "pinned": False, "at": dt.datetime(2023, 3, 8, 4, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "japan-mein-nursing-care-ssw",
        "title": "जापान में नर्सिंग केयर: विशिष्ट कुशल श्रमिक (SSW) के रूप में काम करने की तैयारी",
        "body": "जापान में बुज़ुर्गों की देखभाल के क्षेत्र में प्रशिक्षित कर्मियों की बड़ी माँग है। "
                "**विशिष्ट कुशल श्रमिक (SSW)** कार्यक्रम के तहत भारतीय उम्मीदवार नर्सिंग केयर में काम कर सकते हैं।\n\n"
                "इसके लिए तीन परीक्षाएँ पास करनी होती हैं: नर्सिंग केयर कौशल परीक्षा, नर्सिंग केयर जापानी भाषा परीक्षा "
                "और JFT-Basic या JLPT N4।\n\n"
                "हमारे सदस्य संस्थान लखनऊ, पुणे और कोच्चि में ऐसे पाठ्यक्रम चलाते हैं जिनमें भाषा, देखभाल का अभ्यास "
                "और जापानी कार्य-संस्कृति एक साथ सिखाई जाती है। प्रश्न टिप्पणियों में पूछें।",
        "language": "hi", "kind": Post.Kind.ARTICLE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["skilled-workers", "healthcare"], "author": "desk@kakehashi.example",
        "pinned": False, "at": dt.datetime(2023, 8, 2, 6, 30, tzinfo=dt.UTC),
    },
    {
        "slug": "ev-battery-supply-chain-india-japan",
        "title": "EV battery supply chains: what Indian pack makers ask of Japanese partners",
        "body": "Indian makers of electric two- and three-wheelers are moving from imported packs to packs "
                "assembled in India. At our round table on the **EV supply chain**, members named what they "
                "look for in Japanese partners:\n\n"
                "- cells and cathode materials with a stable supply and local technical support;\n"
                "- battery management electronics that cope with heat and dust;\n"
                "- help with safety certification (AIS-156) and testing;\n"
                "- second-life and recycling partners for used packs.\n\n"
                "Japanese members, in turn, asked about volumes, payment terms and how to protect their "
                "know-how in a joint venture. Both sides agreed that a small pilot is the best first step.",
        "language": "en", "kind": Post.Kind.ARTICLE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["ev-supply-chain", "supply-chain"], "author": "admin@kakehashi.example",
        "pinned": False, "at": dt.datetime(2024, 2, 19, 5, 30, tzinfo=dt.UTC),
    },
    {
        "slug": "india-semiconductor-mission-japanese-suppliers",
        "title": "半導体材料・装置メーカーのためのインド市場入門",
        "body": "インドでは半導体の組立・検査工場の建設が相次いでおり、材料や製造装置の調達先を探す動きが"
                "広がっています。\n\n"
                "- 基板、ボンディングワイヤ、封止材などの**材料**は、当面は輸入が中心です。\n"
                "- **装置**の保守や校正を担う現地のサービス拠点が求められています。\n"
                "- 州政府による設備投資への補助があり、工業団地の選定が重要です。\n\n"
                "当サイトでは、インドの半導体関連企業による技術ニーズや製造委託の案件が公開されています。"
                "「半導体」で検索してみてください。",
        "language": "ja", "kind": Post.Kind.GUIDE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["semiconductors", "guide"], "author": "secretariat@kakehashi.example",
        "pinned": False, "at": dt.datetime(2024, 6, 11, 2, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "japani-niveshakon-se-pehli-baithak",
        "title": "जापानी निवेशकों से पहली बैठक: भारतीय स्टार्टअप के लिए सुझाव",
        "body": "जापान के कॉर्पोरेट वेंचर फ़ंड और निवेशक भारतीय स्टार्टअप में रुचि बढ़ा रहे हैं, लेकिन उनका निर्णय लेने का "
                "तरीका अलग होता है।\n\n"
                "- पहली बैठक में निवेश से ज़्यादा **साझेदारी** पर बात होती है: आपका उत्पाद उनकी कंपनी के किस काम आएगा?\n"
                "- निर्णय में समय लगता है; कई विभाग शामिल होते हैं।\n"
                "- जापानी भाषा में एक पन्ने का सार साथ रखें।\n\n"
                "अगले सत्र में दो निवेशक अपने अनुभव साझा करेंगे।",
        "language": "hi", "kind": Post.Kind.ARTICLE, "visibility": Post.Visibility.MEMBERS,
        "tags": ["startups", "investment"], "author": "desk@kakehashi.example",
        "pinned": False, "at": dt.datetime(2024, 11, 5, 6, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "india-jinzai-saiyo-to-teichaku",
        "title": "インド拠点の人材採用と定着：日系中小企業の事例から",
        "body": "インドに拠点を置く日系中小企業の会員3社に、採用と定着の工夫を伺いました。\n\n"
                "- 工科大学やITI（職業訓練校）と連携し、**インターンシップ**から採用につなげる。\n"
                "- 日本での研修を若手のキャリアの節目として位置づける。\n"
                "- 現地マネージャーに権限を委ね、評価基準を明確にする。\n\n"
                "各社とも、日本本社とインド拠点の間で定期的にオンライン会議を開き、"
                "小さな問題を早めに共有することが大切だと話していました。",
        "language": "ja", "kind": Post.Kind.ARTICLE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["hiring", "ease-of-doing-business"], "author": "secretariat@kakehashi.example",
        "pinned": False, "at": dt.datetime(2025, 4, 22, 1, 30, tzinfo=dt.UTC),
    },
    {
        "slug": "quality-checklist-for-suppliers-to-japanese-buyers",
        "title": "Supplying Japanese buyers: a quality checklist for Indian manufacturers",
        "body": "Japanese buyers usually start with a small trial order and an on-site audit. Members who "
                "passed both shared what helped:\n\n"
                "1. Keep inspection records for every lot and share them without being asked.\n"
                "2. Describe how you handle a defect: containment, root cause, countermeasure (8D).\n"
                "3. Agree packaging and labelling early; they matter as much as the part.\n"
                "4. Name one English-speaking quality contact who answers within a day.\n\n"
                "Add your own advice in the comments.",
        "language": "en", "kind": Post.Kind.GUIDE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["guide", "quality"], "author": "admin@kakehashi.example",
        "pinned": False, "at": dt.datetime(2026, 1, 27, 4, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "japani-kharidaron-ke-saath-online-baithak",
        "title": "जापानी ख़रीदारों के साथ पहली ऑनलाइन बैठक की तैयारी",
        "body": "किसी अवसर में रुचि दिखाने के बाद जब परिचय हो जाता है, तो पहली ऑनलाइन बैठक बहुत मायने रखती है।\n\n"
                "- समय दोनों देशों के हिसाब से तय करें (भारत का समय जापान से साढ़े तीन घंटे पीछे है)।\n"
                "- अपनी कंपनी का परिचय दस मिनट में दें: उत्पाद, ग्राहक, गुणवत्ता प्रमाणपत्र।\n"
                "- बैठक के बाद उसी दिन ईमेल से सारांश भेजें।\n\n"
                "सवाल हों तो टिप्पणी में लिखें।",
        "language": "hi", "kind": Post.Kind.GUIDE, "topic": Post.Topic.BUSINESS_CULTURE, "visibility": Post.Visibility.PUBLIC,
        "tags": ["guide"], "author": "desk@kakehashi.example",
        "pinned": False, "at": dt.datetime(2026, 3, 16, 5, 0, tzinfo=dt.UTC),
    },
]

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
        "language": "ja", "kind": Post.Kind.GUIDE, "topic": Post.Topic.COMPANY_SETUP, "visibility": Post.Visibility.MEMBERS,
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
        "pinned": False, "at": dt.datetime(2025, 11, 10, 4, 30, tzinfo=dt.UTC),
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
    *MORE_POSTS,
    *GUIDE_POSTS,
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
        existing = set(Post.objects.filter(slug__in=[p["slug"] for p in POSTS]).values_list("slug", flat=True))
        if existing:  # loaded before: add the posts that are new since, nothing else
            added = [self._post(spec) for spec in POSTS if spec["slug"] not in existing]
            self.stdout.write(f"Community demo data already loaded ({len(added)} new posts).")
            return
        members = list(
            User.objects.filter(approval_status="approved", is_staff=False, memberships__status="active")
            .order_by("email").distinct()[:40]
        )
        # Alternate Indian and Japanese members so the discussion has both voices.
        indian = [u for u in members if u.memberships.filter(organisation__country="IN").exists()]
        japanese = [u for u in members if u.memberships.filter(organisation__country="JP").exists()]
        voices = [u for pair in zip(indian, japanese, strict=False) for u in pair]
        posts = [self._post(spec) for spec in POSTS]
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

    @staticmethod
    def _post(spec: dict) -> Post:
        author = User.objects.get(email=spec["author"])
        post = Post.objects.create(
            slug=spec["slug"], title=spec["title"], body=spec["body"], body_html=render(spec["body"]),
            language=spec["language"], kind=spec["kind"], topic=spec.get("topic", ""), visibility=spec["visibility"], author=author,
            organisation=None, published_at=spec["at"], pinned=spec["pinned"],
            announced_at=spec["at"], announce_done_at=spec["at"],  # long published: not announced again
        )
        post.tags.set([Tag.objects.get_or_create(slug=t, defaults={"name": t.replace("-", " ")})[0] for t in spec["tags"]])
        PostFollow.objects.create(user=author, post=post)
        return post
