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

    var el = KB.el;
    var form = el("form", { "class": "kb-fill", "data-kb-fill": "" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", {}, "Заполни шаблон — текст ниже обновится сам"));
    fieldset.appendChild(el("p", { "class": "kb-fill__hint" },
      "Введённое хранится только в этой вкладке браузера: можно перейти на другую страницу "
      + "и вернуться — поля останутся заполненными. Когда закроешь вкладку, ничего не сохранится; "
      + "«Очистить поля» сотрёт всё сразу."));
    var saved = load();
    var inputs = [];

    names.forEach(function (name, i) {
      var id = "kb-fill-" + i;
      var row = el("div", { "class": "kb-fill__row" });
      var input = el("input", { type: "text", id: id, autocomplete: "off", "data-ph": name });
      input.addEventListener("input", function () {
        fill(name, input.value);
        save(name, input.value);
      });
      row.appendChild(el("label", { "for": id }, name));
      row.appendChild(input);
      fieldset.appendChild(row);
      inputs.push(input);
    });

    var clearTool = tool("kb-fill", "clear", "Очистить поля");
    clearTool.button.addEventListener("click", function () {
      inputs.forEach(function (input) {
        input.value = "";
        fill(input.dataset.ph, "");
      });
      forget();
      clearTool.say("Поля очищены");
      if (inputs[0]) inputs[0].focus();
    });
    fieldset.appendChild(clearTool.box);
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
      var copyTool = tool("kb-script", "copy", "Скопировать");
      copyTool.button.setAttribute("aria-label", "Скопировать текст шаблона " + (i + 1) + " с подставленными данными");
      copyTool.button.addEventListener("click", function () {
        var plain = text.textContent;
        var done = function () { copyTool.say("Скопировано"); };
        var fail = function () { copyTool.say("Не удалось скопировать: выдели текст и нажми Ctrl+C"); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(plain).then(done, fail);
        } else {
          fail();
        }
      });
      block.appendChild(copyTool.box);
    });
  }

  /* Кнопка с короткой строкой состояния рядом (для скринридера — role=status): «Скопировано»,
   * «Поля очищены». Классы: <base>__tools, md-button <base>__<action>, <base>__status. */
  function tool(base, action, label) {
    var box = KB.el("div", { "class": base + "__tools" });
    var button = KB.el("button", { type: "button", "class": "md-button " + base + "__" + action }, label);
    var status = KB.el("span", { "class": base + "__status", role: "status", "aria-live": "polite" });
    box.appendChild(button);
    box.appendChild(status);
    return {
      box: box,
      button: button,
      say: function (text) {
        status.textContent = text;
        setTimeout(function () { status.textContent = ""; }, 4000);
      },
    };
  }

  /* ---------- поля на время вкладки: sessionStorage ---------- */

  function store() {
    try { return window.sessionStorage; } catch (e) { return null; /* хранилище запрещено: живём без него */ }
  }

  function load() {
    var s = store();
    try {
      var value = s && JSON.parse(s.getItem(KB.KEYS.fill));
      return KB.isObject(value) ? value : {};
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
