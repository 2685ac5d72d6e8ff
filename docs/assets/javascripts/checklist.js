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
    var key = KB.KEYS.checklist(KB.pageKey());
    var warning = "";

    /* Сохранённые отметки: читаем заново при каждом обновлении — их могла изменить другая вкладка. */
    function saved() {
      try {
        var value = KB.read(key);
        if (KB.isObject(value)) return value;
        if (value !== null) warning = "Сохранённые отметки не прочитались, список начат заново.";
      } catch (e) {
        warning = "Сохранённые отметки повреждены, список начат заново.";
      }
      return {};
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
    var state = saved();
    /* отмеченные раньше пункты, которых больше нет: автор их изменил — говорим, а не теряем молча */
    var present = {};
    items.forEach(function (li) { present[li.dataset.kbItem] = true; });
    var gone = Object.keys(state).filter(function (id) { return !present[id]; });
    if (gone.length) {
      KB.update(key, function (s) { gone.forEach(function (id) { delete s[id]; }); return s; }, "отметки чек-листа");
      state = saved();
      warning = "Пункты, которые были отмечены, изменились (" + gone.length + "): проверь список и отметь заново.";
    }
    if (warning) {
      var note = document.createElement("span");
      note.className = "kb-checklist-bar__warning";
      if (gone.length) note.setAttribute("data-kb-checklist-changed", "");
      note.textContent = warning;
      bar.appendChild(note);
    }
    var firstList = items[0].closest("ul");
    firstList.parentNode.insertBefore(bar, firstList);

    function show() {
      var done = 0;
      items.forEach(function (li) {
        var box = li.querySelector('input[type="checkbox"]');
        var on = !!state[li.dataset.kbItem];
        if (box) box.checked = on;
        if (on) done++;
      });
      count.textContent = "Отмечено " + done + " из " + items.length;
      bar.classList.toggle("kb-checklist-bar--done", done === items.length);
    }

    items.forEach(function (li) {
      var box = li.querySelector('input[type="checkbox"]');
      if (!box) return;
      box.disabled = false;
      /* у флажка Material нет подписи: даём ей текст пункта */
      box.setAttribute("aria-label", li.textContent.trim());
      /* щелчок по тексту пункта тоже ставит отметку */
      li.addEventListener("click", function (e) {
        if (e.target.closest("a, label, input, button")) return;
        box.click();
      });
      box.addEventListener("change", function () {
        var id = li.dataset.kbItem;
        var on = box.checked;
        KB.update(key, function (s) {
          if (on) s[id] = true;
          else delete s[id];
          return s;
        }, "отметка в чек-листе «" + li.textContent.trim() + "»");
        state = saved();
        show();
      });
    });

    reset.addEventListener("click", function () {
      KB.update(key, function () { return null; }, "сброс отметок");
      state = saved();
      show();
    });
    KB.onStorage(function (changed) {
      if (changed === key || changed === null) {
        state = saved();
        show();
      }
    });
    show();
  }

  KB.onPage(mount);
})();
