"""The language of an opportunity, guessed from its script."""

import pytest

from kakehashi.core.language import detect_language


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Precision machining capacity for transmission shafts",), "en"),
        (("精密自動車部品の調達先を募集します",), "ja"),
        (("EV バッテリー用セルの調達", "IATF 16949 認証の工場を探しています。"), "ja"),
        (("カイゼン",), "ja"),
        (("半導体",), "ja"),  # kanji only
        (("नागपुर में संतरा प्रसंस्करण इकाई के लिए साझेदार चाहिए",), "hi"),
        (("हम CNC machining और IATF 16949 प्रमाणित उत्पादन करते हैं",), "hi"),
        (("We apply kaizen (改善) on every line of our plant in Chennai",), "en"),
        (("Café Müller GmbH sucht Zulieferer",), "en"),
        (("",), "en"),
        (("12345 !!! 🚗🔋",), "en"),
        (("", "   ", "\u202e"), "en"),
    ],
)
def test_detect_language_by_script(texts, expected):
    assert detect_language(*texts) == expected
