// Small enhancements over pages that work without JavaScript:
// - the header's menu button on narrow screens (the menu is always shown without JavaScript);
// - the header's drop-down menus (<details>) close on Escape or a click elsewhere;
// - the language menu switches on change (its "Change" button stays for keyboards without JS);
// - searchable pickers over <select data-picker> (core/widgets.py `picker_attrs`);
// - search filters folded on narrow screens (form.filters .filter-toggle) unless one is in use.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 48rem)");

  // Header menu
  var header = document.querySelector("header.top");
  var toggle = header && header.querySelector(".menu-toggle");
  if (toggle) {
    header.classList.add("has-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      header.classList.toggle("open", open);
    });
  }

  // Drop-down menus in the header
  var dropdowns = Array.prototype.slice.call(document.querySelectorAll("header.top details.dropdown"));
  document.addEventListener("click", function (event) {
    dropdowns.forEach(function (d) { if (d.open && !d.contains(event.target)) d.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    dropdowns.forEach(function (d) {
      if (d.open) { d.open = false; d.querySelector("summary").focus(); }
    });
  });

  // Language menu
  var lang = document.querySelector("form.lang select");
  if (lang) {
    lang.form.classList.add("auto");
    lang.addEventListener("change", function () { lang.form.submit(); });
  }

  // Search filters folded on narrow screens, unless one is in use
  Array.prototype.forEach.call(document.querySelectorAll("form.filters .filter-toggle"), function (button) {
    var form = button.form;
    form.classList.add("foldable");
    button.hidden = false;
    function set(folded) {
      form.classList.toggle("folded", folded);
      button.setAttribute("aria-expanded", String(!folded));
    }
    set(narrow.matches && !form.hasAttribute("data-in-use"));
    button.addEventListener("click", function () { set(!form.classList.contains("folded")); });
  });

  // Searchable pickers
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var counter = 0;

  function searchBox(select, labelText) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "picker-search";
    input.id = select.id + "_search";
    input.placeholder = select.dataset.pickerFilter || "";
    input.setAttribute("autocomplete", "off");
    if (labelText) input.setAttribute("aria-label", labelText + " — " + input.placeholder);
    var described = select.getAttribute("aria-describedby");
    if (described) input.setAttribute("aria-describedby", described);
    return input;
  }

  function optionText(option) {
    var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label + " " : "";
    return fold(group + option.textContent + " " + option.value);
  }

  function enhanceMultiple(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var labelText = label ? label.textContent.trim() : "";
    var box = document.createElement("div");
    box.className = "picker";
    var input = searchBox(select, labelText);
    var chosen = document.createElement("ul");
    chosen.className = "picker-chosen";
    chosen.setAttribute("aria-live", "polite");
    var list = document.createElement("div");
    list.className = "picker-list";
    list.id = select.id + "_list";
    list.setAttribute("role", "group");
    if (labelText) list.setAttribute("aria-label", labelText);
    input.setAttribute("aria-controls", list.id);
    var none = document.createElement("p");
    none.className = "picker-none";
    none.hidden = true;
    none.textContent = select.dataset.pickerNone || "";

    var rows = [];
    var heading = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.parentNode.tagName === "OPTGROUP" && (!heading || heading.group !== option.parentNode)) {
        heading = { group: option.parentNode, el: document.createElement("p") };
        heading.el.className = "picker-group";
        heading.el.textContent = option.parentNode.label;
        list.appendChild(heading.el);
      }
      var row = document.createElement("label");
      var box_ = document.createElement("input");
      box_.type = "checkbox";
      box_.id = "picker" + (++counter);
      box_.checked = option.selected;
      box_.addEventListener("change", function () { option.selected = box_.checked; showChosen(); });
      row.appendChild(box_);
      row.appendChild(document.createTextNode(option.textContent));
      list.appendChild(row);
      rows.push({ option: option, row: row, box: box_, text: optionText(option), heading: heading });
    });

    function showChosen() {
      chosen.textContent = "";
      rows.forEach(function (r) {
        if (!r.option.selected) return;
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "chip";
        button.textContent = r.option.textContent + " ×";
        button.setAttribute("aria-label", (select.dataset.pickerRemove || "Remove") + ": " + r.option.textContent);
        button.addEventListener("click", function () {
          r.option.selected = false;
          r.box.checked = false;
          showChosen();
          input.focus();
        });
        li.appendChild(button);
        chosen.appendChild(li);
      });
      chosen.hidden = !chosen.firstChild;
    }

    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var groupsShown = new Set();
      rows.forEach(function (r) {
        var match = words.every(function (w) { return r.text.indexOf(w) !== -1; });
        r.row.hidden = !match;
        if (match) { shown += 1; if (r.heading) groupsShown.add(r.heading); }
      });
      rows.forEach(function (r) { if (r.heading) r.heading.el.hidden = !groupsShown.has(r.heading); });
      none.hidden = shown > 0;
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();  // Enter picks the only match instead of sending the form
      var visible = rows.filter(function (r) { return !r.row.hidden; });
      if (visible.length === 1) { visible[0].box.click(); }
    });

    select.hidden = true;
    select.parentNode.insertBefore(box, select);
    box.appendChild(input);
    box.appendChild(chosen);
    box.appendChild(list);
    box.appendChild(none);
    box.appendChild(select);
    if (label) label.htmlFor = input.id;
    showChosen();
  }

  function enhanceSingle(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var input = searchBox(select, label ? label.textContent.trim() : "");
    input.setAttribute("aria-controls", select.id);
    var none = document.createElement("p");
    none.className = "picker-none";
    none.hidden = true;
    none.textContent = select.dataset.pickerNone || "";
    var options = Array.prototype.map.call(select.options, function (o) { return { option: o, text: optionText(o) }; });
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (o) {
        var match = o.option.selected || words.every(function (w) { return o.text.indexOf(w) !== -1; });
        o.option.hidden = !match;
        if (match) shown += 1;
      });
      var groups = 0;
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (g) {
        g.hidden = !Array.prototype.some.call(g.children, function (o) { return !o.hidden; });
        if (!g.hidden) groups += 1;
      });
      select.size = words.length ? Math.min(Math.max(shown + groups, 2), 10) : 0;
      none.hidden = shown > 0;
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var first = options.filter(function (o) { return !o.option.hidden && !o.option.selected; })[0];
      if (first) { select.value = first.option.value; select.dispatchEvent(new Event("change", { bubbles: true })); }
    });
    var box = document.createElement("div");
    box.className = "picker single";
    select.parentNode.insertBefore(box, select);
    box.appendChild(input);
    box.appendChild(select);
    box.appendChild(none);
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), function (select) {
    if (select.multiple) enhanceMultiple(select); else enhanceSingle(select);
  });
})();
