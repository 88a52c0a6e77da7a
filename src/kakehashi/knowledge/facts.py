"""The agreements the platform builds on: public facts, not demo data, loaded by migration
0002 (and again by the tests after a transactional test empties the tables). Each source
keeps the date its address was checked."""

import datetime as dt
from typing import Any

CHECKED = "2026-12-07"

AGREEMENTS = [
    {
        "slug": "india-japan-digital-partnership",
        "kind": "memorandum",
        "date": dt.date(2018, 10, 29),
        "parties": "METI (Japan), MeitY (India)",
        "title_en": "India–Japan Digital Partnership",
        "title_ja": "日印デジタル・パートナーシップ",
        "title_hi": "भारत–जापान डिजिटल साझेदारी",
        "summary_en": "Memorandum of cooperation signed in Tokyo during Prime Minister Modi's visit: startups, "
        "company collaboration, IT talent, and research in AI, next-generation networks and electronics.",
        "summary_ja": "モディ首相の訪日時に東京で署名された協力覚書。スタートアップ、企業間連携、IT人材、"
        "AI・次世代ネットワーク・エレクトロニクスの研究開発での協力を定める。",
        "summary_hi": "प्रधानमंत्री मोदी की टोक्यो यात्रा के दौरान हस्ताक्षरित सहयोग ज्ञापन: स्टार्टअप, कंपनियों के बीच सहयोग, "
        "आईटी प्रतिभा, और एआई, अगली पीढ़ी के नेटवर्क व इलेक्ट्रॉनिक्स में अनुसंधान।",
        "sources": [
            {"url": "https://www.meti.go.jp/english/press/2018/1029_003.html",
             "label": "METI: Japan and India Agree on Partnership in the Digital Industry", "checked_on": CHECKED},
        ],
    },
    {
        "slug": "india-japan-ict-memorandum-5g",
        "kind": "memorandum",
        "date": dt.date(2021, 1, 15),
        "parties": "DoT (India), MIC (Japan)",
        "title_en": "Memorandum of cooperation in information and communication technologies (including 5G)",
        "title_ja": "情報通信技術分野における協力覚書（5Gを含む）",
        "title_hi": "सूचना एवं संचार प्रौद्योगिकी में सहयोग ज्ञापन (5G सहित)",
        "summary_en": "Cooperation in 5G, telecom security, submarine optical fibre cables, spectrum management, "
        "smart cities and disaster management, signed by the two communications ministers.",
        "summary_ja": "両国の通信担当大臣が署名。5G、通信セキュリティ、海底光ケーブル、周波数管理、"
        "スマートシティ、防災での協力を定める。",
        "summary_hi": "दोनों देशों के संचार मंत्रियों द्वारा हस्ताक्षरित: 5G, दूरसंचार सुरक्षा, समुद्री ऑप्टिकल फाइबर केबल, "
        "स्पेक्ट्रम प्रबंधन, स्मार्ट सिटी और आपदा प्रबंधन में सहयोग।",
        "sources": [
            {"url": "https://www.mofa.go.jp/region/asia-paci/india/index.html",
             "label": "MOFA: Japan–India relations", "checked_on": CHECKED},
        ],
    },
    {
        "slug": "specified-skilled-worker-memorandum",
        "kind": "memorandum",
        "date": dt.date(2021, 1, 18),
        "parties": "Government of India, Government of Japan",
        "title_en": "Memorandum of cooperation on Specified Skilled Workers",
        "title_ja": "特定技能に関する協力覚書",
        "title_hi": "विशिष्ट कुशल श्रमिक पर सहयोग ज्ञापन",
        "summary_en": "A basic framework for sending and accepting skilled Indian workers who pass the skill and "
        "Japanese-language tests, in fourteen sectors, with a joint working group to implement it.",
        "summary_ja": "技能試験と日本語試験に合格したインド人材を14分野で送り出し・受け入れるための基本的枠組み。"
        "実施のため合同作業部会を設置する。",
        "summary_hi": "कौशल और जापानी भाषा परीक्षा उत्तीर्ण भारतीय श्रमिकों को चौदह क्षेत्रों में भेजने और स्वीकार करने का "
        "बुनियादी ढाँचा, जिसके कार्यान्वयन के लिए एक संयुक्त कार्य समूह बनेगा।",
        "sources": [
            {"url": "https://pib.gov.in/PressReleasePage.aspx?PRID=1686463",
             "label": "PIB: Cabinet approves signing of the memorandum (6 January 2021)", "checked_on": CHECKED},
        ],
    },
    {
        "slug": "supply-chain-resilience-initiative",
        "kind": "initiative",
        "date": dt.date(2021, 4, 27),
        "parties": "Japan, India, Australia (trade ministers)",
        "title_en": "Supply Chain Resilience Initiative",
        "title_ja": "サプライチェーン強靱化イニシアティブ",
        "title_hi": "आपूर्ति श्रृंखला लचीलापन पहल",
        "summary_en": "Launched by the trade ministers of Japan, India and Australia: sharing best practice on "
        "supply chain resilience, investment promotion and buyer–seller matching events.",
        "summary_ja": "日本・インド・豪州の貿易担当大臣が立ち上げ。サプライチェーン強靱化の好事例の共有、"
        "投資促進イベント、バイヤー・セラーのマッチングを行う。",
        "summary_hi": "जापान, भारत और ऑस्ट्रेलिया के व्यापार मंत्रियों द्वारा शुरू: आपूर्ति श्रृंखला लचीलेपन की सर्वोत्तम "
        "प्रथाओं का आदान-प्रदान, निवेश संवर्धन और क्रेता–विक्रेता मिलान कार्यक्रम।",
        "sources": [
            {"url": "https://www.meti.go.jp/press/2020/09/20200901008/20200901008-1.pdf",
             "label": "METI: the ministers' joint statement of 1 September 2020 that announced the initiative", "checked_on": CHECKED},
        ],
    },
]


def load_agreements(model: Any) -> None:
    """Add the agreements that are not there yet (by slug); `model` is Agreement or the
    migration's historical model."""
    for row in AGREEMENTS:
        model.objects.get_or_create(slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"})


# (English, Japanese, Hindi, definition in English, in Japanese, in Hindi)
TERMS = [
    ("Specified Skilled Worker", "特定技能", "विशिष्ट कुशल श्रमिक",
     "Japan's residence status for foreign workers who pass a skill test and a Japanese-language test, in designated sectors.",
     "指定された分野で、技能試験と日本語試験に合格した外国人労働者のための日本の在留資格。",
     "जापान का निवास दर्जा उन विदेशी श्रमिकों के लिए जो निर्धारित क्षेत्रों में कौशल परीक्षा और जापानी भाषा परीक्षा उत्तीर्ण करते हैं।"),
    ("Technical Intern Training", "技能実習", "तकनीकी प्रशिक्षु प्रशिक्षण",
     "Japan's programme in which foreign trainees learn skills on the job for a fixed period.",
     "外国人実習生が一定期間、職場で働きながら技能を身につける日本の制度。",
     "जापान का कार्यक्रम जिसमें विदेशी प्रशिक्षु एक निश्चित अवधि तक काम करते हुए कौशल सीखते हैं।"),
    ("Memorandum of cooperation", "協力覚書", "सहयोग ज्ञापन",
     "A document in which two governments or ministries set out how they intend to cooperate; not a treaty.",
     "二つの政府または省庁が協力の進め方を定める文書。条約ではない。",
     "एक दस्तावेज़ जिसमें दो सरकारें या मंत्रालय सहयोग का तरीका तय करते हैं; यह संधि नहीं है।"),
    ("Memorandum of understanding", "覚書", "समझौता ज्ञापन",
     "A written statement of shared intentions between parties, usually not legally binding.",
     "当事者間の共通の意図を書面にしたもの。通常、法的拘束力はない。",
     "पक्षों के साझा इरादों का लिखित विवरण, जो आमतौर पर कानूनी रूप से बाध्यकारी नहीं होता।"),
    ("Joint venture", "合弁", "संयुक्त उद्यम",
     "A company owned and run together by two or more partners.",
     "二つ以上のパートナーが共同で所有し運営する会社。",
     "दो या अधिक साझेदारों के स्वामित्व और संचालन वाली कंपनी।"),
    ("MSME", "中小零細企業", "एमएसएमई",
     "Micro, small and medium enterprises (India's term, defined by investment and turnover).",
     "零細・小規模・中規模企業（インドの用語。投資額と売上高で定義される）。",
     "सूक्ष्म, लघु और मध्यम उद्यम (भारत का शब्द, निवेश और कारोबार के आधार पर परिभाषित)।"),
    ("SME", "中小企業", "लघु एवं मध्यम उद्यम",
     "Small and medium-sized enterprise.",
     "中小規模の企業。",
     "छोटे और मध्यम आकार का उद्यम।"),
    ("JETRO", "日本貿易振興機構", "जेट्रो",
     "Japan External Trade Organization: Japan's agency for trade and investment promotion.",
     "日本貿易振興機構：貿易と投資の促進を担う日本の政府関係機関。",
     "जापान बाह्य व्यापार संगठन: व्यापार और निवेश संवर्धन के लिए जापान की एजेंसी।"),
    ("NSDC", "インド国家技能開発公社", "एनएसडीसी",
     "National Skill Development Corporation: India's public–private body for skills training.",
     "インド国家技能開発公社：職業技能訓練を担うインドの官民組織。",
     "राष्ट्रीय कौशल विकास निगम: कौशल प्रशिक्षण के लिए भारत की सार्वजनिक–निजी संस्था।"),
    ("JLPT", "日本語能力試験", "जापानी भाषा प्रवीणता परीक्षा",
     "Japanese-Language Proficiency Test, from N5 (basic) to N1 (advanced).",
     "日本語能力試験。N5（基礎）からN1（上級）まで。",
     "जापानी भाषा प्रवीणता परीक्षा, N5 (बुनियादी) से N1 (उन्नत) तक।"),
    ("TRL", "技術成熟度", "प्रौद्योगिकी तत्परता स्तर",
     "Technology readiness level: a scale from 1 (basic research) to 9 (proven in operation).",
     "技術成熟度レベル：1（基礎研究）から9（実運用で実証済み）までの尺度。",
     "प्रौद्योगिकी तत्परता स्तर: 1 (बुनियादी अनुसंधान) से 9 (संचालन में सिद्ध) तक का पैमाना।"),
    ("Proof of concept", "概念実証", "अवधारणा का प्रमाण",
     "A small trial showing that an idea works before a larger investment.",
     "大きな投資の前に、アイデアが機能することを示す小規模な試行。",
     "बड़े निवेश से पहले यह दिखाने वाला छोटा परीक्षण कि कोई विचार काम करता है।"),
    ("Supply chain resilience", "サプライチェーン強靱化", "आपूर्ति श्रृंखला लचीलापन",
     "The ability of a supply chain to withstand and recover from disruptions.",
     "サプライチェーンが途絶に耐え、そこから回復する力。",
     "आपूर्ति श्रृंखला की व्यवधानों को झेलने और उनसे उबरने की क्षमता।"),
    ("Letter of intent", "基本合意書", "आशय पत्र",
     "A document stating the parties' intention to reach an agreement, before the final contract.",
     "最終契約の前に、合意に向けた当事者の意思を示す文書。",
     "अंतिम अनुबंध से पहले, समझौते तक पहुँचने के पक्षों के इरादे को बताने वाला दस्तावेज़।"),
    ("Non-disclosure agreement", "秘密保持契約", "गोपनीयता समझौता",
     "A contract in which parties agree not to share confidential information.",
     "当事者が秘密情報を開示しないことに合意する契約。",
     "एक अनुबंध जिसमें पक्ष गोपनीय जानकारी साझा न करने पर सहमत होते हैं।"),
]


def load_terms(model: Any) -> None:
    """Add the glossary terms that are not there yet (by English term) and fill in the
    definitions a seeded term still lacks (a staff edit is kept)."""
    for en, ja, hi, definition_en, definition_ja, definition_hi in TERMS:
        term, created = model.objects.get_or_create(
            en=en, defaults={"ja": ja, "hi": hi, "definition_en": definition_en, "definition_ja": definition_ja,
                             "definition_hi": definition_hi})
        if created:
            continue
        missing = {name: value for name, value in (("definition_en", definition_en), ("definition_ja", definition_ja),
                                                   ("definition_hi", definition_hi)) if not getattr(term, name)}
        if missing:
            model.objects.filter(pk=term.pk).update(**missing)
