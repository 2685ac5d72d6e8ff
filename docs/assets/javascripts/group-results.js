/* «Результаты группы» (data-kb-group-results): руководитель кладёт на страницу файлы прогресса
 * учеников (их сохраняет «Выгрузить прогресс в файл» на «Мой прогресс») и видит таблицу: ученик,
 * сдано тезисов, итоговый тест по каждой теме (процент и дата), последняя активность. Таблица
 * упорядочивается по любому столбцу и скачивается в CSV для Excel.
 *
 * Файлы никуда не уходят: браузер читает их здесь же. Каждый файл проверяется так же, как при
 * загрузке прогресса (KB.core.parseProgress), и должен быть в UTF-8; негодный назван и пропущен.
 * Строка — ученик (имя из файла, KB.core.learnerKey), а не имя файла.
 */
(function () {
  "use strict";
  var el = KB.el;

  var core = KB.core;

  /* Строка таблицы из файла или { why } — почему файл пропущен. Правила — в ядре: файл
   * проверяется целиком (KB.core.parseProgress), тезис сдан по тому же правилу, что на «Мой прогресс». */
  function learner(fileName, bytes, course, topics) {
    var decoded = core.decodeUtf8(bytes);
    if (decoded.why) return { why: decoded.why };
    var parsed = core.parseProgress(decoded.text, core.courseIndex(topics));
    if (parsed.why) return { why: parsed.why };
    return core.learnerRow(fileName, parsed, topics, course.pass_mark);
  }

  /* Столбцы: заголовок, текст ячейки, значение для сортировки, ячейки CSV. */
  function columns(topics) {
    var one = topics.length === 1;
    var cols = [
      { title: "Ученик", text: function (r) { return r.named ? r.name : "без имени (файл «" + r.file + "»)"; },
        key: function (r) { return (r.named ? r.name : "я" + r.file).toLocaleLowerCase("ru"); },
        csv: ["Ученик", "Файл"], cells: function (r) { return [r.named ? r.name : "без имени", r.file]; } },
      { title: "Тезисов сдано", text: function (r) { return r.passed + " из " + r.total; }, key: function (r) { return r.passed; },
        csv: ["Тезисов сдано", "Тезисов всего"], cells: function (r) { return [r.passed, r.total]; } },
    ];
    topics.forEach(function (topic) {
      var about = one ? "" : " «" + topic.title + "»";
      var fin = function (r) { return r.finals[topic.key]; };
      var dlg = function (r) { return r.dialogues[topic.key] || { passed: 0, total: 0 }; };
      if (topic.theses.some(function (t) { return t.dialogue; })) {
        cols.push({
          title: "Тренажёры сданы" + about,
          text: function (r) { return dlg(r).passed + " из " + dlg(r).total; },
          key: function (r) { return dlg(r).passed; },
          csv: ["Тренажёры сданы" + about],
          cells: function (r) { return [dlg(r).passed]; },
        });
      }
      cols.push({
        title: "Итоговый тест" + about,
        text: function (r) { var f = fin(r); return f ? f.percent + "% — " + (f.passed ? "сдан" : "не сдан") : "не пройден"; },
        key: function (r) { var f = fin(r); return f ? f.percent : -1; },
        csv: ["Итоговый тест" + about + ", %", "Итоговый тест" + about + " сдан"],
        cells: function (r) { var f = fin(r); return f ? [f.percent, f.passed ? "да" : "нет"] : ["", ""]; },
      });
      cols.push({
        title: "Дата итогового теста" + about,
        text: function (r) { var f = fin(r); return f && core.dayText(f.time ? new Date(f.time).toISOString() : "") || "—"; },
        key: function (r) { var f = fin(r); return f && f.time ? f.time : -1; },
        csv: ["Дата итогового теста" + about],
        cells: function (r) { var f = fin(r); return [f && f.time ? core.dayText(new Date(f.time).toISOString()) : ""]; },
      });
    });
    var lastText = function (r) { return r.last ? core.dayText(new Date(r.last).toISOString()) : ""; };
    cols.push({ title: "Последняя активность", text: function (r) { return lastText(r) || "—"; },
      key: function (r) { return r.last || -1; },
      csv: ["Последняя активность"], cells: function (r) { return [lastText(r)]; } });
    return cols;
  }

  /* CSV для Excel с русскими настройками: UTF-8 с BOM, разделитель «;», строки через CRLF. */
  function csv(cols, rows) {
    var cell = core.csvCell; /* текст, похожий на формулу, Excel не выполнит */
    var lines = [[].concat.apply([], cols.map(function (c) { return c.csv; }))];
    rows.forEach(function (r) { lines.push([].concat.apply([], cols.map(function (c) { return c.cells(r); }))); });
    return "\ufeff" + lines.map(function (l) { return l.map(cell).join(";"); }).join("\r\n") + "\r\n";
  }

  function build(root, course, topics) {
    var rows = [];
    var cols = columns(topics);
    var sort = { col: -1, dir: 1 };
    root.textContent = "";

    var drop = el("div", { "class": "admonition note kb-group__drop", "data-kb-group-drop": "" });
    drop.appendChild(el("p", { "class": "admonition-title" }, "Файлы прогресса учеников"));
    drop.appendChild(el("p", {}, "Перетащи файлы сюда или выбери их кнопкой. Можно сразу несколько. "
      + "Строка — один ученик: два файла одного ученика (одно имя) сливаются, остаётся более поздний."));
    drop.appendChild(el("p", { "data-kb-group-trust": "" }, "Результаты здесь — то, что сообщил браузер ученика: файл можно "
      + "изменить вручную, а верные ответы есть в самом курсе. Там, где результат важен (аттестация), "
      + "используй курс в LMS (пакет SCORM): там оценку записывает LMS."));
    var tools = el("div", { "class": "kb-progress__tools" });
    var label = el("label", { "class": "md-button md-button--primary" }, "Выбрать файлы прогресса");
    var input = el("input", { type: "file", multiple: "", accept: ".json,application/json", "class": "kb-sr-only", "data-kb-group-input": "" });
    label.appendChild(input);
    var download = el("button", { type: "button", "class": "md-button", disabled: "" }, "Скачать таблицу (CSV)");
    var clear = el("button", { type: "button", "class": "md-button", disabled: "" }, "Очистить таблицу");
    [label, download, clear].forEach(function (b) { tools.appendChild(b); });
    drop.appendChild(tools);
    root.appendChild(drop);

    var status = el("p", { role: "status", "aria-live": "polite", "data-kb-group-status": "" });
    var errors = el("div", { role: "alert", "data-kb-group-errors": "" });
    var wrap = el("div", { "data-kb-group-table": "" });
    root.appendChild(status);
    root.appendChild(errors);
    root.appendChild(wrap);

    function render() {
      wrap.textContent = "";
      download.disabled = clear.disabled = !rows.length;
      if (!rows.length) {
        wrap.appendChild(el("p", {}, "Пока нет ни одного файла: таблица появится, когда ты добавишь файлы учеников."));
        return;
      }
      var table = el("table", { "class": "kb-progress__table kb-group__table" });
      table.appendChild(el("caption", {}, "Ученики: " + rows.length + ". Тезисов в курсе: " + rows[0].total
        + ". Тест сдан при " + Math.round(course.pass_mark * 100) + "% верных. Нажми на заголовок столбца, чтобы упорядочить."));
      var head = el("tr");
      cols.forEach(function (c, i) {
        var th = el("th", { scope: "col" });
        if (sort.col === i) th.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
        var btn = el("button", { type: "button", "class": "kb-group__sort", "data-kb-sort": String(i) });
        btn.appendChild(document.createTextNode(c.title));
        btn.appendChild(el("span", { "aria-hidden": "true" }, sort.col === i ? (sort.dir > 0 ? " ▲" : " ▼") : " ↕"));
        btn.addEventListener("click", function () {
          sort.dir = sort.col === i ? -sort.dir : 1;
          sort.col = i;
          render();
          wrap.querySelector('[data-kb-sort="' + i + '"]').focus();
        });
        th.appendChild(btn);
        head.appendChild(th);
      });
      table.appendChild(el("thead")).appendChild(head);
      var body = el("tbody");
      ordered().forEach(function (r) {
        var tr = el("tr", { "data-kb-group-row": r.file, "data-kb-group-learner": core.learnerKey(r) });
        cols.forEach(function (c, i) { tr.appendChild(el(i ? "td" : "th", i ? {} : { scope: "row" }, c.text(r))); });
        body.appendChild(tr);
      });
      table.appendChild(body);
      wrap.appendChild(table);
    }

    /* Строки в порядке сортировки; при равенстве — в порядке добавления. */
    function ordered() {
      if (sort.col < 0) return rows.slice();
      var key = cols[sort.col].key;
      return rows.map(function (r, i) { return { r: r, i: i, k: key(r) }; }).sort(function (a, b) {
        var d = typeof a.k === "string" ? a.k.localeCompare(b.k, "ru") : a.k - b.k;
        return d * sort.dir || a.i - b.i;
      }).map(function (x) { return x.r; });
    }

    function add(files) {
      files = [].slice.call(files || []);
      if (!files.length) return;
      status.textContent = "Читаю файлы…";
      Promise.all(files.map(function (f) {
        return f.arrayBuffer().then(function (bytes) { return { name: f.name, bytes: bytes }; },
          function () { return { name: f.name, bytes: null }; });
      })).then(function (got) {
        var added = 0;
        var merged = 0;
        var bad = [];
        got.forEach(function (g) {
          var r = g.bytes === null ? { why: "браузер не смог его прочитать" } : learner(g.name, g.bytes, course, topics);
          if (r.why) {
            bad.push("Файл «" + g.name + "» пропущен: " + r.why + ".");
            return;
          }
          /* строка — ученик: файлы одного ученика сливаются (остаётся более поздний), а не файлы одного имени */
          var same = rows.map(core.learnerKey).indexOf(core.learnerKey(r));
          if (same !== -1) {
            rows[same] = core.newerRow(rows[same], r);
            merged++;
          } else {
            rows.push(r);
          }
          added++;
        });
        errors.textContent = "";
        if (bad.length) {
          var box = el("div", { "class": "admonition warning" });
          box.appendChild(el("p", { "class": "admonition-title" }, "Не все файлы добавлены"));
          var ul = el("ul");
          bad.forEach(function (b) { ul.appendChild(el("li", { "data-kb-group-error": "" }, b)); });
          box.appendChild(ul);
          errors.appendChild(box);
        }
        status.textContent = "Добавлено файлов: " + added + (merged ? " (из них слито с уже добавленным учеником: " + merged + ")" : "")
          + (bad.length ? ", пропущено: " + bad.length : "") + ". Учеников в таблице: " + rows.length + ".";
        render();
      });
    }

    input.addEventListener("change", function () {
      add(input.files);
      input.value = "";
    });
    download.addEventListener("click", function () {
      var blob = new Blob([csv(cols, ordered())], { type: "text/csv;charset=utf-8" });
      var a = el("a", { href: URL.createObjectURL(blob), download: "rezultaty-gruppy-" + new Date().toISOString().slice(0, 10) + ".csv" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = "Таблица сохранена в файл CSV.";
    });
    clear.addEventListener("click", function () {
      rows = [];
      errors.textContent = "";
      status.textContent = "Таблица очищена.";
      render();
      input.focus();
    });

    /* Файл, брошенный в любое место страницы, добавляется в таблицу, а не открывается вместо неё. */
    var highlight = function (on) { drop.style.outline = on ? ".2rem dashed var(--md-accent-fg-color)" : ""; };
    document.addEventListener("dragover", function (e) { e.preventDefault(); highlight(true); });
    document.addEventListener("dragleave", function (e) { if (!e.relatedTarget) highlight(false); });
    document.addEventListener("drop", function (e) {
      e.preventDefault();
      highlight(false);
      add(e.dataTransfer && e.dataTransfer.files);
    });
    render();
  }

  function mount() {
    var root = document.querySelector("[data-kb-group-results]");
    var course = KB.course();
    if (!root || !course || root.dataset.kbMounted) return;
    root.dataset.kbMounted = "1";
    root.textContent = "Загружаю данные курса…";
    Promise.all(KB.topicList().map(function (t) { return KB.load(t.key, "data"); })).then(function (topics) {
      build(root, course, topics.filter(Boolean));
    }, function () {
      root.textContent = "Данные курса не загрузились. Обнови страницу; если не поможет — сообщи тому, кто ведёт курс.";
    });
  }

  KB.onPage(mount);
})();
