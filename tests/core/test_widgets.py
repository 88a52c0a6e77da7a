from django import forms
from django.utils import translation

from kakehashi.core.widgets import LongSelect, LongSelectMultiple, picker_attrs


def test_long_select_renders_like_djangos_select_and_escapes_labels():
    class Form(forms.Form):
        zone = forms.ChoiceField(choices=[("Asia/Tokyo", "Asia/Tokyo"), ("x<y", "<b>x</b>")], widget=LongSelect)

    html = str(Form(initial={"zone": "x<y"})["zone"])

    assert html == (
        '<select id="id_zone" name="zone">'
        '<option value="Asia/Tokyo">Asia/Tokyo</option>'
        '<option value="x&lt;y" selected>&lt;b&gt;x&lt;/b&gt;</option></select>'
    )


def test_long_select_keeps_accessibility_attributes():
    class Form(forms.Form):
        zone = forms.ChoiceField(choices=[("UTC", "UTC")], widget=LongSelect, help_text="Your zone")

    html = Form(data={})["zone"].as_widget(attrs={"aria-invalid": "true", "aria-describedby": "id_zone_errors"})

    assert html == (
        '<select aria-describedby="id_zone_errors" aria-invalid="true" id="id_zone" name="zone">'
        '<option value="UTC">UTC</option></select>'
    )


def test_long_select_renders_groups_as_optgroups():
    class Form(forms.Form):
        zone = forms.ChoiceField(choices=[("Home", [("Asia/Tokyo", "Tokyo")]), ("UTC", "UTC")], widget=LongSelect)

    html = str(Form(initial={"zone": "Asia/Tokyo"})["zone"])

    assert html == (
        '<select id="id_zone" name="zone"><optgroup label="Home">'
        '<option value="Asia/Tokyo" selected>Tokyo</option></optgroup><option value="UTC">UTC</option></select>'
    )


def test_a_picker_select_carries_its_translated_strings():
    class Form(forms.Form):
        countries = forms.MultipleChoiceField(choices=[("IN", "India")], widget=LongSelectMultiple(attrs=picker_attrs()))

    with translation.override("ja"):
        html = str(Form()["countries"])

    assert html == (
        '<select data-picker="" data-picker-filter="入力して絞り込み" data-picker-none="該当するものがありません。" '
        'data-picker-remove="削除" id="id_countries" name="countries" multiple required><option value="IN">India</option></select>'
    )
