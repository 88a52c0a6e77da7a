"""factory_boy factories for every model tests need."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from kakehashi.accounts.models import ApprovalStatus, Membership, Organisation, OrganisationDescription, User
from kakehashi.core.models import Sector

PASSWORD = "a-Long-test-passw0rd"
_HASH = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    password = _HASH
    language = "en"
    timezone = "UTC"
    approval_status = ApprovalStatus.APPROVED

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    country = "IN"
    org_type = Organisation.Type.SME
    size_band = Organisation.SizeBand.SMALL
    region_code = "IN-KA"
    city = "Bengaluru"
    status = ApprovalStatus.APPROVED

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.set(Sector.objects.filter(code__in=extracted or ["29"]))

    @factory.post_generation
    def description(self, create, extracted, **kwargs):
        if create:
            OrganisationDescription.objects.create(
                organisation=self, language="en", text=extracted or "We make precision auto parts."
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Post"

    title = factory.Sequence(lambda n: f"Post {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    body = "A **write-up** of the session."
    body_html = "<p>A <strong>write-up</strong> of the session.</p>"
    language = "en"
    kind = "session_writeup"
    visibility = "public"
    author = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(lambda: __import__("django.utils.timezone", fromlist=["now"]).now())


import datetime as _dt  # noqa: E402  (for the factories appended below)

from django.utils import timezone as _timezone  # noqa: E402


class OpportunityFactory(factory.django.DjangoModelFactory):
    """A published, public manufacturing offer of an approved Indian organisation, open for
    90 days. Pass `sectors=["29"]` for sectors (default: division 29)."""

    class Meta:
        model = "opportunities.Opportunity"
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "manufacturing_offer"
    title = factory.Sequence(lambda n: f"Precision machining capacity {n}")
    summary = "CNC turning and milling of steel and aluminium parts for automotive customers."
    details = "IATF 16949 certified; 40 machining centres; monthly capacity of 50,000 parts."
    language = "en"
    visibility = "public"
    status = "published"
    expires_on = factory.LazyFunction(lambda: _timezone.localdate() + _dt.timedelta(days=90))
    published_at = factory.LazyFunction(_timezone.now)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.set(Sector.objects.filter(code__in=extracted or ["29"]))


class SeriesFactory(factory.django.DjangoModelFactory):
    """A series run by the staff (no organisation). Pass `organisation=` for an organisation's."""

    class Meta:
        model = "events.Series"

    title = factory.Sequence(lambda n: f"India-Japan Partnership Perspectives {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    description = "Online sessions with leaders from India and Japan."
    description_html = "<p>Online sessions with leaders from India and Japan.</p>"
    language = "en"
    organisation = None


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Speaker"

    series = factory.SubFactory(SeriesFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    title = "Ambassador"
    affiliation = "Embassy"


class EventSessionFactory(factory.django.DjangoModelFactory):
    """An online digital session in ten days at 10:00 JST for 90 minutes, 2 seats."""

    class Meta:
        model = "events.Session"

    series = factory.SubFactory(SeriesFactory)
    title = factory.Sequence(lambda n: f"Digital partnership session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    abstract = "Co-innovation, co-creation and co-production."
    abstract_html = "<p>Co-innovation, co-creation and co-production.</p>"
    kind = "digital_session"
    languages = factory.LazyFunction(lambda: ["en", "ja"])
    starts_at = factory.LazyFunction(
        lambda: (_timezone.now() + _dt.timedelta(days=10)).replace(hour=1, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + _dt.timedelta(minutes=90))
    timezone = "Asia/Tokyo"
    format = "online"
    online_url = "https://meet.example/room-42"
    capacity = 2


class AgreementFactory(factory.django.DjangoModelFactory):
    """A signed memorandum of 2022 with one official source."""

    class Meta:
        model = "knowledge.Agreement"

    slug = factory.Sequence(lambda n: f"agreement-{n}")
    kind = "memorandum"
    date = _dt.date(2022, 3, 19)
    parties = "India, Japan"
    title_en = factory.Sequence(lambda n: f"Memorandum {n}")
    summary_en = "Cooperation in clean energy."
    sources = factory.LazyFunction(lambda: [{"url": "https://www.mea.gov.in/", "label": "MEA", "checked_on": "2026-12-07"}])


class MatchmakingSessionFactory(EventSessionFactory):
    """A matchmaking session at a venue in ten days, 10:00–14:00 IST (04:30–08:30 UTC), no seat limit."""

    title = factory.Sequence(lambda n: f"EV components matchmaking {n}")
    slug = factory.Sequence(lambda n: f"matchmaking-{n}")
    kind = "matchmaking"
    format = "venue"
    venue = "Chennai Trade Centre"
    online_url = ""
    timezone = "Asia/Kolkata"
    capacity = None
    starts_at = factory.LazyFunction(
        lambda: (_timezone.now() + _dt.timedelta(days=10)).replace(hour=4, minute=30, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + _dt.timedelta(hours=4))


class MatchedPairFactory(factory.django.DjangoModelFactory):
    """Two opportunities first matched now (pass `low`, `high` with low.pk < high.pk, `first_matched_at`)."""

    class Meta:
        model = "opportunities.MatchedPair"

    first_matched_at = factory.LazyFunction(_timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a member for a session."""

    class Meta:
        model = "events.Registration"

    session = factory.SubFactory(EventSessionFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "visitor@example.org")
    name = factory.LazyAttribute(lambda o: o.user.display_name if o.user else "Visitor")
    status = "confirmed"
    confirmed_at = factory.LazyFunction(_timezone.now)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A registered member taking part in a matchmaking session for their organisation
    (an active membership of `organisation` and a confirmed registration are made too)."""

    class Meta:
        model = "meetings.Participant"
        skip_postgeneration_save = True

    session = factory.SubFactory(MatchmakingSessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation, role="owner").user)
    role = "other"

    @factory.post_generation
    def registered(self, create, extracted, **kwargs):
        if create and extracted is not False:
            RegistrationFactory(session=self.session, user=self.user)


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.MeetingRequest"

    requester = factory.SubFactory(ParticipantFactory)
    receiver = factory.SubFactory(ParticipantFactory, session=factory.SelfAttribute("..requester.session"))
    session = factory.SelfAttribute("requester.session")
    priority = "like"
    state = "pending"
class SupplierListFactory(factory.django.DjangoModelFactory):
    """A supplier list whose import finished (status ready), of an approved organisation."""

    class Meta:
        model = "supplychain.SupplierList"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Suppliers {n}")
    status = "ready"
    file_format = "csv"


class SupplierRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "supplychain.SupplierRow"

    supplier_list = factory.SubFactory(SupplierListFactory)
    row_number = factory.Sequence(lambda n: n + 2)
    item = "Brake disc"
    supplier = "Shanghai Brakes"
    country = "CN"
    spend = 520000
    currency = "USD"
    volume_share = 100
    lead_time_days = 28
    inventory_cover_days = 14
    qualified_alternates = 0
class SswEmployerFactory(factory.django.DjangoModelFactory):
    """An approved SSW employer: an approved Japanese organisation."""

    class Meta:
        model = "talent.SswEmployer"

    organisation = factory.SubFactory(OrganisationFactory, country="JP", region_code="JP-27", city="Osaka")
    status = ApprovalStatus.APPROVED


class SswJobFactory(factory.django.DjangoModelFactory):
    """A published food-service SSW (i) job in Osaka, above the prefecture's minimum wage."""

    class Meta:
        model = "talent.Job"

    organisation = factory.LazyAttribute(lambda o: SswEmployerFactory().organisation)
    field_code = "food_service"
    level = 1
    title_en = factory.Sequence(lambda n: f"Restaurant kitchen staff {n}")
    title_ja = "飲食店の調理スタッフ"
    duties_en = "Prepare ingredients, cook set meals and keep the kitchen clean in a busy restaurant."
    duties_ja = "忙しい飲食店で食材の下ごしらえ、定食の調理、厨房の清掃を行います。"
    prefecture = "JP-27"
    city = "Osaka"
    monthly_wage_jpy = 230_000
    hours_per_week = 40
    housing = "provided"
    support_organisation = "Kansai Support Association"
    openings = 2
    start_date = factory.LazyFunction(lambda: _timezone.localdate() + _dt.timedelta(days=120))
    status = "published"


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    """An Indian candidate with JLPT N5 and no skills test, who lets employers find them."""

    class Meta:
        model = "talent.CandidateProfile"

    user = factory.SubFactory(UserFactory, language="hi", timezone="Asia/Kolkata")
    fields_of_interest = factory.LazyFunction(lambda: ["food_service"])
    jlpt_level = 5
    jlpt_date = _dt.date(2025, 7, 6)
    work_experience = "Three years as a cook in a hotel kitchen in Pune: preparing meals, cleaning the kitchen."
    education = "Diploma in hotel management"
    languages = "Hindi, Marathi, English"
    preferred_prefectures = factory.LazyFunction(lambda: ["JP-27"])
    discoverable = True


class CandidateDocumentFactory(factory.django.DjangoModelFactory):
    """A small real PDF (passport) of a candidate."""

    class Meta:
        model = "talent.CandidateDocument"

    profile = factory.SubFactory(CandidateProfileFactory)
    kind = "passport"
    file = factory.django.FileField(filename="passport.pdf", data=b"%PDF-1.4\n%test passport\n")
    original_name = "passport.pdf"
    content_type = "application/pdf"
    size = 24
    sha256 = "0" * 64


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "talent.Application"

    candidate = factory.SubFactory(CandidateProfileFactory)
    job = factory.SubFactory(SswJobFactory)
    state = "applied"
