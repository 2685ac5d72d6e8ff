/* Устойчивые ответы теста тезиса. mkdocs-quiz хранит ответы по id вопроса, а выбранные
 * варианты — по value варианта; хук сборки делает id вопроса хешем формулировки, а value —
 * хешем текста ответа (тот же id ответа, что в итоговом тесте). Поэтому перемешанные
 * варианты (shuffle_answers) восстанавливаются на своих местах.
 *
 * До того как mkdocs-quiz прочитает хранилище, модуль:
 *  - убирает ответы на вопросы, которых на странице больше нет (автор изменил или удалил
 *    вопрос), — иначе mkdocs-quiz засчитал бы их («Отвечено: 10 / 9»), и говорит об этом
 *    ученику над тестом: «Тест изменился… ответь заново»;
 *  - переводит выбор, сохранённый старой версией курса номером варианта ("2"), в id ответа:
 *    номер — это место варианта в источнике теста, а у варианта есть DOM-id quiz-<вопрос>-<номер>.
 *    Раз id вопроса совпал, порядок вариантов в источнике тот же, и перевод точен.
 * Скрипт выполняется в конце <body>, а mkdocs-quiz начинает работу по DOMContentLoaded.
 *
 * Две вкладки одного тезиса: mkdocs-quiz держит ответы страницы в памяти и при каждом ответе
 * пишет в хранилище их все — вкладка, открытая раньше, стёрла бы ответы, данные в другой.
 * Поэтому его запись ответов этой страницы сливаем со свежим содержимым хранилища: ответы
 * другой вкладки остаются, а вопросы, которые эта вкладка сбросила («Пройти заново»),
 * убираются. Вкладке, где ответы изменились в другой, страница говорит обновиться.
 */
(function () {
  "use strict";
  var quizzes = document.querySelectorAll("article div.quiz[id]");
  if (!quizzes.length) return;
  var key = KB.core.KEYS.quiz(location.pathname);

  /* Пояснение над тестом (role=status: скринридер его прочтёт). */
  function notice(attr, title, text) {
    var box = KB.el("div", { "class": "admonition info", role: "status" });
    box.setAttribute(attr, "");
    box.appendChild(KB.el("p", { "class": "admonition-title" }, title));
    box.appendChild(KB.el("p", {}, text));
    quizzes[0].parentNode.insertBefore(box, quizzes[0]);
  }

  function cleanStale() {
    var saved;
    try {
      saved = KB.read(key);
    } catch (e) {
      return; /* испорченные данные mkdocs-quiz сбросит сам */
    }
    if (!KB.isObject(saved)) return;
    var present = {};
    quizzes.forEach(function (q) { present[q.id] = q; });
    var changed = false;
    var stale = 0;
    Object.keys(saved).forEach(function (id) {
      if (!present[id]) {
        if (saved[id] && saved[id].answered) stale++;
        delete saved[id];
        changed = true;
        return;
      }
      var entry = saved[id];
      if (!entry || !Array.isArray(entry.selectedValues)) return;
      var values = entry.selectedValues.map(function (v) {
        if (!/^\d+$/.test(String(v))) return v;
        var input = document.getElementById(id + "-" + v);
        return input && input.name === "answer" && input.type !== "text" ? input.value : v;
      });
      if (values.join("\n") !== entry.selectedValues.join("\n")) {
        entry.selectedValues = values;
        changed = true;
      }
    });
    if (stale) {
      /* ответ не пропадает молча: ученик видит, что вопросы изменились и на них нужно ответить заново */
      notice("data-kb-quiz-changed", "Тест изменился", "После твоих ответов автор изменил вопросы теста (ответов, "
        + "которые больше не подходят: " + stale + "). Изменённые вопросы — новые: ответь на них заново, остальные ответы на месте.");
    }
    if (!changed) return;
    try { KB.write(key, saved); } catch (e) { /* хранилище недоступно */ }
  }

  function mergeTabs() {
    var known = KB.readObject(key); /* то, что mkdocs-quiz прочитает и будет держать в памяти */
    var setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (this !== window.localStorage || k !== key) return setItem.apply(this, arguments);
      var mine;
      try { mine = JSON.parse(v); } catch (e) { return setItem.apply(this, arguments); }
      if (!KB.isObject(mine)) return setItem.apply(this, arguments);
      var merged = KB.readObject(key);
      Object.keys(known).forEach(function (id) { if (!(id in mine)) delete merged[id]; });
      Object.keys(mine).forEach(function (id) { merged[id] = mine[id]; });
      known = mine;
      return setItem.call(this, k, JSON.stringify(merged));
    };

    window.addEventListener("storage", function (e) {
      if (e.key !== key || document.querySelector("[data-kb-quiz-elsewhere]")) return;
      notice("data-kb-quiz-elsewhere", "Ответы изменились в другой вкладке",
        "Они сохранены. Обнови страницу, чтобы увидеть их здесь.");
    });
  }

  cleanStale();
  mergeTabs();
})();
