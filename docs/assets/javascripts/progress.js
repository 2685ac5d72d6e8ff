/* Прогресс по курсу на каждой странице: отметка «прочитано» на странице тезиса, отметки в меню
 * (тезис сдан, тезис обновлён после прочтения), статус тезиса и темы для модулей страниц
 * (KB.progress). Страницу «Мой прогресс» рисует её модуль progress-page.js, «Продолжи» на
 * главной — home.js: refresh() зовёт их, когда данные изменились (и в другой вкладке).
 *
 * Правила — в ядре (KB.core): тезис сдан, когда сдан его тест и, если у тезиса есть тренажёр
 * разговора, сдан «Зачёт» тренажёра; слияние при загрузке файла — KB.core.mergeRecord.
 * Статус считается по данным тем, загруженным на странице (KB.loadedTopics()).
 */
(function () {
  "use strict";
  var core = KB.core;
  var el = KB.el;

  function passMark(course) { return course.pass_mark; }

  /* Статус тезиса по хранилищу этого браузера (problems — куда сказать о порче). */
  function thesisStatus(course, thesis, problems) {
    var src = KB.source();
    var s = core.thesisStatus(thesis, src, passMark(course));
    if (problems) src.problems.forEach(function (p) { problems.push(p); });
    return s;
  }

  function topicStatus(course, topic, problems) {
    var src = KB.source();
    var s = core.topicStatus(topic, src, passMark(course));
    if (problems) src.problems.forEach(function (p) { problems.push(p); });
    return s;
  }

  /* «Прочитан» — когда ученик дошёл до конца тезиса: заголовок «Итог» целиком показался на
   * экране или остался выше (ученик перескочил к тесту). Открыть страницу — ещё не прочитать.
   * День — по часам ученика (KB.core.localDay). Перечитанный после обновления тезис получает
   * новую дату прочтения, и отметка «обновлено» исчезает. */
  function markVisited() {
    if (markVisited.observer) markVisited.observer.disconnect();
    markVisited.observer = null;
    var mark = document.querySelector("[data-kb-thesis]");
    if (!mark) return;
    var id = mark.dataset.kbThesis;
    var updated = mark.dataset.kbUpdated || "";
    var save = function () {
      KB.update(KB.KEYS.visited, function (visited) {
        var day = core.localDay();
        if (!visited[id] || (updated && visited[id] < updated)) visited[id] = day;
        return visited;
      }, "отметка «тезис прочитан»");
      refresh();
    };
    var headings = document.querySelectorAll("article h2[id]");
    var end = document.getElementById("итог") || headings[headings.length - 1];
    if (!end || !window.IntersectionObserver) return save();
    /* корень наблюдения продлён далеко вверх: «пересёк низ экрана» = показался или уже выше */
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      observer.disconnect();
      save();
    }, { rootMargin: "1000000px 0px 0px 0px", threshold: 1 });
    observer.observe(end);
    markVisited.observer = observer;
  }

  function navMark(cls, symbol, text) {
    var mark = el("span", { "class": cls, title: text });
    mark.appendChild(el("span", { "aria-hidden": "true" }, symbol));
    mark.appendChild(el("span", { "class": "kb-sr-only" }, text));
    return mark;
  }

  function markNavigation(course) {
    var passed = {};
    var updated = {};
    KB.loadedTopics().forEach(function (topic) {
      topic.theses.forEach(function (t) {
        var s = thesisStatus(course, t);
        if (s.passed) passed[KB.siteUrl(t.url)] = true;
        if (s.updated) updated[KB.siteUrl(t.url)] = true;
      });
    });
    document.querySelectorAll("a.md-nav__link[href]").forEach(function (a) {
      var href = new URL(a.getAttribute("href"), location.href).href.replace(/index\.html$/, "");
      var box = a.querySelector(".md-ellipsis") || a;
      [["kb-nav-passed", passed, "✓", "тезис сдан"], ["kb-nav-updated", updated, "●", "обновлено после твоего прочтения"]]
        .forEach(function (m) {
          var have = a.querySelector("." + m[0]);
          if (!m[1][href]) { if (have) have.remove(); return; }
          if (!have) box.appendChild(navMark(m[0], m[2], m[3]));
        });
    });
  }

  function refresh() {
    var course = KB.course();
    if (!course) return;
    markNavigation(course);
    var root = document.querySelector("[data-kb-progress]");
    /* имя, которое ученик сейчас набирает, не перерисовываем из-под рук */
    if (root && KB.progress.render && document.activeElement !== document.getElementById("kb-learner-name")) {
      KB.progress.render(root, course);
    }
    var box = document.querySelector("[data-kb-continue]");
    if (box && KB.progress.renderContinue) KB.progress.renderContinue(box, course);
  }

  /* render («Мой прогресс», progress-page.js) и renderContinue («Продолжи» на главной, home.js)
   * дописывают модули своих страниц */
  KB.progress = { thesisStatus: thesisStatus, topicStatus: topicStatus, refresh: refresh };

  KB.onPage(function () {
    markVisited();
    refresh();
  });
  /* Ответ в тесте этой страницы: галочка в меню появляется сразу (mkdocs-quiz пишет в хранилище сам). */
  document.addEventListener("submit", function (e) {
    if (e.target.closest && e.target.closest(".quiz")) setTimeout(refresh, 0);
  }, true);
  /* Открытый «Мой прогресс» и галочки обновляются, когда ученик работает в другой вкладке. */
  KB.onStorage(function () { refresh(); });
})();
