// "Reply" and "Flag" under a comment. The page holds one form of each kind (in a <template>);
// a click puts a copy under that comment and a second click takes it away. Without
// JavaScript the same links open the form on a page of its own.
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-comment-tool]") : null;
    if (!link) return;
    var kind = link.getAttribute("data-comment-tool");
    var template = document.getElementById("comment-tool-" + kind);
    var article = link.closest("article.comment");
    if (!template || !article) return;
    event.preventDefault();
    var open = article.querySelector(":scope > form[data-tool]");
    var same = open && open.getAttribute("data-tool") === kind;
    if (open) open.remove();
    article.querySelectorAll("a[data-comment-tool]").forEach(function (a) { a.setAttribute("aria-expanded", "false"); });
    if (same) { link.focus(); return; }
    var form = template.content.firstElementChild.cloneNode(true);
    var suffix = article.id.replace("comment-", "");
    form.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace(/-new$/, "-" + suffix); });
    form.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace(/-new$/, "-" + suffix); });
    if (kind === "flag") form.action = link.href;
    var parent = form.querySelector("input[name=parent]");
    if (parent) parent.value = link.getAttribute("data-parent");
    link.parentNode.insertAdjacentElement("afterend", form);
    link.setAttribute("aria-expanded", "true");
    var first = form.querySelector("textarea, select");
    if (first) first.focus();
  });
})();
