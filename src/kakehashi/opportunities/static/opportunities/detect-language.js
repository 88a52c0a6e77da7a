// Prefills "Language of the text" while the member types, from the script of the text:
// kana or kanji → ja, Devanagari → hi, otherwise en; a Japanese character weighs as much as
// three Latin letters. The same rule as core/language.py, which decides when the
// choice is left on "Detect from the text" (and without JavaScript). Once the member picks
// a language themselves, it is left alone.
(function () {
  "use strict";
  var select = document.getElementById("id_language");
  if (!select) return;
  var chosenByHand = select.value !== "";
  select.addEventListener("change", function () { chosenByHand = true; });
  var fields = ["id_title", "id_summary", "id_details"]
    .map(function (id) { return document.getElementById(id); })
    .filter(Boolean);

  function script(code) {
    if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x31f0 && code <= 0x31ff) || (code >= 0xff66 && code <= 0xff9f) ||
        (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)) return "ja";
    if ((code >= 0x0900 && code <= 0x097f) || (code >= 0xa8e0 && code <= 0xa8ff)) return "hi";
    return "";
  }

  function detect(text) {
    var counts = { ja: 0, hi: 0, en: 0 };
    for (var i = 0; i < text.length; i++) {
      var ch = text[i], code = text.charCodeAt(i), s = script(code);
      if (s) counts[s] += 1;
      else if (code < 0x250 && ch.toLowerCase() !== ch.toUpperCase()) counts.en += 1;
    }
    var scores = { ja: counts.ja * 3, hi: counts.hi, en: counts.en };
    if (!scores.ja && !scores.hi && !scores.en) return "";
    if (scores.ja > scores.en && scores.ja >= scores.hi) return "ja";
    if (scores.hi > scores.en && scores.hi > scores.ja) return "hi";
    return "en";
  }

  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      if (chosenByHand) return;
      select.value = detect(fields.map(function (f) { return f.value; }).join("\n"));
    });
  });
})();
