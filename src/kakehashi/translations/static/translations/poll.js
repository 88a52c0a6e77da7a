// While a machine translation is being computed, ask whether it is ready and reload the page
// when it is (the translation appears in place). Gives up after two minutes.
(function () {
  if (window.kakehashiTranslationPoll) return;
  window.kakehashiTranslationPoll = true;
  var started = Date.now();
  function check() {
    var pending = document.querySelectorAll(".translation-pending[data-status-url]");
    if (!pending.length || Date.now() - started > 120000) return;
    var requests = Array.prototype.map.call(pending, function (el) {
      return fetch(el.getAttribute("data-status-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { state: "pending" }; })
        .catch(function () { return { state: "pending" }; });
    });
    Promise.all(requests).then(function (answers) {
      if (answers.some(function (a) { return a.state !== "pending"; })) { window.location.reload(); }
      else { window.setTimeout(check, 2000); }
    });
  }
  window.setTimeout(check, 1500);
})();
