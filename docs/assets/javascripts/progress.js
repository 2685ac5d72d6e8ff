/* Прогресс по курсу: отметка «прочитано» на странице тезиса, галочка в навигации у
 * тезисов со сданным тестом и страница «Мой прогресс» (data-kb-progress): разделы →
 * темы → тезисы, готовность темы и раздела, выгрузка в файл и загрузка из файла.
 *
 * Тест тезиса сдан, когда отвечены все вопросы и верных не меньше pass_mark.
 * Статус считается по данным тем, загруженным на странице (KB.loadedTopics()).
 */
(function () {
  "use strict";
  var FORMAT = "kb-progress";
  var FORMAT_VERSION = 1;
  var el = KB.el;
  var isObject = KB.isObject;

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* Чтение с учётом порчи: problems получает русское объяснение, данные не роняют страницу.
   * source(ключ) — другой источник записей вместо хранилища (файл ученика на «Результатах группы»). */
  function safeRead(key, what, problems, source) {
    try {
      var value = source ? source(key) : KB.read(key);
      if (value === null) return null;
      if (!isObject(value)) throw new Error("не объект");
      return value;
    } catch (e) {
      problems.push("Не удалось прочитать " + what + ": сохранённые данные повреждены или от старой версии курса. Они не учтены.");
      return null;
    }
  }

  function thesisStatus(course, thesis, problems, source) {
    var visited = safeRead(KB.KEYS.visited, "отметки о прочитанных тезисах", problems, source) || {};
    var answers = safeRead(KB.KEYS.quiz(thesis.url), "ответы теста «" + thesis.title + "»", problems, source) || {};
    var answered = 0;
    var correct = 0;
    thesis.quiz.forEach(function (id) {
      var a = answers[id];
      if (a && a.answered === true) answered++;
      if (a && a.correct === true) correct++;
    });
    var total = thesis.quiz.length;
    var checklists = thesis.checklists.map(function (cl) {
      var state = safeRead(KB.KEYS.checklist(cl.url), "отметки чек-листа «" + cl.title + "»", problems, source) || {};
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

  /* Тема: статусы тезисов и доля сданных. */
  function topicStatus(course, topic, problems, source) {
    var statuses = topic.theses.map(function (t) { return thesisStatus(course, t, problems, source); });
    var passed = statuses.filter(function (s) { return s.passed; }).length;
    return { topic: topic, statuses: statuses, passed: passed, total: topic.theses.length };
  }

  function percent(done, total) {
    return total ? Math.round((done / total) * 100) : 0;
  }

  /* «Прочитан» — когда ученик дошёл до конца тезиса: заголовок «Итог» целиком показался на
   * экране или остался выше (ученик перескочил к тесту). Открыть страницу — ещё не прочитать. */
  function markVisited() {
    if (markVisited.observer) markVisited.observer.disconnect();
    markVisited.observer = null;
    var mark = document.querySelector("[data-kb-thesis]");
    if (!mark) return;
    var id = mark.dataset.kbThesis;
    var save = function () {
      KB.update(KB.KEYS.visited, function (visited) {
        if (!visited[id]) visited[id] = today();
        return visited;
      }, "отметка «тезис прочитан»");
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

  function markNavigation(course) {
    var problems = [];
    var passed = {};
    KB.loadedTopics().forEach(function (topic) {
      topic.theses.forEach(function (t) {
        if (thesisStatus(course, t, problems).passed) passed[KB.siteUrl(t.url)] = t.title;
      });
    });
    document.querySelectorAll("a.md-nav__link[href]").forEach(function (a) {
      var href = new URL(a.getAttribute("href"), location.href).href.replace(/index\.html$/, "");
      var have = a.querySelector(".kb-nav-passed");
      if (!passed[href]) {
        if (have) have.remove();
        return;
      }
      if (have) return;
      var mark = el("span", { "class": "kb-nav-passed", title: "Тест сдан" });
      mark.appendChild(el("span", { "aria-hidden": "true" }, "✓"));
      mark.appendChild(el("span", { "class": "kb-sr-only" }, "тест сдан"));
      (a.querySelector(".md-ellipsis") || a).appendChild(mark);
    });
  }

  /* ---------- страница «Мой прогресс» ---------- */

  function readFinal(topicKey, problems) {
    return safeRead(KB.KEYS.final(topicKey), "результат итогового теста", problems);
  }

  function renderProgress(root, course) {
    root.textContent = "";
    var problems = [];
    var topics = KB.loadedTopics();
    var all = topics.map(function (t) { return topicStatus(course, t, problems); });
    var passed = all.reduce(function (n, s) { return n + s.passed; }, 0);
    var total = all.reduce(function (n, s) { return n + s.total; }, 0);

    var summary = el("p", { "class": "kb-progress__summary", "data-kb-summary": "" });
    summary.appendChild(el("strong", {}, "Курс пройден на " + percent(passed, total) + "%"));
    summary.appendChild(document.createTextNode(": тест сдан в " + passed + " из " + total + " тезисов."));
    root.appendChild(summary);

    course.sections.forEach(function (section) {
      var mine = all.filter(function (s) {
        return section.topics.some(function (t) { return t.key === s.topic.key; });
      });
      if (!mine.length) return;
      var sPassed = mine.reduce(function (n, s) { return n + s.passed; }, 0);
      var sTotal = mine.reduce(function (n, s) { return n + s.total; }, 0);
      var block = el("section", { "class": "kb-progress__section", "data-kb-section": section.key });
      var h2 = el("h2", {});
      h2.appendChild(el("a", { href: KB.siteUrl(section.url) }, section.title));
      block.appendChild(h2);
      block.appendChild(el("p", { "data-kb-section-summary": section.key },
        "Раздел пройден на " + percent(sPassed, sTotal) + "%: сдано " + sPassed + " из " + sTotal + " тезисов."));
      mine.forEach(function (status) { block.appendChild(topicBlock(course, status, problems)); });
      root.appendChild(block);
    });

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

  function topicBlock(course, status, problems) {
    var topic = status.topic;
    var wrap = el("div", { "class": "kb-progress__topic", "data-kb-topic": topic.key });
    var h3 = el("h3", {});
    h3.appendChild(el("a", { href: KB.siteUrl(topic.url) }, topic.title));
    wrap.appendChild(h3);
    var p = percent(status.passed, status.total);
    var line = el("p", { "class": "kb-progress__topic-summary", "data-kb-topic-summary": topic.key });
    line.appendChild(el("strong", {}, "Тема пройдена на " + p + "%"));
    line.appendChild(document.createTextNode(": тест сдан в " + status.passed + " из " + status.total + " тезисов."));
    wrap.appendChild(line);
    wrap.appendChild(el("progress", { max: "100", value: String(p), "class": "kb-progress__bar",
      "aria-label": "Тема «" + topic.title + "» пройдена на " + p + "%" }));

    var table = el("table", { "class": "kb-progress__table" });
    table.appendChild(el("caption", {}, "Тезисы темы «" + topic.title + "»"));
    var head = el("tr");
    ["Тезис", "Прочитан", "Чек-листы", "Тест"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    topic.theses.forEach(function (t, i) {
      var s = status.statuses[i];
      var row = el("tr", { "data-kb-row": t.id });
      var name = el("th", { scope: "row" });
      name.appendChild(el("a", { href: KB.siteUrl(t.url) }, t.title));
      row.appendChild(name);
      row.appendChild(el("td", {}, s.visited ? "да, " + s.visited.split("-").reverse().join(".") : "нет"));
      var cl = el("td");
      s.checklists.forEach(function (c) {
        var item = el("div");
        item.appendChild(el("a", { href: KB.siteUrl(c.url) }, c.title));
        item.appendChild(document.createTextNode(": " + c.ticked + " из " + c.total));
        cl.appendChild(item);
      });
      row.appendChild(cl);
      var quiz = s.answered === 0 ? "не начат"
        : s.correct + " из " + s.total + " верно" + (s.answered < s.total ? " (отвечено " + s.answered + ")" : "")
          + (s.passed ? " — сдан" : "");
      row.appendChild(el("td", { "data-kb-quiz": t.id }, quiz));
      body.appendChild(row);
    });
    table.appendChild(body);
    wrap.appendChild(table);

    var final = readFinal(topic.key, problems);
    var finalP = el("p", { "data-kb-final-result": topic.key });
    if (final && typeof final.percent === "number") {
      finalP.textContent = "Итоговый тест по теме: " + final.percent + "% (" + (final.passed ? "сдан" : "не сдан") + ")"
        + (final.date ? ", " + final.date : "") + ".";
      if (final.passed && status.passed < status.total) {
        finalP.textContent += " Тесты тезисов сданы не все (" + status.passed + " из " + status.total
          + "): итоговый тест проверяет выборку вопросов, а тесты тезисов — каждый тезис целиком.";
      }
    } else {
      finalP.textContent = "Итоговый тест по теме ещё не пройден.";
      if (course.final_url) {
        finalP.appendChild(document.createTextNode(" "));
        finalP.appendChild(el("a", { href: KB.siteUrl(course.final_url) + "#" + encodeURIComponent(topic.key) }, "Пройти"));
      }
    }
    wrap.appendChild(finalP);
    return wrap;
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
        var result = importText(text, function (question) { return window.confirm(question); });
        input.value = ""; /* тот же файл можно выбрать снова */
        renderProgress(root, course);
        root.querySelector("[data-kb-status]").textContent = result;
        markNavigation(course);
      });
    });

    var resetBtn = el("button", { type: "button", "class": "md-button" }, "Сбросить всё");
    resetBtn.addEventListener("click", function () {
      if (!window.confirm("Стереть весь прогресс по курсу в этом браузере: отметки, ответы тестов и итоговые тесты? Сначала можно выгрузить его в файл.")) return;
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

  /* Ключи тестов mkdocs-quiz содержат путь сайта; в файле — путь от корня сайта без index.html,
   * чтобы прогресс переезжал на сайт по другому адресу и в копию для file:// и обратно. */
  function exportData() {
    var entries = {};
    var rootPath = KB.rootUrl().pathname;
    KB.ownKeys().forEach(function (k) {
      var value;
      try { value = JSON.parse(localStorage.getItem(k)); } catch (e) { return; /* повреждённое не выгружаем */ }
      if (k.indexOf(KB.QUIZ_PREFIX) === 0) {
        var path = decodeURIComponent(k.slice(KB.QUIZ_PREFIX.length));
        var root = decodeURIComponent(rootPath);
        if (path.indexOf(root) !== 0) return;
        entries["quiz:" + KB.normalize(path.slice(root.length))] = value;
      } else {
        entries[k] = value;
      }
    });
    return { format: FORMAT, version: FORMAT_VERSION, course: "Клиентский сервис ассистента", exported: new Date().toISOString(), entries: entries };
  }

  /* Разбирает файл прогресса и проверяет его целиком: { data } или { why: почему он не годится }. */
  function parseFile(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { why: "это не JSON. Выбери файл, который выгрузила кнопка «Выгрузить прогресс в файл»" };
    }
    if (!isObject(data) || data.format !== FORMAT) return { why: "это не файл прогресса этого курса" };
    if (data.version !== FORMAT_VERSION) {
      return { why: "он из другой версии курса (версия " + data.version + ", нужна " + FORMAT_VERSION + ")" };
    }
    if (!isObject(data.entries)) return { why: "в нём нет записей прогресса" };
    var keys = Object.keys(data.entries);
    for (var i = 0; i < keys.length; i++) {
      var why = checkEntry(keys[i], data.entries[keys[i]]);
      if (why) return { why: "запись «" + keys[i] + "» " + why };
    }
    return { data: data };
  }

  /* Ключ хранилища для записи файла. */
  function storageKey(k) {
    return k.indexOf("quiz:") === 0 ? KB.KEYS.quiz(k.slice(5))
      : k === KB.LEGACY_FINAL && KB.topicList()[0] ? KB.KEYS.final(KB.topicList()[0].key)
      : k.indexOf(KB.PREFIX + "checklist:") === 0 ? KB.KEYS.checklist(k.slice((KB.PREFIX + "checklist:").length))
      : k;
  }

  /* Дата записи итогового теста: ISO или, в старых файлах, «дд.мм.гггг». */
  function recordTime(record) {
    var d = record && record.date;
    if (typeof d !== "string") return 0;
    var m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(d);
    return m ? Date.parse(m[3] + "-" + m[2] + "-" + m[1]) : (Date.parse(d) || 0);
  }

  /* Слияние одной записи: ничего не удаляем; при споре побеждает более новое или более полное.
   * Возвращает { value, added, replaced } — что попадёт в хранилище и сколько изменится. */
  function mergeEntry(key, local, incoming) {
    local = isObject(local) ? local : null;
    if (!local) return { value: incoming, added: Object.keys(incoming).length, replaced: 0, whole: true };
    var value = Object.assign({}, local);
    var added = 0;
    var replaced = 0;
    if (key.indexOf(KB.PREFIX + "final:") === 0 || key.indexOf(KB.PREFIX + "attempt:") === 0) {
      /* результат итогового теста: новее — тот, что сдан позже; начатую попытку здесь не трогаем */
      if (key.indexOf(KB.PREFIX + "final:") === 0 && recordTime(incoming) > recordTime(local)) {
        return { value: incoming, added: 0, replaced: 1 };
      }
      return { value: local, added: 0, replaced: 0 };
    }
    Object.keys(incoming).forEach(function (id) {
      var mine = local[id];
      var theirs = incoming[id];
      if (mine === undefined) {
        value[id] = theirs;
        added++;
      } else if (key === KB.KEYS.visited) {
        if (typeof theirs === "string" && theirs < mine) value[id] = theirs; /* прочитан — с самой ранней даты */
      } else if (isObject(mine) && isObject(theirs) && mine.answered !== true && theirs.answered === true) {
        value[id] = theirs; /* ответ из файла вместо неотвеченного здесь */
        replaced++;
      }
    });
    return { value: value, added: added, replaced: replaced };
  }

  /* План загрузки: что и как изменится. Ничего не пишет. */
  function importPlan(entries) {
    var plan = { writes: [], answers: 0, ticks: 0, visited: 0, finals: 0 };
    Object.keys(entries).forEach(function (k) {
      var key = storageKey(k);
      var local = null;
      try { local = KB.read(key); } catch (e) { local = null; /* испорченное заменим целым из файла */ }
      var m = mergeEntry(key, local, entries[k]);
      if (!m.added && !m.replaced) return;
      plan.writes.push([key, JSON.stringify(m.value)]);
      if (key.indexOf(KB.QUIZ_PREFIX) === 0) plan.answers += m.added + m.replaced;
      else if (key.indexOf(KB.PREFIX + "checklist:") === 0) plan.ticks += m.added;
      else if (key === KB.KEYS.visited) plan.visited += m.added;
      else if (key.indexOf(KB.PREFIX + "final:") === 0) plan.finals += 1;
    });
    return plan;
  }

  function planText(plan) {
    var parts = [];
    if (plan.answers) parts.push("ответов в тестах — " + plan.answers);
    if (plan.ticks) parts.push("отметок в чек-листах — " + plan.ticks);
    if (plan.visited) parts.push("прочитанных тезисов — " + plan.visited);
    if (plan.finals) parts.push("результатов итогового теста новее здешних — " + plan.finals);
    return "Из файла добавится: " + parts.join(", ") + ". Сохранённое в этом браузере не удалится: "
      + "где ответ есть и тут, и в файле, остаётся здешний (у итогового теста — более поздний).";
  }

  /* Проверяет весь файл, показывает, что изменится, и спрашивает; пишет всё или ничего. */
  function importText(text, ask) {
    var parsed = parseFile(text);
    if (parsed.why) return "Файл не загружен: " + parsed.why + ". Прогресс не изменён.";
    var plan = importPlan(parsed.data.entries);
    if (!plan.writes.length) return "В файле нет ничего нового для этого браузера. Прогресс не изменён.";
    var summary = planText(plan);
    if (ask && !ask(summary + "\n\nЗагрузить?")) return "Загрузка отменена. Прогресс не изменён.";
    var writes = plan.writes;
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
    return "Прогресс загружен из файла. " + summary;
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
    if (k === KB.KEYS.visited || k === KB.LEGACY_FINAL || k.indexOf(KB.PREFIX + "final:") === 0
      || k.indexOf(KB.PREFIX + "attempt:") === 0) return "";
    if (k.indexOf(KB.PREFIX + "checklist:") === 0) {
      for (var id in v) if (v[id] !== true) return "повреждена (отметка чек-листа не true)";
      return "";
    }
    return "неизвестна этому курсу";
  }

  /* Главная: где ученик остановился и что дальше — по всем темам курса. */
  function renderContinue(box, course) {
    var problems = [];
    var items = [];
    KB.loadedTopics().forEach(function (topic) {
      topic.theses.forEach(function (t) { items.push({ topic: topic, thesis: t, s: thesisStatus(course, t, problems) }); });
    });
    if (!items.length) return;
    var next = items.filter(function (x) { return !x.s.passed; })[0];
    var started = items.some(function (x) { return x.s.visited || x.s.answered; });
    var done = items.filter(function (x) { return x.s.passed; }).length;
    box.textContent = "";
    var p = el("span");
    if (!next && course.final_url) {
      p.appendChild(document.createTextNode("Тесты всех тезисов сданы. "));
      p.appendChild(el("a", { href: KB.siteUrl(course.final_url) }, "Пройди итоговый тест"));
    } else if (next) {
      p.appendChild(el("strong", {}, started ? "Продолжи: " : "Начни с первого тезиса: "));
      p.appendChild(el("a", { href: KB.siteUrl(next.thesis.url) }, "«" + next.thesis.title + "»"));
      if (next.s.answered) p.appendChild(document.createTextNode(" — тест: " + next.s.correct + " из " + next.s.total + " верно"));
      if (started) p.appendChild(document.createTextNode(". Сдано тестов: " + done + " из " + items.length + "."));
    }
    box.appendChild(p);
  }

  function refresh() {
    var course = KB.course();
    if (!course) return;
    markNavigation(course);
    var root = document.querySelector("[data-kb-progress]");
    if (root) renderProgress(root, course);
    var box = document.querySelector("[data-kb-continue]");
    if (box) renderContinue(box, course);
  }

  KB.progress = {
    thesisStatus: thesisStatus, topicStatus: topicStatus, exportData: exportData, checkEntry: checkEntry,
    parseFile: parseFile, storageKey: storageKey,
  };

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
