/* Шаблоны скриптов и писем (блок ```script): поле на каждую подстановку, живое
 * заполнение, кнопка «Скопировать».
 *
 * Одна форма на страницу: [Имя клиента], введённое один раз, заполняет все шаблоны
 * страницы. Введённое — всегда текст (textContent), никакой разметки.
 *
 * Поля живут, пока открыта вкладка (sessionStorage, KB.KEYS.fill: { подстановка: текст }):
 * со страницы «Перед звонком» можно перейти к полному скрипту и вернуться — имя клиента и
 * срок на месте, и на другой странице те же подстановки уже заполнены. Закрыл вкладку —
 * браузер всё стёр; «Очистить поля» стирает сразу. В localStorage, выгрузку прогресса и
 * на сервер данные клиента не попадают.
 */
(function () {
  "use strict";

  function mount() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll("article [data-kb-script]"));
    if (!blocks.length) return;
    var names = [];
    blocks.forEach(function (block) {
      block.querySelectorAll(".kb-ph[data-ph]").forEach(function (ph) {
        if (names.indexOf(ph.dataset.ph) === -1) names.push(ph.dataset.ph);
      });
    });

    var form = document.createElement("form");
    form.className = "kb-fill";
    form.setAttribute("data-kb-fill", "");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = "Заполни шаблон — текст ниже обновится сам";
    fieldset.appendChild(legend);
    var hint = document.createElement("p");
    hint.className = "kb-fill__hint";
    hint.textContent = "Введённое хранится только в этой вкладке браузера: можно перейти на другую страницу "
      + "и вернуться — поля останутся заполненными. Когда закроешь вкладку, ничего не сохранится; "
      + "«Очистить поля» сотрёт всё сразу.";
    fieldset.appendChild(hint);
    var saved = load();
    var inputs = [];

    names.forEach(function (name, i) {
      var id = "kb-fill-" + i;
      var row = document.createElement("div");
      row.className = "kb-fill__row";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = name;
      var input = document.createElement("input");
      input.type = "text";
      input.id = id;
      input.autocomplete = "off";
      input.dataset.ph = name;
      input.addEventListener("input", function () {
        fill(name, input.value);
        save(name, input.value);
      });
      row.appendChild(label);
      row.appendChild(input);
      fieldset.appendChild(row);
      inputs.push(input);
    });

    var tools = document.createElement("div");
    tools.className = "kb-fill__tools";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button kb-fill__clear";
    clear.textContent = "Очистить поля";
    var cleared = document.createElement("span");
    cleared.className = "kb-fill__status";
    cleared.setAttribute("role", "status");
    cleared.setAttribute("aria-live", "polite");
    clear.addEventListener("click", function () {
      inputs.forEach(function (input) {
        input.value = "";
        fill(input.dataset.ph, "");
      });
      forget();
      cleared.textContent = "Поля очищены";
      setTimeout(function () { cleared.textContent = ""; }, 4000);
      if (inputs[0]) inputs[0].focus();
    });
    tools.appendChild(clear);
    tools.appendChild(cleared);
    fieldset.appendChild(tools);
    form.appendChild(fieldset);
    blocks[0].parentNode.insertBefore(form, blocks[0]);

    function fill(name, value) {
      blocks.forEach(function (block) {
        block.querySelectorAll(".kb-ph[data-ph]").forEach(function (ph) {
          if (ph.dataset.ph !== name) return;
          var filled = value.trim() !== "";
          ph.textContent = filled ? value : "[" + name + "]";
          ph.classList.toggle("kb-ph--filled", filled);
        });
      });
    }

    inputs.forEach(function (input) {
      var value = saved[input.dataset.ph];
      if (typeof value === "string" && value) {
        input.value = value;
        fill(input.dataset.ph, value);
      }
    });

    blocks.forEach(function (block, i) {
      var text = block.querySelector(".kb-script__text");
      var tools = document.createElement("div");
      tools.className = "kb-script__tools";
      var copy = document.createElement("button");
      copy.type = "button";
      copy.className = "md-button kb-script__copy";
      copy.textContent = "Скопировать";
      copy.setAttribute("aria-label", "Скопировать текст шаблона " + (i + 1) + " с подставленными данными");
      var status = document.createElement("span");
      status.className = "kb-script__status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      copy.addEventListener("click", function () {
        var plain = text.textContent;
        var done = function () { status.textContent = "Скопировано"; };
        var fail = function () { status.textContent = "Не удалось скопировать: выдели текст и нажми Ctrl+C"; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(plain).then(done, fail);
        } else {
          fail();
        }
        setTimeout(function () { status.textContent = ""; }, 4000);
      });
      tools.appendChild(copy);
      tools.appendChild(status);
      block.appendChild(tools);
    });
  }

  /* ---------- поля на время вкладки: sessionStorage ---------- */

  function store() {
    try { return window.sessionStorage; } catch (e) { return null; /* хранилище запрещено: живём без него */ }
  }

  function load() {
    var s = store();
    try {
      var value = s && JSON.parse(s.getItem(KB.KEYS.fill));
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) {
      return {};
    }
  }

  function save(name, value) {
    var s = store();
    if (!s) return;
    var all = load();
    if (value.trim()) all[name] = value;
    else delete all[name];
    try { s.setItem(KB.KEYS.fill, JSON.stringify(all)); } catch (e) { /* нет места — просто не запомним */ }
  }

  function forget() {
    var s = store();
    if (s) s.removeItem(KB.KEYS.fill);
  }

  KB.onPage(mount);
})();
