"""The four topic guides of the demo community (English originals; their Japanese and Hindi
versions are in translations/data/demo_versions.json). Official addresses checked 2026-12-07."""

import datetime as dt

from ...models import Post

VISAS = """Short visits for meetings and the first steps of a company need a different permission
from working or running a business in the other country. Check the official pages below
before you book: rules and fees change.

## Indians going to Japan

- **Short-term stay** (up to 90 days): meetings, negotiations, trade fairs, market research.
  No paid work in Japan. Apply through an accredited agency of the Embassy of Japan in New
  Delhi or a consulate, with an invitation letter from the Japanese company; Indian
  nationals living in India can also apply online (JAPAN eVISA) for a single entry.
- **Business Manager** (経営・管理): to start or run a company in Japan. You first obtain a
  *Certificate of Eligibility* from the Immigration Services Agency, then the visa. The
  agency sets requirements on the office, the capital invested and the business plan; read
  the current ones on its site.
- **Engineer / Specialist in Humanities / International Services**: employees of a Japanese
  company, including those transferred from an Indian parent (*Intra-company Transferee*).

## Japanese going to India

- **e-Business visa**: applied for online on the Indian Visa Online portal, for meetings,
  sales, technical discussions and setting up a venture. Multiple entries; a stay limit per
  visit applies. Keep your invitation letter and company letter ready.
- **Employment visa**: for paid work in India, normally with a minimum salary threshold.
- Foreigners staying more than 180 days register with the FRRO (e-FRRO portal).

## Official sources

- Ministry of Foreign Affairs of Japan, visas: https://www.mofa.go.jp/j_info/visit/visa/index.html
- Immigration Services Agency of Japan: https://www.moj.go.jp/isa/
- Indian Visa Online (e-Visa): https://indianvisaonline.gov.in/
- e-FRRO: https://indianfrro.gov.in/
"""

COMPANY = """Both countries let a foreign company own 100% of a local company in most sectors.
The forms differ; here are the usual choices and how registration works.

## India: private limited company

- The usual vehicle for a Japanese subsidiary or joint venture: at least two directors (one
  resident in India) and two shareholders.
- Registration is online at the Ministry of Corporate Affairs with **SPICe+**: one form for
  the name, incorporation, PAN, TAN, GST, EPFO and ESIC registrations and a bank account.
  Directors need a digital signature certificate (DSC).
- Foreign investment follows the FDI policy: most sectors are under the *automatic route*;
  report the investment to the Reserve Bank of India through the FIRMS portal.
- Alternatives: a liaison or branch office (RBI approval), or an LLP.

## Japan: kabushiki kaisha or godo kaisha

- **Kabushiki kaisha (KK)**: the joint-stock company, best known to Japanese customers and
  banks. Articles of incorporation must be notarised.
- **Godo kaisha (GK)**: a limited liability company; cheaper to set up (no notarisation)
  and simpler to run; many foreign subsidiaries use it.
- Register at the Legal Affairs Bureau; then notify the tax office, and (for a foreign
  investor) file the report under the Foreign Exchange and Foreign Trade Act.
- A representative director may live abroad; a Japanese bank account is easier with a local
  representative.

## Official sources

- MCA, SPICe+: https://www.mca.gov.in/
- Invest India, setting up: https://www.investindia.gov.in/setting-up-business-in-india
- JETRO, setting up in Japan: https://www.jetro.go.jp/en/invest/setting_up/
"""

CULTURE = """Most partnerships between Indian and Japanese companies fail on misunderstandings,
not on price. A few habits help from the first meeting.

## Meetings

- **Punctuality**: in Japan, arrive five to ten minutes early; a train delay is announced by
  a message before the start. Indian partners appreciate the same, and a call when you run late.
- **Meishi (business cards)**: bring plenty. Offer and receive with both hands, read the card,
  and keep it on the table during the meeting. A card with Japanese on one side is welcome.
- **Hierarchy**: the senior person speaks first and sits furthest from the door. In India,
  too, decisions often rest with the founder or the family; address them directly.

## Decisions

- **Nemawashi**: in a Japanese company a decision is prepared by talking to everyone
  concerned before the formal meeting (*ringi*, the circulated proposal). It takes weeks,
  but once decided, execution is fast. Do not push for an answer in the first meeting.
- Indian companies often decide faster and adapt plans as they go; explain that flexibility
  so it is not read as unreliability.
- A Japanese "we will consider it" (検討します) is often a polite no. Ask what would make it
  possible.

## After the meeting

Send a written summary the same day, with next steps and owners. Written records remove
most misunderstandings between the two languages.
"""

EASE = """Both governments run agencies and single-window portals for foreign investors. Use
them before paying a consultant: their services are free.

## Into India

- **Invest India**, the national investment promotion agency, has a *Japan Plus* desk for
  Japanese companies; it answers questions on sectors, states and approvals.
- **National Single Window System** (NSWS): one portal for the approvals a project needs
  from the central government and many states.
- Each state has its own investment agency and incentives; compare several states before
  choosing a location.

## Into Japan

- **JETRO** (Japan External Trade Organization) runs Invest Japan Business Support Centers:
  free office space for a short period, advice on registration, visas, tax and hiring, and
  introductions to local governments.
- National Strategic Special Zones and some prefectures offer faster procedures for new
  companies and startups.

## Practical tips

1. Prepare a one-page profile in English and Japanese (or Hindi for Indian states).
2. Register your company and its offers on this platform: introductions start from there.
3. Ask JETRO or Invest India about events: both hold business seminars in each country.

## Official sources

- Invest India: https://www.investindia.gov.in/
- National Single Window System: https://www.nsws.gov.in/
- JETRO, invest in Japan: https://www.jetro.go.jp/en/invest/
"""

AUTHOR = "secretariat@kakehashi.example"

GUIDES = [
    {"slug": "guide-visas-business-travel-india-japan", "title": "Visas and residence for business between India and Japan",
     "body": VISAS, "topic": Post.Topic.VISAS, "tags": ["guide", "visas"], "at": dt.datetime(2026, 4, 6, 3, 0, tzinfo=dt.UTC)},
    {"slug": "guide-setting-up-a-company-india-japan", "title": "Setting up a company in India or Japan",
     "body": COMPANY, "topic": Post.Topic.COMPANY_SETUP, "tags": ["guide", "company-setup"],
     "at": dt.datetime(2026, 4, 13, 3, 0, tzinfo=dt.UTC)},
    {"slug": "guide-business-culture-india-japan", "title": "Business culture: meetings and decisions between India and Japan",
     "body": CULTURE, "topic": Post.Topic.BUSINESS_CULTURE, "tags": ["guide", "business-culture"],
     "at": dt.datetime(2026, 4, 20, 3, 0, tzinfo=dt.UTC)},
    {"slug": "guide-ease-of-doing-business-india-japan", "title": "Ease of doing business: who helps investors in India and Japan",
     "body": EASE, "topic": Post.Topic.EASE_OF_BUSINESS, "tags": ["guide", "ease-of-doing-business"],
     "at": dt.datetime(2026, 4, 27, 3, 0, tzinfo=dt.UTC)},
]

GUIDE_POSTS = [
    {**g, "language": "en", "kind": Post.Kind.GUIDE, "visibility": Post.Visibility.PUBLIC, "author": AUTHOR, "pinned": False}
    for g in GUIDES
]
