/* Прогресс по курсу: отметка «прочитано» на странице тезиса, галочка в навигации у
 * тезисов со сданным тестом и страница «Мой прогресс» (data-kb-progress):
 * таблица по тезисам, «Сбросить всё», выгрузка в файл и загрузка из файла.
 *
 * Тест тезиса сдан, когда отвечены все вопросы и верных не меньше pass_mark (80%).
 */
(function () {
  "use strict";
  var VISITED = KB.PREFIX + "visited";
  var FINAL = KB.PREFIX + "final";
  var FORMAT = "kb-progress";
  var FORMAT_VERSION = 1;

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* Чтение с учётом порчи: problems получает русское объяснение, данные не роняют страницу. */
  function safeRead(key, what, problems) {
    try {
      var value = KB.readJSON(key);
      if (value === null) return null;
      if (typeof value !== "object" || Array.isArray(value)) throw new Error("не объект");
      return value;
    } catch (e) {
      problems.push("Не удалось прочитать " + what + ": сохранённые данные повреждены или от старой версии курса. Они не учтены.");
      return null;
    }
  }

  function thesisStatus(course, thesis, problems) {
    var visited = safeRead(VISITED, "отметки о прочитанных тезисах", problems) || {};
    var answers = safeRead(KB.quizKey(thesis.url), "ответы теста «" + thesis.title + "»", problems) || {};
    var answered = 0;
    var correct = 0;
    thesis.quiz.forEach(function (q) {
      var a = answers[q.id];
      if (a && a.answered === true) answered++;
      if (a && a.correct === true) correct++;
    });
    var total = thesis.quiz.length;
    var checklists = thesis.checklists.map(function (cl) {
      var state = safeRead(KB.PREFIX + "checklist:" + KB.normalize(cl.url), "отметки чек-листа «" + cl.title + "»", problems) || {};
      var ticked = cl.items.filter(function (id) { return state[id] === true; }).length;
      return { title: cl.title, url: cl.url, ticked: ticked, total: cl.items.length };
    });
    return {
      visited: typeof visited[thesis.id] === "string" ? visited[thesis.id] : null,
      answered: answered,
      correct: correct,
      total: total,
      passed: total > 0 && answered === total && correct / total >= course.pass_mark,
      checklists: checklists,
    };
  }

  function markVisited() {
    var mark = document.querySelector("[data-kb-thesis]");
    if (!mark) return;
    var visited = {};
    try {
      var saved = KB.readJSON(VISITED);
      if (saved && typeof saved === "object" && !Array.isArray(saved)) visited = saved;
    } catch (e) { /* испорченные отметки перезапишем целыми */ }
    if (!visited[mark.dataset.kbThesis]) {
      visited[mark.dataset.kbThesis] = today();
      try { KB.writeJSON(VISITED, visited); } catch (e) { /* хранилище недоступно */ }
    }
  }

  function markNavigation(course) {
    var problems = [];
    var passed = {};
    course.theses.forEach(function (t) {
      if (thesisStatus(course, t, problems).passed) passed[KB.siteUrl(t.url)] = t.title;
    });
    document.querySelectorAll("a.md-nav__link[href]").forEach(function (a) {
      var href = new URL(a.getAttribute("href"), location.href).href.replace(/index\.html$/, "");
      if (!passed[href] || a.querySelector(".kb-nav-passed")) return;
      var mark = document.createElement("span");
      mark.className = "kb-nav-passed";
      mark.title = "Тест сдан";
      var icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = "✓";
      var text = document.createElement("span");
      text.className = "kb-sr-only";
      text.textContent = "тест сдан";
      mark.appendChild(icon);
      mark.appendChild(text);
      (a.querySelector(".md-ellipsis") || a).appendChild(mark);
    });
  }

  /* ---------- страница «Мой прогресс» ---------- */

  var el = KB.el;

  function renderProgress(root, course) {
    root.textContent = "";
    var problems = [];
    var statuses = course.theses.map(function (t) { return thesisStatus(course, t, problems); });
    var passedCount = statuses.filter(function (s) { return s.passed; }).length;
    var percent = course.theses.length ? Math.round((passedCount / course.theses.length) * 100) : 0;

    var summary = el("p", { "class": "kb-progress__summary", "data-kb-summary": "" });
    summary.appendChild(el("strong", {}, "Тема пройдена на " + percent + "%"));
    summary.appendChild(document.createTextNode(": тест сдан в " + passedCount + " из " + course.theses.length + " тезисов."));
    root.appendChild(summary);
    var bar = el("progress", { max: "100", value: String(percent), "aria-label": "Тема пройдена на " + percent + "%" });
    bar.className = "kb-progress__bar";
    root.appendChild(bar);

    var table = el("table", { "class": "kb-progress__table" });
    var caption = el("caption", {}, "Прогресс по тезисам");
    table.appendChild(caption);
    var head = el("tr");
    ["Тезис", "Прочитан", "Чек-листы", "Тест"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    course.theses.forEach(function (t, i) {
      var s = statuses[i];
      var row = el("tr", { "data-kb-row": t.id });
      var name = el("th", { scope: "row" });
      name.appendChild(el("a", { href: KB.siteUrl(t.url) }, t.title));
      row.appendChild(name);
      row.appendChild(el("td", {}, s.visited ? "да, " + s.visited.split("-").reverse().join(".") : "нет"));
      var cl = el("td");
      s.checklists.forEach(function (c) {
        var line = el("div");
        line.appendChild(el("a", { href: KB.siteUrl(c.url) }, c.title));
        line.appendChild(document.createTextNode(": " + c.ticked + " из " + c.total));
        cl.appendChild(line);
      });
      row.appendChild(cl);
      var quiz = s.answered === 0 ? "не начат"
        : s.correct + " из " + s.total + " верно" + (s.answered < s.total ? " (отвечено " + s.answered + ")" : "")
          + (s.passed ? " — сдан" : "");
      row.appendChild(el("td", { "data-kb-quiz": t.id }, quiz));
      body.appendChild(row);
    });
    table.appendChild(body);
    root.appendChild(table);

    var final = safeRead(FINAL, "результат итогового теста", problems);
    var finalP = el("p", { "data-kb-final-result": "" });
    if (final && typeof final.percent === "number") {
      finalP.textContent = "Итоговый тест: " + final.percent + "% (" + (final.passed ? "сдан" : "не сдан") + ")"
        + (final.date ? ", " + final.date : "") + ".";
    } else {
      finalP.textContent = "Итоговый тест ещё не пройден.";
    }
    root.appendChild(finalP);

    if (problems.length) {
      var box = el("div", { "class": "admonition warning", role: "alert", "data-kb-problems": "" });
      box.appendChild(el("p", { "class": "admonition-title" }, "Часть сохранённых данных не прочитана"));
      var ul = el("ul");
      problems.filter(function (p, i) { return problems.indexOf(p) === i; })
        .forEach(function (p) { ul.appendChild(el("li", {}, p)); });
      box.appendChild(ul);
      root.appendChild(box);
    }
    root.appendChild(tools(root, course));
  }

  function tools(root, course) {
    var wrap = el("div", { "class": "kb-progress__tools" });
    var status = el("p", { role: "status", "aria-live": "polite", "data-kb-status": "" });

    var exportBtn = el("button", { type: "button", "class": "md-button md-button--primary" }, "Выгрузить прогресс в файл");
    exportBtn.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(exportData(), null, 2)], { type: "application/json" });
      var a = el("a", { href: URL.createObjectURL(blob), download: "progress-" + today() + ".json" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = "Файл с прогрессом сохранён.";
    });

    var label = el("label", { "for": "kb-import", "class": "md-button" }, "Загрузить прогресс из файла");
    var input = el("input", { type: "file", id: "kb-import", accept: ".json,application/json", "class": "kb-sr-only" });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var result = importText(text);
        renderProgress(root, course);
        root.querySelector("[data-kb-status]").textContent = result;
        markNavigation(course);
      });
    });

    var resetBtn = el("button", { type: "button", "class": "md-button" }, "Сбросить всё");
    resetBtn.addEventListener("click", function () {
      if (!window.confirm("Стереть весь прогресс по курсу в этом браузере: отметки, ответы тестов и итоговый тест? Сначала можно выгрузить его в файл.")) return;
      KB.ownKeys().forEach(function (k) { localStorage.removeItem(k); });
      renderProgress(root, course);
      root.querySelector("[data-kb-status]").textContent = "Прогресс стёрт.";
    });

    wrap.appendChild(exportBtn);
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(resetBtn);
    wrap.appendChild(status);
    return wrap;
  }

  /* Ключи тестов mkdocs-quiz содержат путь сайта; в файле — путь от корня сайта,
   * чтобы прогресс переезжал и на сайт по другому адресу. */
  function exportData() {
    var entries = {};
    var rootPath = KB.rootUrl().pathname;
    KB.ownKeys().forEach(function (k) {
      var raw = localStorage.getItem(k);
      var value;
      try { value = JSON.parse(raw); } catch (e) { return; /* повреждённое не выгружаем */ }
      if (k.indexOf(KB.QUIZ_PREFIX) === 0) {
        var path = k.slice(KB.QUIZ_PREFIX.length);
        if (path.indexOf(rootPath) !== 0) return;
        entries["quiz:" + KB.normalize(path.slice(rootPath.length))] = value;
      } else {
        entries[k] = value;
      }
    });
    return { format: FORMAT, version: FORMAT_VERSION, course: "Клиентский сервис ассистента", exported: new Date().toISOString(), entries: entries };
  }

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  /* Проверяет весь файл до записи; пишет всё или ничего. Возвращает сообщение для ученика. */
  function importText(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return "Файл не загружен: это не JSON. Выбери файл, который выгрузила кнопка «Выгрузить прогресс в файл». Прогресс не изменён.";
    }
    if (!isObject(data) || data.format !== FORMAT) {
      return "Файл не загружен: это не файл прогресса этого курса. Прогресс не изменён.";
    }
    if (data.version !== FORMAT_VERSION) {
      return "Файл не загружен: он из другой версии курса (версия " + data.version + ", нужна " + FORMAT_VERSION + "). Прогресс не изменён.";
    }
    if (!isObject(data.entries)) {
      return "Файл не загружен: в нём нет записей прогресса. Прогресс не изменён.";
    }
    var writes = [];
    var keys = Object.keys(data.entries);
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      var v = data.entries[k];
      var why = checkEntry(k, v);
      if (why) return "Файл не загружен: запись «" + k + "» " + why + ". Прогресс не изменён.";
      var target = k.indexOf("quiz:") === 0 ? KB.quizKey(k.slice(5)) : k;
      writes.push([target, JSON.stringify(v)]);
    }
    var backup = {};
    writes.forEach(function (w) { backup[w[0]] = localStorage.getItem(w[0]); });
    try {
      writes.forEach(function (w) { localStorage.setItem(w[0], w[1]); });
    } catch (e) {
      Object.keys(backup).forEach(function (k) {
        if (backup[k] === null) localStorage.removeItem(k);
        else localStorage.setItem(k, backup[k]);
      });
      return "Файл не загружен: браузер не дал сохранить данные (" + e.name + "). Прогресс не изменён.";
    }
    return "Прогресс загружен из файла: записей — " + writes.length + ".";
  }

  function checkEntry(k, v) {
    if (!isObject(v)) return "повреждена (ожидался объект)";
    if (k.indexOf("quiz:") === 0) {
      if (/^\/|\.\./.test(k.slice(5))) return "содержит недопустимый путь";
      for (var q in v) {
        if (!isObject(v[q]) || typeof v[q].answered !== "boolean" || typeof v[q].correct !== "boolean") {
          return "повреждена (ответ на вопрос без полей answered и correct)";
        }
      }
      return "";
    }
    if (k === VISITED || k === FINAL) return "";
    if (k.indexOf(KB.PREFIX + "checklist:") === 0) {
      for (var id in v) if (v[id] !== true) return "повреждена (отметка чек-листа не true)";
      return "";
    }
    return "неизвестна этому курсу";
  }

  /* Главная: где ученик остановился и что дальше. */
  function renderContinue(box, course) {
    var problems = [];
    var statuses = course.theses.map(function (t) { return thesisStatus(course, t, problems); });
    var next = course.theses.findIndex(function (t, i) { return !statuses[i].passed; });
    var started = statuses.some(function (s) { return s.visited || s.answered; });
    box.textContent = "";
    var p = el("span");
    if (next === -1 && course.final_url) {
      p.appendChild(document.createTextNode("Тесты всех тезисов сданы. "));
      p.appendChild(el("a", { href: KB.siteUrl(course.final_url) }, "Пройди итоговый тест"));
    } else if (next !== -1) {
      var t = course.theses[next];
      var s = statuses[next];
      p.appendChild(el("strong", {}, started ? "Продолжи: " : "Начни с первого тезиса: "));
      p.appendChild(el("a", { href: KB.siteUrl(t.url) }, "«" + t.title + "»"));
      if (s.answered) p.appendChild(document.createTextNode(" — тест: " + s.correct + " из " + s.total + " верно"));
      var done = statuses.filter(function (x) { return x.passed; }).length;
      if (started) p.appendChild(document.createTextNode(". Сдано тестов: " + done + " из " + course.theses.length + "."));
    }
    box.appendChild(p);
  }


  KB.onPage(function () {
    markVisited();
    var course = KB.course();
    if (!course) return;
    markNavigation(course);
    var root = document.querySelector("[data-kb-progress]");
    if (root) renderProgress(root, course);
    var box = document.querySelector("[data-kb-continue]");
    if (box) renderContinue(box, course);
  });
})();
