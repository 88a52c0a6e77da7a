"""The footer's demo notice: shown, in the reader's language, only on an instance that
`kakehashi seed-demo` filled with its invented data (the `demo_data` flag it writes), and
gone once staff delete that flag."""

import io

import pytest
from django.core.management import call_command

from kakehashi.core import flags
from kakehashi.core.models import InstanceFlag

pytestmark = pytest.mark.django_db

NOTICE = {
    "en": "This instance shows demonstration data: organisations, people and opportunities are invented.",
    "ja": "このインスタンスはデモ用のデータを表示しています。組織、人物、案件はすべて架空のものです。",
    "hi": "यह इंस्टेंस प्रदर्शन के लिए डेटा दिखाता है: संगठन, लोग और अवसर काल्पनिक हैं।",
}


def footer(client, language: str = "en") -> str:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return html[html.index('<footer class="foot">'):]


def test_an_instance_without_demo_data_shows_no_demo_notice(client):
    html = footer(client)

    assert "demonstration data" not in html and 'class="demo-notice"' not in html


def test_seed_demo_sets_the_flag_and_the_footer_says_the_data_is_invented_in_each_language(client):
    call_command("seed_demo", stdout=io.StringIO())

    assert list(InstanceFlag.objects.values_list("name", flat=True)) == ["demo_data"]
    for language, text in NOTICE.items():
        assert f'<p class="demo-notice">{text}</p>' in footer(client, language), language


def test_deleting_the_flag_removes_the_notice_at_once(client):
    flags.set_flag(flags.DEMO_DATA)
    shown = footer(client)

    InstanceFlag.objects.get(name="demo_data").delete()

    assert NOTICE["en"] in shown and NOTICE["en"] not in footer(client)
