/* Шаблоны скриптов и писем (блок ```script): поле на каждую подстановку, живое
 * заполнение, кнопка «Скопировать».
 *
 * Одна форма на страницу: [Имя клиента], введённое один раз, заполняет все шаблоны
 * страницы. Введённое — всегда текст (textContent), никакой разметки. Данные клиента
 * никуда не сохраняются: после ухода со страницы форма пуста.
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
    hint.textContent = "Введённое остаётся только на этой странице и нигде не сохраняется.";
    fieldset.appendChild(hint);

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
      input.addEventListener("input", function () { fill(name, input.value); });
      row.appendChild(label);
      row.appendChild(input);
      fieldset.appendChild(row);
    });
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

  KB.onPage(mount);
})();
