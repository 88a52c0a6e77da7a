"""Glossary terms explained in post bodies: only text nodes are annotated (never inside a
link, code, pre or an <abbr>), each annotated node is sanitised on its own, and naughty strings and
injection attempts stay inert."""

import pytest
from django.utils import translation

from kakehashi.core.markdown import ALLOWED_TAGS, annotate_html, render_markdown
from kakehashi.knowledge import glossary
from tests import corpora
from tests.html import Tags

from ..factories import PostFactory

pytestmark = pytest.mark.django_db


def _inert(html: str) -> bool:
    for tag, attrs in Tags(html).tags:
        if tag not in ALLOWED_TAGS | {"abbr"} or any(name.startswith("on") for name in attrs):
            return False
        if tag == "abbr" and set(attrs) != {"class", "title"}:
            return False
        href = (attrs.get("href") or "").strip().lower()
        if href and not href.startswith(("http://", "https://", "mailto:", "/", "#")) and ":" in href.split("/")[0]:
            return False
    return True


def _annotated(source: str, language: str = "en") -> str:
    return annotate_html(render_markdown(source), lambda text: glossary.annotate(text, language))


def test_a_term_in_a_paragraph_is_explained():
    html = _annotated("We set up a **joint venture** with JETRO's help.")

    assert html == (
        '<p>We set up a <strong><abbr class="term" title="Joint venture / 合弁 / संयुक्त उद्यम: A company owned and run '
        'together by two or more partners.">joint venture</abbr></strong> with <abbr class="term" title="JETRO / 日本貿易振興機構 '
        '/ जेट्रो: Japan External Trade Organization: Japan\'s agency for trade and investment promotion.">JETRO</abbr>\'s help.</p>\n'
    )


def test_terms_in_links_code_and_pre_are_left_alone():
    html = _annotated("[JETRO](https://www.jetro.go.jp/) `JETRO`\n\n```\nJETRO\n```\n\nJETRO")

    assert html.count("<abbr") == 1
    assert '<a href="https://www.jetro.go.jp/" rel="nofollow noopener noreferrer ugc">JETRO</a>' in html
    assert "<code>JETRO</code>" in html and "<pre><code>JETRO\n</code></pre>" in html


def test_the_definition_follows_the_readers_language():
    assert "二つ以上のパートナーが共同で所有し運営する会社。" in _annotated("合弁の設立", "ja")
    assert "दो या अधिक साझेदारों के स्वामित्व और संचालन वाली कंपनी।" in _annotated("संयुक्त उद्यम", "hi")


def test_an_annotator_that_injects_markup_is_sanitised_away():
    html = annotate_html("<p>hello <em>world</em></p>", lambda text: f'<script>alert(1)</script><img src=x onerror=alert(1)>{text}')

    assert html == "<p>hello <em>world</em></p>"


def test_escaped_markup_in_text_stays_escaped():
    html = _annotated('Joint venture &lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)> "JETRO"')

    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_term_whose_definition_carries_markup_is_escaped_in_the_title(staff):
    glossary.create_term(staff, en="Quality gate", definition_en='"><script>alert(1)</script>')

    html = _annotated("Pass the quality gate first.")

    assert "<script" not in html
    assert _inert(html) and html.count("<abbr") == 1


def test_every_naughty_string_stays_inert_when_annotated(staff):
    glossary.create_term(staff, en="NULL", definition_en="<b onmouseover=alert(1)>x</b>")
    lines = corpora.blns()

    assert [line for line in lines if not _inert(_annotated(f"JETRO {line} joint venture"))] == []


def test_the_post_page_explains_terms_in_the_body(client):
    post = PostFactory(body="A joint venture.", body_html=render_markdown("A joint venture. [JETRO](https://www.jetro.go.jp/)"))

    with translation.override("en"):
        html = client.get(post.get_absolute_url()).content.decode()

    assert '<div class="post-body"><p>A <abbr class="term" title="Joint venture / 合弁 / संयुक्त उद्यम: A company owned' in html
    assert '>JETRO</a>' in html


def test_a_mention_link_keeps_its_class_when_the_body_is_annotated():
    html = annotate_html(
        '<p>Thanks <a class="mention" href="/community/members/7/">@asha</a> for the joint venture.</p>',
        lambda text: glossary.annotate(text, "en"),
    )

    assert html.startswith('<p>Thanks <a class="mention" href="/community/members/7/">@asha</a> for the <abbr class="term" ')
