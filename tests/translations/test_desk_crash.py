"""A refresh of the desk's queue killed with SIGKILL half-way: a real `kakehashi refresh_desk`
process on its own database (SQLite, or PostgreSQL when DATABASE_URL names one), killed once
one source's entries are committed and before the next one's are; the next run finishes,
and a third changes nothing."""

import signal
import subprocess

from ..core import crash

OFFERS, ORGANISATIONS = 1500, 1500

SETUP = """
import datetime as dt
from django.utils import timezone
from kakehashi.accounts.models import Organisation, OrganisationDescription
from kakehashi.opportunities.models import Opportunity
orgs = Organisation.objects.bulk_create([
    Organisation(name=f"Organisation {{i}}", slug=f"organisation-{{i}}", country="IN", org_type="sme", size_band="small",
                 status="approved") for i in range({organisations})])
OrganisationDescription.objects.bulk_create(
    [OrganisationDescription(organisation=org, language="en", text=f"We make parts ({{org.pk}}).") for org in orgs])
template = Opportunity(organisation=orgs[0], kind="manufacturing_offer", title="Parts", summary="Parts", language="en",
                       visibility="public", status="published", expires_on=timezone.localdate() + dt.timedelta(days=90),
                       published_at=timezone.now())
template.save()
copies = []
for i in range({offers} - 1):
    copy = Opportunity.objects.get(pk=template.pk)
    copy.pk, copy.reference, copy.title = None, f"KK-C{{i:07d}}", f"Parts {{i}}"
    copies.append(copy)
Opportunity.objects.bulk_create(copies, batch_size=500)
"""


site = crash.site_fixture()


def entries(site, source):
    return site.scalar(f"SELECT COUNT(*) FROM translations_deskentry WHERE source = '{source}'")


def test_a_refresh_killed_between_two_sources_is_finished_by_the_next_run(site):
    site.shell(SETUP.format(offers=OFFERS, organisations=ORGANISATIONS))
    process = subprocess.Popen([*crash.KAKEHASHI, "refresh_desk"], env=site.env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    try:
        site.wait_until(lambda: entries(site, "opportunity") > 0 or process.poll() is not None,
                        seconds=300, poll=0.01, what="the opportunities' entries")
    finally:
        site.kill(process)

    assert process.returncode == -signal.SIGKILL  # killed, not finished
    assert entries(site, "opportunity") == 2 * OFFERS  # in Japanese and Hindi: all of them, in one transaction
    assert entries(site, "organisation") == 0  # the next source: not started, or rolled back
    assert "entries changed" in site.kakehashi("refresh_desk")
    assert (entries(site, "opportunity"), entries(site, "organisation")) == (2 * OFFERS, 2 * ORGANISATIONS)
    assert site.kakehashi("refresh_desk").startswith("Translation desk: 0 entries changed")
