/* Главная: сколько пройдено по каждой теме — полоса и «сдано тестов N из M» в
 * [data-kb-dashboard-progress]; «Продолжи» ([data-kb-continue]) — где ученик остановился и что дальше
 * (KB.progress.renderContinue: его зовёт progress.js, когда данные изменились). Статус тезиса и темы
 * считает progress.js (KB.progress.thesisStatus, topicStatus), здесь только вывод.
 * «На повторение: N» или когда следующее повторение — в [data-kb-review-due].
 */
(function () {
  "use strict";
  var el = KB.el;

  function render(box) {
    var course = KB.course();
    if (!course || !KB.progress) return;
    var topics = KB.loadedTopics();
    if (!topics.length) return;
    box.textContent = "";
    topics.forEach(function (topic) {
      var status = KB.progress.topicStatus(course, topic, []);
      var read = status.statuses.filter(function (s) { return s.visited; }).length;
      var item = el("div", { "class": "kb-dashboard__topic", "data-kb-dashboard-topic": topic.key });
      var title = el("p", { "class": "kb-dashboard__title" });
      title.appendChild(topic.url ? el("a", { href: KB.siteUrl(topic.url) }, topic.title) : document.createTextNode(topic.title));
      item.appendChild(title);
      var bar = el("progress", { "class": "kb-progress__bar", max: String(status.total), value: String(status.passed) });
      bar.setAttribute("aria-label", "Тема «" + topic.title + "»: сдано тезисов " + status.passed + " из " + status.total);
      item.appendChild(bar);
      item.appendChild(el("p", { "class": "kb-dashboard__numbers" },
        "Сдано тезисов: " + status.passed + " из " + status.total + " · прочитано тезисов: " + read + " из " + status.total));
      box.appendChild(item);
    });
  }

  /* «На повторение: N» — когда пора повторять; иначе — когда следующее (KB.core.deckSummary).
   * Вопросы, которых больше нет в курсе, не считаются: их уберёт страница «Повторение». */
  function renderReview(box) {
    var course = KB.course();
    if (!course || !course.review_url) return;
    var ids = {};
    KB.loadedTopics().forEach(function (topic) {
      topic.theses.forEach(function (t) { t.quiz.forEach(function (q) { ids[q] = t.id; }); });
    });
    var now = Date.now();
    var s = KB.core.deckSummary(KB.core.fitDeck(KB.readObject(KB.KEYS.deck), ids).deck, now);
    box.textContent = "";
    box.hidden = !s.total;
    if (!s.total) return;
    var link = el("a", { href: KB.siteUrl(course.review_url) }, s.due ? "На повторение: " + s.due : "Повторение");
    if (s.due) {
      var strong = el("strong");
      strong.appendChild(link);
      box.appendChild(strong);
      box.appendChild(document.createTextNode(" — вопросы тестов, которые пора освежить (5–10 минут)."));
    } else {
      box.appendChild(link);
      box.appendChild(document.createTextNode(": сейчас повторять нечего, следующее — " + KB.core.whenText(s.next, now) + "."));
    }
  }

  function refresh() {
    var box = document.querySelector("[data-kb-dashboard-progress]");
    if (box) render(box);
    var review = document.querySelector("[data-kb-review-due]");
    if (review) renderReview(review);
  }

  KB.onPage(refresh);
  KB.onStorage(refresh);

  /* Главная: где ученик остановился и что дальше — по всем темам курса. */
  function renderContinue(box, course) {
    var items = [];
    KB.loadedTopics().forEach(function (topic) {
      topic.theses.forEach(function (t) { items.push({ topic: topic, thesis: t, s: KB.progress.thesisStatus(course, t) }); });
    });
    if (!items.length) return;
    var next = items.filter(function (x) { return !x.s.passed; })[0];
    var started = items.some(function (x) { return x.s.visited || x.s.answered || (x.s.dialogue && x.s.dialogue.best); });
    var done = items.filter(function (x) { return x.s.passed; }).length;
    box.textContent = "";
    var p = el("span");
    if (!next && course.final_url) {
      p.appendChild(document.createTextNode("Все тезисы сданы. "));
      p.appendChild(el("a", { href: KB.siteUrl(course.final_url) }, "Пройди итоговый тест"));
    } else if (next) {
      p.appendChild(el("strong", {}, started ? "Продолжи: " : "Начни с первого тезиса: "));
      var d = next.s.dialogue;
      /* порядок изучения: тезис → материалы → тренажёр → «Проверь себя» */
      var toDialogue = d && !d.passed && (next.s.visited || next.s.answered);
      if (toDialogue) {
        p.appendChild(el("a", { href: KB.siteUrl(d.url) }, "тренажёр «" + d.title + "»"));
        p.appendChild(document.createTextNode(" (тезис «" + next.thesis.title + "»)"));
      } else {
        p.appendChild(el("a", { href: KB.siteUrl(next.thesis.url) }, "«" + next.thesis.title + "»"));
        if (next.s.answered) p.appendChild(document.createTextNode(" — тест: " + next.s.correct + " из " + next.s.total + " верно"));
      }
      if (started) p.appendChild(document.createTextNode(". Сдано тезисов: " + done + " из " + items.length + "."));
    }
    box.appendChild(p);
  }
  KB.progress.renderContinue = renderContinue;
})();
