from django import forms

from kakehashi.core.widgets import LongSelect


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
