"""`kakehashi seed_talent` (run by `kakehashi seed-demo` after the accounts): the SSW demo.

Twelve approved Japanese demo organisations become approved SSW employers, each with four
jobs (48 in all, across 14 fields, in Japanese and English, a few drafts and one closed),
and 84 Indian candidates (members without an organisation) at varied levels: no Japanese
test yet, JLPT N5 to N2, JFT-Basic scores, field skills tests, some Technical Intern
Training (ii) completers, some already part-way through SSW (i); about two in three let
employers find them. Jobs in five fields get the secretariat's Hindi version (title and
duties). Choices follow a hash of the names, so every run gives the same data;
only the dates follow the day the command runs. Fixture loading: rows are written directly,
no e-mail is sent and no embedding is computed (`kakehashi reindex` does that). Running it
twice changes nothing.

Demo sign-in: any candidate, e.g. ssw.candidate01@candidate.example, with the demo password."""

import datetime as dt
import hashlib

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kakehashi.accounts import people
from kakehashi.accounts.people import ApprovalStatus
from kakehashi.translations.models import Version, fields_hash

from ... import translation
from ...minimum_wage import monthly_floor
from ...models import CandidateProfile, Job, SkillsTestResult, SswEmployer, TitpRecord

DEMO_PASSWORD = "kakehashi-demo"
EMPLOYERS = 12
CANDIDATES = 84

# field: (title en, title ja, duties en, duties ja, experience en, experience hi)
JOBS = {
    "nursing_care": ("Care worker at a nursing home", "特別養護老人ホームの介護職員",
                     "Help residents with meals, bathing and moving; record their condition and join recreation.",
                     "入居者の食事・入浴・移動の介助、記録、レクリエーションの補助を行います。",
                     "Two years as a ward assistant in a hospital in Kochi, helping elderly patients with meals and bathing.",
                     "कोच्चि के अस्पताल में दो साल वार्ड सहायक, बुज़ुर्ग मरीज़ों को भोजन और स्नान में मदद।"),
    "building_cleaning": ("Building cleaning staff", "ビルクリーニングスタッフ",
                          "Clean offices, hotels and hospitals with floor machines; wax floors and wash windows.",
                          "オフィス・ホテル・病院の床洗浄機による清掃、ワックスがけ、窓拭きを行います。",
                          "Housekeeping supervisor in a hotel in Bengaluru, using floor scrubbers and training cleaners.",
                          "बेंगलुरु के होटल में हाउसकीपिंग सुपरवाइज़र, फ़र्श साफ़ करने की मशीनें चलाना।"),
    "industrial_products": ("Machine operator (metal parts)", "金属部品の機械オペレーター",
                            "Operate CNC lathes and machining centres, check dimensions and keep the machines clean.",
                            "CNC旋盤・マシニングセンタの操作、寸法検査、機械の清掃を担当します。",
                            "Three years as a CNC operator in an auto-parts factory in Pune, measuring parts with gauges.",
                            "पुणे की ऑटो पार्ट्स फ़ैक्टरी में तीन साल CNC ऑपरेटर, गेज से पार्ट्स मापना।"),
    "construction": ("Construction worker (formwork)", "型枠施工の建設作業員",
                     "Assemble formwork for concrete, carry materials and work safely on building sites.",
                     "コンクリート型枠の組立、資材運搬、現場での安全作業を行います。",
                     "Carpenter and formwork worker on residential building sites in Hyderabad for four years.",
                     "हैदराबाद में आवासीय निर्माण स्थलों पर चार साल बढ़ई और शटरिंग का काम।"),
    "shipbuilding": ("Shipyard welder", "造船所の溶接工",
                     "Weld steel blocks of ship hulls, grind seams and follow the shipyard's safety rules.",
                     "船体ブロックの溶接、仕上げ研削、安全ルールに沿った作業を行います。",
                     "Certified arc welder at a shipyard in Visakhapatnam, welding hull plates.",
                     "विशाखापत्तनम के शिपयार्ड में प्रमाणित आर्क वेल्डर, जहाज़ की प्लेटें वेल्ड करना।"),
    "automobile_repair": ("Car maintenance mechanic", "自動車整備士",
                          "Carry out periodic inspections, change oil and brakes, and diagnose faults with scanners.",
                          "定期点検、オイル・ブレーキ交換、診断機による故障診断を行います。",
                          "Service technician at a car dealership in Chennai: brakes, engine oil, diagnostics.",
                          "चेन्नई के कार डीलरशिप में सर्विस तकनीशियन: ब्रेक, इंजन ऑयल, डायग्नोस्टिक्स।"),
    "aviation": ("Airport ground handling staff", "空港グランドハンドリングスタッフ",
                 "Load and unload baggage and cargo, guide aircraft on the apron and operate towing vehicles.",
                 "手荷物・貨物の搭降載、駐機場での航空機誘導、牽引車の運転を行います。",
                 "Ground handling agent at Delhi airport, loading baggage and marshalling aircraft.",
                 "दिल्ली हवाई अड्डे पर ग्राउंड हैंडलिंग एजेंट, सामान लोड करना और विमान को दिशा देना।"),
    "accommodation": ("Hotel front and service staff", "ホテルのフロント・接客スタッフ",
                      "Check guests in and out, guide them in English, and help in the restaurant at breakfast.",
                      "チェックイン・アウト対応、英語での案内、朝食会場での接客を行います。",
                      "Front desk associate at a resort in Goa, checking in international guests.",
                      "गोवा के रिसॉर्ट में फ़्रंट डेस्क सहायक, विदेशी मेहमानों का चेक-इन।"),
    "agriculture": ("Greenhouse vegetable farm worker", "ハウス野菜の農作業員",
                    "Plant, tend and harvest tomatoes and cucumbers in greenhouses; pack them for shipping.",
                    "ハウスでのトマト・きゅうりの定植、管理、収穫、出荷作業を行います。",
                    "Worked on the family farm in Punjab and in a polyhouse growing capsicum and tomatoes.",
                    "पंजाब में पारिवारिक खेत और पॉलीहाउस में शिमला मिर्च और टमाटर उगाने का काम।"),
    "fishery": ("Aquaculture worker (yellowtail)", "養殖作業員（ぶり）",
                "Feed fish in sea pens, repair nets and help with harvesting and shipping.",
                "いけすでの給餌、網の補修、水揚げ・出荷の補助を行います。",
                "Worked on shrimp farms and fishing boats in Andhra Pradesh, mending nets.",
                "आंध्र प्रदेश में झींगा फ़ार्म और मछली पकड़ने की नावों पर काम, जाल की मरम्मत।"),
    "food_manufacturing": ("Food factory line worker", "食品工場のライン作業員",
                           "Prepare ingredients, run packing machines and follow strict hygiene rules on a bento line.",
                           "弁当ラインでの食材の下処理、包装機の操作、衛生管理を行います。",
                           "Production line worker in a biscuit factory in Gujarat, following HACCP hygiene rules.",
                           "गुजरात की बिस्किट फ़ैक्टरी में प्रोडक्शन लाइन पर काम, HACCP स्वच्छता नियम।"),
    "food_service": ("Restaurant kitchen and floor staff", "飲食店の調理・ホールスタッフ",
                     "Prepare ingredients, cook set meals, serve customers and keep the kitchen clean.",
                     "食材の仕込み、定食の調理、接客、厨房の清掃を行います。",
                     "Three years as a cook in a hotel kitchen in Pune: preparing meals and cleaning the kitchen.",
                     "पुणे के होटल की रसोई में तीन साल रसोइया: भोजन बनाना और रसोई साफ़ रखना।"),
    "automobile_transportation": ("Truck driver (regional delivery)", "トラックドライバー（地域配送）",
                                  "Deliver goods to shops in the region with a medium truck; load and unload safely.",
                                  "中型トラックで地域の店舗へ配送し、安全に積み降ろしを行います。",
                                  "Truck driver in Maharashtra for five years with a heavy vehicle licence.",
                                  "महाराष्ट्र में पाँच साल ट्रक ड्राइवर, भारी वाहन लाइसेंस।"),
    "forestry": ("Forestry worker", "林業作業員",
                 "Plant and thin trees, cut timber with chainsaws and maintain forest roads.",
                 "植林、間伐、チェーンソーによる伐採、林道の整備を行います。",
                 "Worked with the forest department in Uttarakhand planting and thinning trees.",
                 "उत्तराखंड में वन विभाग के साथ पेड़ लगाने और छँटाई का काम।"),
}
FIELDS = list(JOBS)
# The secretariat's Hindi versions of some demo jobs (title, duties), so Hindi readers see the
# translation features with no machine translation configured.
HINDI = {
    "food_service": ("रेस्तरां में रसोई और सर्विस स्टाफ़",
                     "सामग्री तैयार करना, सेट भोजन पकाना, ग्राहकों को परोसना और रसोई साफ़ रखना।"),
    "nursing_care": ("नर्सिंग होम में देखभाल कर्मी",
                     "निवासियों को भोजन, स्नान और चलने-फिरने में मदद करना; उनकी स्थिति दर्ज करना और मनोरंजन गतिविधियों में साथ देना।"),
    "agriculture": ("ग्रीनहाउस सब्ज़ी खेत कर्मी",
                    "ग्रीनहाउस में टमाटर और खीरे लगाना, उनकी देखभाल करना और तोड़ना; उन्हें भेजने के लिए पैक करना।"),
    "construction": ("निर्माण कर्मी (शटरिंग)",
                     "कंक्रीट के लिए शटरिंग जोड़ना, सामग्री ढोना और निर्माण स्थलों पर सुरक्षित रूप से काम करना।"),
    "industrial_products": ("मशीन ऑपरेटर (धातु के पुर्ज़े)",
                            "CNC लेथ और मशीनिंग सेंटर चलाना, माप जाँचना और मशीनों को साफ़ रखना।"),
}
PREFECTURES = ["JP-13", "JP-27", "JP-23", "JP-14", "JP-01", "JP-40", "JP-22", "JP-34", "JP-04", "JP-26", "JP-11", "JP-28"]
FIRST = ["Aarav", "Priya", "Rahul", "Sneha", "Vikram", "Ananya", "Arjun", "Kavya", "Rohan", "Divya", "Sanjay", "Pooja",
         "Amit", "Neha", "Karan", "Meera", "Suresh", "Lakshmi", "Manoj", "Fatima", "Imran", "Deepa"]
LAST = ["Sharma", "Patel", "Reddy", "Nair", "Singh", "Iyer", "Das", "Khan", "Gupta", "Menon", "Joshi", "Bose"]


def pick(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


class Command(BaseCommand):
    help = "Load the SSW demo: employers, jobs and Indian candidates (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        organisations = list(people.approved_organisations().filter(country="JP").order_by("slug")[:EMPLOYERS])
        jobs = 0
        for number, organisation in enumerate(organisations):
            SswEmployer.objects.get_or_create(organisation=organisation, defaults={"status": ApprovalStatus.APPROVED, "decided_at": timezone.now(),
                                                                                  "note": "Demo SSW employer"})
            for slot in range(4):
                jobs += self._job(organisation, FIELDS[(number * 4 + slot) % len(FIELDS)], slot, today)
        self._hindi_versions()
        candidates = sum(self._candidate(n, today) for n in range(1, CANDIDATES + 1))
        self.stdout.write(f"SSW demo: {len(organisations)} employers, {jobs} new jobs, {candidates} new candidates "
                          f"(sign in as ssw.candidate01@candidate.example with {DEMO_PASSWORD!r}).")

    def _job(self, organisation, field: str, slot: int, today: dt.date) -> int:
        title_en, title_ja, duties_en, duties_ja, _exp, _exp_hi = JOBS[field]
        prefecture = organisation.region_code if organisation.region_code.startswith("JP-") else PREFECTURES[slot]
        hours = 40
        wage = max(monthly_floor(prefecture, hours) or 0, 190_000) + 5_000 * (pick(organisation.slug, field) % 12)
        language = pick(organisation.slug, slot) % 3  # 0: both, 1: Japanese only, 2: English only
        status = Job.Status.DRAFT if slot == 3 and pick(organisation.slug) % 3 == 0 else Job.Status.PUBLISHED
        if slot == 3 and pick(organisation.slug) % 7 == 1:
            status = Job.Status.CLOSED
        _job, created = Job.objects.get_or_create(organisation=organisation, field_code=field, defaults={
            "title_en": title_en if language != 1 else "", "title_ja": title_ja if language != 2 else "",
            "duties_en": duties_en if language != 1 else "", "duties_ja": duties_ja if language != 2 else "",
            "category": "", "prefecture": prefecture, "city": organisation.city, "monthly_wage_jpy": wage,
            "hours_per_week": hours, "housing": ["provided", "help", "none"][slot % 3],
            "support_organisation": "登録支援機関 さくらサポート" if slot % 2 else "", "support_registration": "19登-000123" if slot % 2 else "",
            "required_jlpt": 3 if pick(organisation.slug, field, "n3") % 6 == 0 else None,
            "openings": 1 + pick(organisation.slug, field, "open") % 5,
            "start_date": today + dt.timedelta(days=60 + 30 * (pick(organisation.slug, field, "start") % 10)),
            "interview_mode": ["online", "either", "in_person"][slot % 3], "status": status,
            "published_at": timezone.now() if status != Job.Status.DRAFT else None,
            "closed_at": timezone.now() if status == Job.Status.CLOSED else None,
        })
        return int(created)

    def _hindi_versions(self) -> None:
        """The secretariat's Hindi version of each demo job in the fields of `HINDI` (fixture loading)."""
        for job in Job.objects.filter(field_code__in=list(HINDI), organisation__in=people.approved_organisations().filter(country="JP")):
            title, duties = HINDI[job.field_code]
            Version.objects.get_or_create(source=translation.SOURCE, object_id=job.pk, language="hi", defaults={
                "fields": {"title": title, "duties": duties}, "origin": "secretariat",
                "original_hash": fields_hash(translation.job_texts(job)[1])})

    def _candidate(self, n: int, today: dt.date) -> int:
        email = f"ssw.candidate{n:02d}@candidate.example"
        user_model = get_user_model()
        if user_model.objects.filter(email=email).exists():
            return 0
        name = f"{FIRST[pick(n, 'first') % len(FIRST)]} {LAST[pick(n, 'last') % len(LAST)]}"
        user = user_model.objects.create(email=email, display_name=name, language="hi" if n % 2 else "en", timezone="Asia/Kolkata",
                                         approval_status=ApprovalStatus.APPROVED, password=self._password())
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        field = FIELDS[pick(n, "field") % len(FIELDS)]
        second = FIELDS[pick(n, "second") % len(FIELDS)]
        level = [None, 5, 5, 4, 4, 4, 3, 2][pick(n, "jlpt") % 8]
        jft = [None, None, 180, 205, 230][pick(n, "jft") % 5]
        _t_en, _t_ja, _d_en, _d_ja, experience_en, experience_hi = JOBS[field]
        profile = CandidateProfile.objects.create(
            user=user, fields_of_interest=sorted({field, second}), jlpt_level=level,
            jlpt_date=dt.date(2024, 12, 1) - dt.timedelta(days=180 * (n % 4)) if level else None,
            jft_score=jft, jft_date=dt.date(2025, 3, 10) + dt.timedelta(days=7 * (n % 20)) if jft else None,
            care_test_date=dt.date(2025, 6, 15) if field == "nursing_care" and n % 3 else None,
            ssw1_months=[0, 0, 0, 0, 14, 44, 58][pick(n, "months") % 7],
            work_experience=experience_hi if n % 2 else experience_en,
            education=["Class 12 (science)", "ITI certificate", "Diploma", "B.A."][pick(n, "edu") % 4],
            languages="Hindi, English" + (", Japanese (basic)" if level else ""),
            preferred_prefectures=[PREFECTURES[pick(n, "pref") % len(PREFECTURES)]] if n % 4 else [],
            available_from=today + dt.timedelta(days=30 * (n % 9)), expected_wage_jpy=[None, 200_000, 220_000, 250_000][n % 4],
            discoverable=n % 3 != 0,
        )
        if pick(n, "skills") % 3:
            SkillsTestResult.objects.create(profile=profile, field_code=field, level=1, passed_on=dt.date(2025, 2, 1) + dt.timedelta(days=n),
                                            score=65 + pick(n, "score") % 30)
        if pick(n, "titp") % 7 == 0:
            TitpRecord.objects.create(profile=profile, field_code=second, stage=2, completed_on=dt.date(2024, 3, 31))
        return 1

    _hash: str | None = None

    def _password(self) -> str:
        if Command._hash is None:
            Command._hash = make_password(DEMO_PASSWORD)
        return Command._hash
