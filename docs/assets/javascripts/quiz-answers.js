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
 */
(function () {
  "use strict";
  var quizzes = document.querySelectorAll("article div.quiz[id]");
  if (!quizzes.length) return;
  var key = KB.QUIZ_PREFIX + location.pathname;
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
    var note = KB.el("div", { "class": "admonition info", role: "status", "data-kb-quiz-changed": "" });
    note.appendChild(KB.el("p", { "class": "admonition-title" }, "Тест изменился"));
    note.appendChild(KB.el("p", {}, "После твоих ответов автор изменил вопросы теста (ответов, которые больше не подходят: "
      + stale + "). Изменённые вопросы — новые: ответь на них заново, остальные ответы на месте."));
    quizzes[0].parentNode.insertBefore(note, quizzes[0]);
  }
  if (!changed) return;
  try { KB.write(key, saved); } catch (e) { /* хранилище недоступно */ }
})();
