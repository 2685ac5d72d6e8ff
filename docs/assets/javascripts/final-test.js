/* «Итоговый тест» (data-kb-final-test): ученик выбирает тему; вопросы — из пула итогового теста
 * её тезисов, по final_per_thesis из каждого, новая выборка при каждой попытке, варианты ответов
 * перемешаны. Оценка — после отправки всего теста; проходной балл — pass_mark (KB.core).
 *
 * Начатая попытка (выбранные вопросы, порядок вариантов, ответы со временем, имя) хранится в
 * KB.KEYS.attempt(тема) и переживает перезагрузку и уход со страницы. Две вкладки одной попытки
 * сливают ответы по вопросу (KB.core.mergeAttempt): позднее изменение побеждает, другая вкладка
 * получает свежие ответы. Завершённая в одной вкладке попытка не воскресает в другой.
 * Результат — в KB.KEYS.final(тема): дата ISO, процент, верные по тезисам, начало попытки.
 * Лист результата открывается снова: «#лист:<тема>» в адресе или кнопкой на странице.
 * Разбор называет тезисы, которые стоит перечитать, а не верные ответы: пересдача — новый тест.
 */
(function () {
  "use strict";
  var core = KB.core;
  var el = KB.el;
  var SHEET = "лист:";

  /* Все вопросы темы по id: { id: { thesis, q } }. */
  function questionIndex(topic, final) {
    var index = {};
    topic.theses.forEach(function (t) {
      (final[t.id] || []).forEach(function (q) { index[q.id] = { thesis: t, q: q }; });
    });
    return index;
  }

  function mount() {
    var root = document.querySelector("[data-kb-final-test]");
    var course = KB.course();
    if (!root || !course) return;
    var topics = KB.topicList();
    var wanted = decodeURIComponent(location.hash.slice(1));
    var sheet = wanted.indexOf(SHEET) === 0;
    if (sheet) wanted = wanted.slice(SHEET.length);
    var chosen = topics.filter(function (t) { return t.key === wanted; })[0] || (topics.length === 1 ? topics[0] : null);
    picker(root, course, topics, chosen, sheet);
  }

  /* Выбор темы: радиокнопки по разделам. */
  function picker(root, course, topics, chosen, sheet) {
    root.textContent = "";
    var form = el("form", { "class": "kb-final__picker" });
    var fs = el("fieldset");
    fs.appendChild(el("legend", {}, "Тема итогового теста"));
    topics.forEach(function (t, i) {
      var row = el("div", { "class": "kb-final__answer" });
      var input = el("input", { type: "radio", name: "kb-topic", id: "kb-topic-" + i, value: t.key });
      if (chosen && chosen.key === t.key) input.checked = true;
      row.appendChild(input);
      row.appendChild(el("label", { "for": "kb-topic-" + i }, t.section.title + " → " + t.title + " (тезисов: " + t.theses + ")"));
      fs.appendChild(row);
      input.addEventListener("change", function () { open(root, course, t, false); });
    });
    form.appendChild(fs);
    root.appendChild(form);
    var area = el("div", { "data-kb-final-area": "" });
    root.appendChild(area);
    if (chosen) open(root, course, chosen, sheet);
  }

  function open(root, course, topicRef, sheet) {
    var area = root.querySelector("[data-kb-final-area]");
    area.textContent = "Загружаю вопросы…";
    var hash = (sheet ? SHEET : "") + topicRef.key;
    if (decodeURIComponent(location.hash.slice(1)) !== hash) history.replaceState(null, "", "#" + encodeURIComponent(hash));
    Promise.all([KB.load(topicRef.key, "data"), KB.load(topicRef.key, "final")]).then(function (got) {
      var ctx = { area: area, course: course, topic: got[0], final: got[1] };
      ctx.index = questionIndex(ctx.topic, ctx.final);
      var record = KB.source().final(ctx.topic.key);
      if (sheet && record) return showSheet(ctx, record, false);
      var saved = null;
      try { saved = KB.read(KB.KEYS.attempt(ctx.topic.key)); } catch (e) { saved = null; }
      var attempt = core.attemptFits(saved, ctx.index) && !core.attemptFinished(saved, record) ? saved : null;
      start(ctx, attempt);
    }, function () {
      area.textContent = "Вопросы темы не загрузились. Обнови страницу; если не поможет — сообщи тому, кто ведёт курс.";
    });
  }

  /* Записать попытку, слив с тем, что сохранила другая вкладка. Возвращает слитую попытку
   * или null, если попытка уже завершена (в другой вкладке). */
  function saveAttempt(ctx, attempt) {
    var record = KB.source().final(ctx.topic.key);
    if (core.attemptFinished(attempt, record)) return null;
    var merged = attempt;
    KB.update(KB.KEYS.attempt(ctx.topic.key), function (stored) {
      merged = core.mergeAttempt(core.attemptFits(stored, ctx.index) ? stored : null, attempt);
      return merged;
    }, "ответы итогового теста");
    return merged;
  }

  function start(ctx, attempt) {
    var area = ctx.area;
    var course = ctx.course;
    var topic = ctx.topic;
    area.textContent = "";
    var resumed = !!attempt;
    if (!attempt) {
      attempt = core.drawAttempt(topic, ctx.final, course.final_per_thesis, Date.now(), Math.random);
      attempt = saveAttempt(ctx, attempt) || attempt;
    }
    var record = KB.source().final(topic.key);
    if (record) {
      var again = el("p", { "data-kb-final-last": "" }, "Последний результат по теме: " + record.percent + "% ("
        + (record.passed ? "сдан" : "не сдан") + (core.dayText(record.date) ? ", " + core.dayText(record.date) : "") + "). ");
      var look = el("button", { type: "button", "class": "md-button", "data-kb-final-open-sheet": "" }, "Посмотреть лист результата");
      look.addEventListener("click", function () {
        history.replaceState(null, "", "#" + encodeURIComponent(SHEET + topic.key));
        showSheet(ctx, KB.source().final(topic.key), false);
      });
      again.appendChild(look);
      area.appendChild(again);
    }
    var notStudied = unstudied(course, topic);
    if (notStudied.length) {
      var warn = el("div", { "class": "admonition warning", "data-kb-final-unstudied": "" });
      warn.appendChild(el("p", { "class": "admonition-title" }, "Ещё не изучено тезисов: " + notStudied.length + " из " + topic.theses.length));
      var ul = el("ul");
      notStudied.forEach(function (t) {
        var li = el("li");
        li.appendChild(el("a", { href: KB.siteUrl(t.url) }, t.title));
        ul.appendChild(li);
      });
      warn.appendChild(ul);
      warn.appendChild(el("p", {}, "Тест можно пройти и сейчас, но лучше сначала прочитать эти тезисы, сдать их тесты и тренажёры."));
      area.appendChild(warn);
    }
    area.appendChild(el("p", { "class": "kb-final__intro" },
      "Тема «" + topic.title + "». Вопросов: " + attempt.questions.length + " — по " + course.final_per_thesis + " из каждого тезиса. "
      + "Ответь на все и нажми «Завершить тест». Тест сдан, если верных ответов не меньше "
      + Math.round(course.pass_mark * 100) + "%. Ответы сохраняются по ходу: можно уйти со страницы и вернуться."));
    if (resumed) area.appendChild(el("p", { "data-kb-final-resumed": "" }, "Продолжаем начатую попытку: твои ответы на месте."));
    var elsewhere = el("p", { role: "status", "class": "kb-final__elsewhere", "data-kb-final-elsewhere": "" });
    area.appendChild(elsewhere);

    var form = el("form", { "class": "kb-final__form", novalidate: "" });
    var nameRow = el("div", { "class": "kb-final__name" });
    nameRow.appendChild(el("label", { "for": "kb-final-name" }, "Имя и фамилия для листа результата"));
    var nameInput = el("input", { type: "text", id: "kb-final-name", autocomplete: "name", maxlength: "120" });
    nameInput.value = attempt.name || "";
    /* имя сохраняется по мере ввода: перезагрузка его не теряет */
    nameInput.addEventListener("input", function () {
      attempt.name = nameInput.value.trim();
      attempt.nameTime = Date.now();
      commit();
    });
    nameRow.appendChild(nameInput);
    form.appendChild(nameRow);

    attempt.questions.forEach(function (qid, i) {
      var item = ctx.index[qid];
      var fs = el("fieldset", { "class": "kb-final__q", "data-kb-q": qid });
      var legend = el("legend");
      legend.appendChild(el("span", { "class": "kb-final__num" }, "Вопрос " + (i + 1) + " из " + attempt.questions.length + ". "));
      var qtext = el("span", { "class": "kb-final__text" });
      qtext.innerHTML = item.q.html; /* текст вопроса собран из источника теста при сборке сайта (проверен валидатором) */
      legend.appendChild(qtext);
      fs.appendChild(legend);
      if (item.q.multiple) fs.appendChild(el("p", { "class": "kb-final__hint" }, "Несколько верных ответов."));
      var byId = {};
      item.q.answers.forEach(function (a) { byId[a.id] = a; });
      attempt.order[qid].forEach(function (aid, j) {
        var id = "kb-final-" + i + "-" + j;
        var row = el("div", { "class": "kb-final__answer" });
        var input = el("input", { type: item.q.multiple ? "checkbox" : "radio", name: "q" + i, id: id, value: aid });
        input.addEventListener("change", function () {
          attempt.picks[qid] = [].map.call(form.querySelectorAll('input[name="q' + i + '"]:checked'), function (x) { return x.value; });
          attempt.times = attempt.times || {};
          attempt.times[qid] = Date.now();
          commit();
        });
        var label = el("label", { "for": id });
        label.innerHTML = byId[aid].html;
        row.appendChild(input);
        row.appendChild(label);
        fs.appendChild(row);
      });
      form.appendChild(fs);
    });
    showPicks();

    var message = el("p", { "class": "kb-final__message", role: "alert", "data-kb-final-message": "" });
    var submit = el("button", { type: "submit", "class": "md-button md-button--primary" }, "Завершить тест");
    var restart = el("button", { type: "button", "class": "md-button" }, "Начать заново с новыми вопросами");
    restart.addEventListener("click", function () {
      stopWatching();
      KB.update(KB.KEYS.attempt(topic.key), function () { return null; });
      start(ctx, null);
    });
    form.appendChild(message);
    form.appendChild(submit);
    form.appendChild(restart);
    area.appendChild(form);

    /* Отметки формы — по попытке (после слияния с другой вкладкой). */
    function showPicks() {
      attempt.questions.forEach(function (qid, i) {
        var picked = attempt.picks[qid] || [];
        [].forEach.call(form.querySelectorAll('input[name="q' + i + '"]'), function (input) {
          input.checked = picked.indexOf(input.value) !== -1;
        });
      });
      if (document.activeElement !== nameInput) nameInput.value = attempt.name || "";
    }

    /* Попытка завершена в другой вкладке: здесь её больше не меняем, показываем результат. */
    function finishedElsewhere() {
      stopWatching();
      var record = KB.source().final(topic.key);
      showSheet(ctx, record, false);
      var note = el("p", { role: "status", "data-kb-final-finished-elsewhere": "" },
        "Эта попытка уже завершена в другой вкладке — вот её результат. Ответы здесь больше не меняются.");
      area.insertBefore(note, area.firstChild);
    }

    function commit() {
      var merged = saveAttempt(ctx, attempt);
      if (merged === null) return finishedElsewhere();
      attempt = merged;
    }

    function onStorage(e) {
      if (e.key !== KB.KEYS.attempt(topic.key) && e.key !== KB.KEYS.final(topic.key)) return;
      if (core.attemptFinished(attempt, KB.source().final(topic.key))) return finishedElsewhere();
      var stored = null;
      try { stored = KB.read(KB.KEYS.attempt(topic.key)); } catch (err) { stored = null; }
      if (!core.attemptFits(stored, ctx.index) || stored.started !== attempt.started) return;
      attempt = core.mergeAttempt(stored, attempt);
      showPicks();
      elsewhere.textContent = "Ответы изменились в другой вкладке — здесь они уже обновлены.";
    }
    function stopWatching() { window.removeEventListener("storage", onStorage); }
    window.addEventListener("storage", onStorage);
    if (start.watching) start.watching();
    start.watching = stopWatching;

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var unanswered = attempt.questions.filter(function (qid) { return !(attempt.picks[qid] || []).length; });
      if (unanswered.length) {
        message.textContent = "Без ответа вопросов: " + unanswered.length + ". Ответь на все, чтобы завершить тест.";
        form.querySelector('[data-kb-q="' + unanswered[0] + '"] input').focus();
        return;
      }
      attempt.name = nameInput.value.trim();
      stopWatching();
      finish(ctx, attempt);
    });
  }

  /* Тезисы темы, которые ученик ещё не прочитал и которые не сданы. */
  function unstudied(course, topic) {
    var src = KB.source();
    return topic.theses.filter(function (t) {
      var s = core.thesisStatus(t, src, course.pass_mark);
      return !s.visited && !s.passed;
    });
  }

  function finish(ctx, attempt) {
    var record = core.scoreAttempt(attempt, ctx.index, ctx.topic, ctx.course.pass_mark, Date.now());
    var saved = KB.update(KB.KEYS.final(ctx.topic.key), function () { return record; }, "результат итогового теста");
    if (saved) KB.update(KB.KEYS.attempt(ctx.topic.key), function () { return null; });
    history.replaceState(null, "", "#" + encodeURIComponent(SHEET + ctx.topic.key));
    showSheet(ctx, record, true);
  }

  /* Лист результата по записи темы: сразу после теста или позже, по ссылке. */
  function showSheet(ctx, record, fresh) {
    var area = ctx.area;
    var course = ctx.course;
    var topic = ctx.topic;
    area.textContent = "";
    var per = {};
    (record.theses || []).forEach(function (t) { per[t.id] = t; });
    var sheet = el("section", { "class": "kb-final-sheet", "data-kb-final-sheet": "", "aria-labelledby": "kb-final-sheet-title" });
    sheet.appendChild(el("h2", { id: "kb-final-sheet-title" }, "Результат итогового теста"));
    sheet.appendChild(el("p", { "class": "kb-final-sheet__course" },
      "Курс «" + course.title + "» — раздел «" + topic.section + "», тема «" + topic.title + "»"));
    var meta = el("dl", { "class": "kb-final-sheet__meta" });
    [["Ученик", record.name || "—"], ["Дата", core.dayText(record.date) || "—"],
     ["Результат", record.right + " из " + record.total + " (" + record.percent + "%)"],
     ["Итог", record.passed ? "Тест сдан" : "Тест не сдан: нужно не меньше " + Math.round(course.pass_mark * 100) + "%"]]
      .forEach(function (pair) {
        meta.appendChild(el("dt", {}, pair[0]));
        meta.appendChild(el("dd", { "data-kb-final-field": pair[0] }, pair[1]));
      });
    sheet.appendChild(meta);
    var table = el("table", { "class": "kb-final-sheet__table" });
    table.appendChild(el("caption", {}, "Результат по тезисам"));
    var head = el("tr");
    ["Тезис", "Верно", "Что делать"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var tbody = el("tbody");
    topic.theses.forEach(function (t) {
      var p = per[t.id];
      if (!p) return;
      var row = el("tr", { "data-kb-final-thesis": t.id });
      row.appendChild(el("th", { scope: "row" }, t.title));
      row.appendChild(el("td", {}, p.right + " из " + p.total));
      var todo = el("td");
      if (p.right < p.total) {
        todo.appendChild(el("a", { href: KB.siteUrl(t.url), "class": "kb-no-print" }, "Перечитать тезис"));
        todo.appendChild(el("span", { "class": "kb-print-only" }, "Перечитать тезис"));
      } else {
        todo.textContent = "Всё верно";
      }
      row.appendChild(todo);
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    sheet.appendChild(table);
    sheet.appendChild(el("p", { "class": "kb-final-sheet__note" }, "Верные ответы итогового теста не показываются: "
      + "перечитай отмеченные тезисы — при пересдаче будут другие вопросы."));
    area.appendChild(sheet);

    var actions = el("div", { "class": "kb-final__actions kb-no-print" });
    var print = el("button", { type: "button", "class": "md-button md-button--primary" }, "Распечатать лист результата");
    print.addEventListener("click", function () { window.print(); });
    var again = el("button", { type: "button", "class": "md-button" }, "Пройти заново");
    again.addEventListener("click", function () {
      history.replaceState(null, "", "#" + encodeURIComponent(topic.key));
      var saved = null;
      try { saved = KB.read(KB.KEYS.attempt(topic.key)); } catch (e) { saved = null; }
      start(ctx, core.attemptFits(saved, ctx.index) && !core.attemptFinished(saved, KB.source().final(topic.key)) ? saved : null);
    });
    actions.appendChild(print);
    actions.appendChild(again);
    area.appendChild(actions);
    if (fresh) {
      sheet.setAttribute("tabindex", "-1");
      sheet.focus();
    }
  }

  KB.onPage(mount);
})();
