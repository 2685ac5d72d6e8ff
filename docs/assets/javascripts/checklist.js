/* Чек-листы: отметки сохраняются в браузере, счётчик «N из M», кнопка «Сбросить».
 *
 * Пункты находит по data-kb-item: этот id хук сборки считает из текста пункта,
 * поэтому вставка или перестановка пунктов автором не сдвигает отметки ученика.
 * Хранение: "kb:v1:checklist:<адрес страницы>" → { "<id пункта>": true }.
 */
(function () {
  "use strict";

  function mount() {
    var items = Array.prototype.slice.call(document.querySelectorAll("article [data-kb-item]"));
    if (!items.length) return;
    var key = KB.PREFIX + "checklist:" + KB.pageKey();
    var state = {};
    var warning = "";
    try {
      var saved = KB.readJSON(key);
      if (saved && typeof saved === "object" && !Array.isArray(saved)) state = saved;
      else if (saved !== null) warning = "Сохранённые отметки не прочитались, список начат заново.";
    } catch (e) {
      warning = "Сохранённые отметки повреждены, список начат заново.";
    }

    var bar = document.createElement("div");
    bar.className = "kb-checklist-bar";
    bar.setAttribute("data-kb-checklist-bar", "");
    var count = document.createElement("span");
    count.className = "kb-checklist-bar__count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button kb-checklist-bar__reset";
    reset.textContent = "Сбросить";
    reset.setAttribute("aria-label", "Сбросить все отметки в чек-листе");
    bar.appendChild(count);
    bar.appendChild(reset);
    if (warning) {
      var note = document.createElement("span");
      note.className = "kb-checklist-bar__warning";
      note.textContent = warning;
      bar.appendChild(note);
    }
    var firstList = items[0].closest("ul");
    firstList.parentNode.insertBefore(bar, firstList);

    function save() {
      try {
        KB.writeJSON(key, state);
      } catch (e) {
        count.textContent += " (не удалось сохранить: хранилище браузера недоступно)";
      }
    }

    function update() {
      var done = items.filter(function (li) { return state[li.dataset.kbItem]; }).length;
      count.textContent = "Отмечено " + done + " из " + items.length;
      bar.classList.toggle("kb-checklist-bar--done", done === items.length);
    }

    items.forEach(function (li) {
      var box = li.querySelector('input[type="checkbox"]');
      if (!box) return;
      box.disabled = false;
      box.checked = !!state[li.dataset.kbItem];
      /* у флажка Material нет подписи: даём ей текст пункта */
      box.setAttribute("aria-label", li.textContent.trim());
      /* щелчок по тексту пункта тоже ставит отметку */
      li.addEventListener("click", function (e) {
        if (e.target.closest("a, label, input, button")) return;
        box.click();
      });
      box.addEventListener("change", function () {
        if (box.checked) state[li.dataset.kbItem] = true;
        else delete state[li.dataset.kbItem];
        save();
        update();
      });
    });

    reset.addEventListener("click", function () {
      state = {};
      items.forEach(function (li) {
        var box = li.querySelector('input[type="checkbox"]');
        if (box) box.checked = false;
      });
      try { localStorage.removeItem(key); } catch (e) { /* хранилище недоступно */ }
      update();
    });
    update();
  }

  KB.onPage(mount);
})();
