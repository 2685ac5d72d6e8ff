/* Главная: сколько пройдено по каждой теме — полоса и «сдано тестов N из M» в
 * [data-kb-dashboard-progress]. «Продолжи» на той же странице рисует progress.js
 * ([data-kb-continue]); статус тезиса считает он же (KB.progress.topicStatus), здесь только вывод.
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

  function refresh() {
    var box = document.querySelector("[data-kb-dashboard-progress]");
    if (box) render(box);
  }

  KB.onPage(refresh);
  KB.onStorage(refresh);
})();
