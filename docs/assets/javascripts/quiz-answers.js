/* Устойчивые ответы теста: mkdocs-quiz хранит ответы по id вопроса, а хук сборки
 * делает id хешем формулировки. Если автор изменил или удалил вопрос, старый ответ
 * остаётся в хранилище под id, которого на странице больше нет, и mkdocs-quiz
 * засчитал бы его («Отвечено: 10 / 9»). Модуль убирает такие ответы до того, как
 * mkdocs-quiz прочитает хранилище: скрипт выполняется в конце <body>, а mkdocs-quiz
 * начинает работу по DOMContentLoaded.
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
  if (!saved || typeof saved !== "object" || Array.isArray(saved)) return;
  var present = {};
  quizzes.forEach(function (q) { present[q.id] = true; });
  var stale = Object.keys(saved).filter(function (id) { return !present[id]; });
  if (!stale.length) return;
  stale.forEach(function (id) { delete saved[id]; });
  try { KB.write(key, saved); } catch (e) { /* хранилище недоступно */ }
})();
