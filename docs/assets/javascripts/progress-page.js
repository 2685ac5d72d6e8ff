/* «Мой прогресс» (data-kb-progress): разделы → темы → тезисы, готовность темы и раздела, «Повторение»,
 * итоговый тест темы и лист результата; выгрузка прогресса в файл и загрузка из файла; «Сбросить всё».
 *
 * Модуль одной страницы (PAGE_MODULES в scripts/kb/sitebuild/state.py): статус тезиса и темы и
 * отметки в меню — в progress.js (он есть на каждой странице и зовёт KB.progress.render, когда
 * данные изменились, в том числе в другой вкладке); правила — в ядре (KB.core, обе части):
 * разбор файла — KB.core.parseProgress, слияние при загрузке — KB.core.mergeRecord.
 */
(function () {
  "use strict";
  var core = KB.core;
  var el = KB.el;

  function renderProgress(root, course) {
    var status = root.querySelector("[data-kb-status]");
    var said = status ? status.textContent : "";
    root.textContent = "";
    var problems = [];
    var topics = KB.loadedTopics();
    var all = topics.map(function (t) { return KB.progress.topicStatus(course, t, problems); });
    var passed = all.reduce(function (n, s) { return n + s.passed; }, 0);
    var total = all.reduce(function (n, s) { return n + s.total; }, 0);

    var summary = el("p", { "class": "kb-progress__summary", "data-kb-summary": "" });
    summary.appendChild(el("strong", {}, "Курс пройден на " + core.percent(passed, total) + "%"));
    summary.appendChild(document.createTextNode(": сдано " + passed + " из " + total + " тезисов."));
    root.appendChild(summary);
    var deckLine = deckSummaryLine(course);
    if (deckLine) root.appendChild(deckLine);

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
        "Раздел пройден на " + core.percent(sPassed, sTotal) + "%: сдано " + sPassed + " из " + sTotal + " тезисов."));
      mine.forEach(function (st) { block.appendChild(topicBlock(course, st, problems)); });
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
    if (said) root.querySelector("[data-kb-status]").textContent = said;
  }

  /* «Повторение: в повторении: N, выучено: M» — колода этого браузера (вопросы нынешнего курса). */
  function deckSummaryLine(course) {
    if (!course.review_url) return null;
    var ids = {};
    KB.loadedTopics().forEach(function (topic) {
      topic.theses.forEach(function (t) { t.quiz.forEach(function (q) { ids[q] = t.id; }); });
    });
    var s = core.deckSummary(core.fitDeck(KB.readObject(KB.KEYS.deck), ids).deck, Date.now());
    var p = el("p", { "class": "kb-progress__deck", "data-kb-deck-summary": "" });
    p.appendChild(el("a", { href: KB.siteUrl(course.review_url) }, "Повторение"));
    p.appendChild(document.createTextNode(": в повторении: " + s.total + ", выучено: " + s.learned
      + (s.due ? ", пора повторить: " + s.due : "") + "."));
    return p;
  }

  function dialogueText(d) {
    if (!d) return "—";
    if (d.stale) return "тренажёр изменился — пройди заново";
    if (!d.best) return "не пройден";
    return (d.passed ? "сдан" : "не сдан") + ", " + d.best.percent + "%";
  }

  function topicBlock(course, status, problems) {
    var topic = status.topic;
    var wrap = el("div", { "class": "kb-progress__topic", "data-kb-topic": topic.key });
    var h3 = el("h3", {});
    h3.appendChild(el("a", { href: KB.siteUrl(topic.url) }, topic.title));
    wrap.appendChild(h3);
    var p = core.percent(status.passed, status.total);
    var line = el("p", { "class": "kb-progress__topic-summary", "data-kb-topic-summary": topic.key });
    line.appendChild(el("strong", {}, "Тема пройдена на " + p + "%"));
    line.appendChild(document.createTextNode(": сдано " + status.passed + " из " + status.total + " тезисов."));
    wrap.appendChild(line);
    wrap.appendChild(el("progress", { max: "100", value: String(p), "class": "kb-progress__bar",
      "aria-label": "Тема «" + topic.title + "» пройдена на " + p + "%" }));

    var withDialogues = status.dialogues > 0;
    var table = el("table", { "class": "kb-progress__table" });
    table.appendChild(el("caption", {}, "Тезисы темы «" + topic.title + "»"));
    var head = el("tr");
    ["Тезис", "Прочитан", "Чек-листы", "Тест"].concat(withDialogues ? ["Тренажёр"] : [])
      .forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    topic.theses.forEach(function (t, i) {
      var s = status.statuses[i];
      var row = el("tr", { "data-kb-row": t.id });
      var name = el("th", { scope: "row" });
      name.appendChild(el("a", { href: KB.siteUrl(t.url) }, t.title));
      if (s.updated) {
        name.appendChild(el("span", { "class": "kb-updated", "data-kb-updated": t.id },
          "Обновлено после твоего прочтения (" + core.dayText(t.updated) + ")"));
      }
      row.appendChild(name);
      row.appendChild(el("td", {}, s.visited ? "да, " + core.dayText(s.visited) : "нет"));
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
          + (s.quizPassed ? " — сдан" : "");
      row.appendChild(el("td", { "data-kb-quiz": t.id }, quiz));
      if (withDialogues) {
        var td = el("td", { "data-kb-dialogue-result": t.id });
        if (s.dialogue) {
          td.appendChild(el("a", { href: KB.siteUrl(s.dialogue.url) }, dialogueText(s.dialogue)));
        } else {
          td.textContent = "—";
        }
        row.appendChild(td);
      }
      body.appendChild(row);
    });
    table.appendChild(body);
    wrap.appendChild(table);

    var final = KB.source().final(topic.key);
    var finalP = el("p", { "data-kb-final-result": topic.key });
    if (final && typeof final.percent === "number") {
      var date = core.dayText(final.date);
      finalP.textContent = "Итоговый тест по теме: " + final.percent + "% (" + (final.passed ? "сдан" : "не сдан") + ")"
        + (date ? ", " + date : "") + ".";
      if (final.passed && status.passed < status.total) {
        finalP.textContent += " Тезисов сдано не все (" + status.passed + " из " + status.total
          + "): итоговый тест проверяет выборку вопросов, а тесты и тренажёры тезисов — каждый тезис целиком.";
      }
      if (course.final_url) {
        finalP.appendChild(document.createTextNode(" "));
        finalP.appendChild(el("a", { href: KB.siteUrl(course.final_url) + "#" + encodeURIComponent("лист:" + topic.key),
          "data-kb-final-sheet-link": topic.key }, "Посмотреть лист результата"));
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

  /* Имя ученика для файла: сохранённое, иначе — из последнего итогового теста. */
  function learnerName() {
    var saved = KB.readObject(KB.KEYS.learner).name;
    if (typeof saved === "string" && saved.trim()) return saved;
    var named = KB.topicList().map(function (t) { return KB.source().final(t.key); })
      .filter(function (f) { return f && typeof f.name === "string" && f.name.trim(); })
      .sort(function (a, b) { return (core.parseTime(b.date) || 0) - (core.parseTime(a.date) || 0); });
    return named.length ? named[0].name : "";
  }

  function tools(root, course) {
    var wrap = el("div", { "class": "kb-progress__tools" });
    var status = el("p", { role: "status", "aria-live": "polite", "data-kb-status": "" });

    var nameRow = el("div", { "class": "kb-final__name kb-progress__name" });
    nameRow.appendChild(el("label", { "for": "kb-learner-name" }, "Имя и фамилия для файла прогресса"));
    var nameInput = el("input", { type: "text", id: "kb-learner-name", autocomplete: "name", maxlength: "120",
      "aria-describedby": "kb-learner-name-hint" });
    nameInput.value = learnerName();
    nameRow.appendChild(nameInput);
    nameRow.appendChild(el("p", { id: "kb-learner-name-hint", "class": "kb-fill__hint" },
      "По имени руководитель отличит твой файл от файлов коллег. Имя хранится только в этом браузере и в файле."));
    nameInput.addEventListener("input", function () {
      KB.update(KB.KEYS.learner, function () { return { name: nameInput.value.trim() }; }, "имя ученика");
    });

    var exportBtn = el("button", { type: "button", "class": "md-button md-button--primary" }, "Выгрузить прогресс в файл");
    exportBtn.addEventListener("click", function () {
      var name = nameInput.value.trim();
      if (!name) {
        status.textContent = "Впиши имя и фамилию: они попадут в файл и в его название.";
        nameInput.focus();
        return;
      }
      var blob = new Blob([JSON.stringify(exportData(name), null, 2)], { type: "application/json" });
      var a = el("a", { href: URL.createObjectURL(blob), download: core.exportFileName(name, core.localDay()) });
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = "Файл с прогрессом сохранён: " + a.getAttribute("download") + ".";
    });

    var label = el("label", { "for": "kb-import", "class": "md-button" }, "Загрузить прогресс из файла");
    var input = el("input", { type: "file", id: "kb-import", accept: ".json,application/json", "class": "kb-sr-only" });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.arrayBuffer().then(function (bytes) {
        var decoded = core.decodeUtf8(bytes);
        var result = decoded.why ? "Файл не загружен: " + decoded.why + ". Прогресс не изменён."
          : importText(decoded.text, function (question) { return window.confirm(question); });
        input.value = ""; /* тот же файл можно выбрать снова */
        renderProgress(root, course);
        root.querySelector("[data-kb-status]").textContent = result;
        KB.progress.refresh();
      });
    });

    var resetBtn = el("button", { type: "button", "class": "md-button" }, "Сбросить всё");
    resetBtn.addEventListener("click", function () {
      if (!window.confirm("Стереть весь прогресс по курсу в этом браузере: отметки, ответы тестов, тренажёры, итоговые тесты и повторение? Сначала можно выгрузить его в файл.")) return;
      KB.ownKeys().forEach(function (k) { localStorage.removeItem(k); });
      renderProgress(root, course);
      root.querySelector("[data-kb-status]").textContent = "Прогресс стёрт.";
    });

    wrap.appendChild(nameRow);
    wrap.appendChild(exportBtn);
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(resetBtn);
    wrap.appendChild(status);
    return wrap;
  }

  /* Ключи тестов mkdocs-quiz содержат путь сайта; в файле — путь от корня сайта без index.html,
   * чтобы прогресс переезжал на сайт по другому адресу и в копию для file:// и обратно. */
  function exportData(name) {
    var entries = {};
    var root = decodeURIComponent(KB.rootUrl().pathname);
    KB.ownKeys().forEach(function (k) {
      var kind = core.kindOf(k);
      if (!kind || kind.kind === "learner" || kind.kind === "fill") return;
      var value;
      try { value = JSON.parse(localStorage.getItem(k)); } catch (e) { return; /* повреждённое не выгружаем */ }
      if (kind.kind === "quiz") {
        var path = decodeURIComponent(kind.id);
        if (path.indexOf(root) !== 0) return;
        entries["quiz:" + core.normalize(path.slice(root.length))] = value;
      } else {
        entries[k] = value;
      }
    });
    return { format: core.FORMAT, version: core.FORMAT_VERSION, course: (KB.course() || {}).title || "",
      learner: name || "", exported: new Date().toISOString(), entries: entries };
  }

  /* Ключ хранилища для записи файла. */
  function storageKey(k) {
    var kind = core.fileKind(k);
    if (kind && kind.kind === "quiz") return KB.KEYS.quiz(kind.id);
    if (kind && kind.kind === "legacy-final" && KB.topicList()[0]) return KB.KEYS.final(KB.topicList()[0].key);
    if (kind && kind.kind === "checklist") return KB.KEYS.checklist(kind.id);
    return k;
  }

  function courseIndex() {
    return core.courseIndex(KB.loadedTopics());
  }

  /* Разбор файла с проверкой по этому курсу (KB.core.parseProgress). */
  function parseFile(text) {
    return core.parseProgress(text, courseIndex());
  }

  /* План загрузки: что и как изменится. Ничего не пишет. */
  function importPlan(entries) {
    var plan = { writes: [], answers: 0, ticks: 0, visited: 0, finals: 0, dialogues: 0, cards: 0 };
    Object.keys(entries).forEach(function (k) {
      var key = storageKey(k);
      var kind = core.kindOf(key).kind;
      var local = null;
      try { local = KB.read(key); } catch (e) { local = null; /* испорченное заменим целым из файла */ }
      var m = core.mergeRecord(kind, local, entries[k]);
      if (!m.added && !m.replaced) return;
      plan.writes.push([key, JSON.stringify(m.value)]);
      if (kind === "quiz") plan.answers += m.added + m.replaced;
      else if (kind === "checklist") plan.ticks += m.added;
      else if (kind === "visited") plan.visited += m.added;
      else if (kind === "final") plan.finals += 1;
      else if (kind === "dialogue") plan.dialogues += 1;
      else if (kind === "deck") plan.cards += m.added + m.replaced;
    });
    return plan;
  }

  function planText(plan, dropped) {
    var parts = [];
    if (plan.answers) parts.push("ответов в тестах — " + plan.answers);
    if (plan.ticks) parts.push("отметок в чек-листах — " + plan.ticks);
    if (plan.visited) parts.push("прочитанных тезисов — " + plan.visited);
    if (plan.dialogues) parts.push("результатов тренажёров лучше здешних — " + plan.dialogues);
    if (plan.finals) parts.push("результатов итогового теста новее здешних — " + plan.finals);
    if (plan.cards) parts.push("вопросов повторения — " + plan.cards);
    var text = "Из файла добавится: " + parts.join(", ") + ". Сохранённое в этом браузере не удалится: "
      + "где ответ есть и тут, и в файле, остаётся здешний (у итогового теста — более поздний, у тренажёра — лучший, у вопроса повторения — более позднее повторение).";
    if (dropped) text += " Записей, которых нет в этом курсе (не загрузятся): " + dropped + ".";
    return text;
  }

  /* Проверяет весь файл, показывает, что изменится, и спрашивает; пишет всё или ничего. */
  function importText(text, ask) {
    var parsed = parseFile(text);
    if (parsed.why) return "Файл не загружен: " + parsed.why + ". Прогресс не изменён.";
    var plan = importPlan(parsed.entries);
    if (!plan.writes.length) {
      return "В файле нет ничего нового для этого браузера. Прогресс не изменён."
        + (parsed.dropped ? " Записей, которых нет в этом курсе (не загружены): " + parsed.dropped + "." : "");
    }
    var summary = planText(plan, parsed.dropped);
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
    if (typeof parsed.data.learner === "string" && parsed.data.learner.trim() && !KB.readObject(KB.KEYS.learner).name) {
      KB.update(KB.KEYS.learner, function () { return { name: parsed.data.learner.trim() }; });
    }
    return "Прогресс загружен из файла. " + summary;
  }

  KB.progress.render = renderProgress;
  /* для тестов и консоли: выгрузка и загрузка без кнопок */
  KB.progress.exportData = exportData;
  KB.progress.parseFile = parseFile;
  KB.progress.storageKey = storageKey;
  KB.progress.importText = importText;
})();
