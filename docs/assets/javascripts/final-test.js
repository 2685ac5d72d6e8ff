/* «Итоговый тест» (data-kb-final-test): ученик выбирает тему; вопросы — из тестов всех её
 * тезисов, по final_per_thesis из каждого, новая выборка при каждой попытке, варианты ответов
 * перемешаны. Оценка — после отправки всего теста; проходной балл — pass_mark.
 *
 * Начатая попытка (выбранные вопросы, порядок вариантов, ответы, имя) хранится в
 * KB.KEYS.attempt(тема) и переживает перезагрузку и уход со страницы, пока тест не
 * завершён или не начат заново. Ответ хранится по id варианта, а не по его месту.
 * Результат — в KB.KEYS.final(тема): дата ISO, процент, вопросы и верные по тезисам.
 */
(function () {
  "use strict";
  var el = KB.el;

  function shuffle(list) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  /* Все вопросы темы по id: { id: { thesis, q } }. */
  function questionIndex(topic, final) {
    var index = {};
    topic.theses.forEach(function (t) {
      (final[t.id] || []).forEach(function (q) { index[q.id] = { thesis: t, q: q }; });
    });
    return index;
  }

  function draw(course, topic, final) {
    var picked = [];
    topic.theses.forEach(function (t) {
      shuffle(final[t.id] || []).slice(0, course.final_per_thesis).forEach(function (q) { picked.push(q); });
    });
    var order = {};
    picked.forEach(function (q) { order[q.id] = shuffle(q.answers.map(function (a) { return a.id; })); });
    return { questions: shuffle(picked).map(function (q) { return q.id; }), order: order, picks: {}, name: "", started: new Date().toISOString() };
  }

  /* Сохранённая попытка, если все её вопросы и варианты ещё есть в тесте. */
  function restore(topicKey, index) {
    var saved;
    try { saved = KB.read(KB.KEYS.attempt(topicKey)); } catch (e) { return null; }
    if (!saved || !Array.isArray(saved.questions) || !saved.questions.length) return null;
    var ok = saved.questions.every(function (id) {
      var item = index[id];
      var order = saved.order && saved.order[id];
      return item && Array.isArray(order) && order.length === item.q.answers.length
        && item.q.answers.every(function (a) { return order.indexOf(a.id) !== -1; });
    });
    return ok ? saved : null;
  }

  function mount() {
    var root = document.querySelector("[data-kb-final-test]");
    var course = KB.course();
    if (!root || !course) return;
    var topics = KB.topicList();
    var wanted = decodeURIComponent(location.hash.slice(1));
    var chosen = topics.filter(function (t) { return t.key === wanted; })[0] || (topics.length === 1 ? topics[0] : null);
    picker(root, course, topics, chosen);
  }

  /* Выбор темы: радиокнопки по разделам. */
  function picker(root, course, topics, chosen) {
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
      input.addEventListener("change", function () { open(root, course, t); });
    });
    form.appendChild(fs);
    root.appendChild(form);
    var area = el("div", { "data-kb-final-area": "" });
    root.appendChild(area);
    if (chosen) open(root, course, chosen);
  }

  function open(root, course, topicRef) {
    var area = root.querySelector("[data-kb-final-area]");
    area.textContent = "Загружаю вопросы…";
    if (location.hash.slice(1) !== topicRef.key) history.replaceState(null, "", "#" + encodeURIComponent(topicRef.key));
    Promise.all([KB.load(topicRef.key, "data"), KB.load(topicRef.key, "final")]).then(function (got) {
      var topic = got[0];
      var final = got[1];
      var index = questionIndex(topic, final);
      var attempt = restore(topic.key, index);
      start(area, course, topic, final, index, attempt);
    }, function () {
      area.textContent = "Вопросы темы не загрузились. Обнови страницу; если не поможет — сообщи тому, кто ведёт курс.";
    });
  }

  function saveAttempt(topic, attempt) {
    return KB.update(KB.KEYS.attempt(topic.key), function () { return attempt; }, "ответы итогового теста");
  }

  function start(area, course, topic, final, index, attempt) {
    area.textContent = "";
    var resumed = !!attempt;
    if (!attempt) {
      attempt = draw(course, topic, final);
      saveAttempt(topic, attempt);
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
      warn.appendChild(el("p", {}, "Тест можно пройти и сейчас, но лучше сначала прочитать эти тезисы и сдать их тесты."));
      area.appendChild(warn);
    }
    var perThesis = course.final_per_thesis;
    area.appendChild(el("p", { "class": "kb-final__intro" },
      "Тема «" + topic.title + "». Вопросов: " + attempt.questions.length + " — по " + perThesis + " из каждого тезиса. "
      + "Ответь на все и нажми «Завершить тест». Тест сдан, если верных ответов не меньше "
      + Math.round(course.pass_mark * 100) + "%. Ответы сохраняются по ходу: можно уйти со страницы и вернуться."));
    if (resumed) area.appendChild(el("p", { "data-kb-final-resumed": "" }, "Продолжаем начатую попытку: твои ответы на месте."));

    var form = el("form", { "class": "kb-final__form", novalidate: "" });
    var nameRow = el("div", { "class": "kb-final__name" });
    nameRow.appendChild(el("label", { "for": "kb-final-name" }, "Имя и фамилия для листа результата"));
    var nameInput = el("input", { type: "text", id: "kb-final-name", autocomplete: "name" });
    nameInput.value = attempt.name || "";
    nameInput.addEventListener("change", function () { attempt.name = nameInput.value.trim(); saveAttempt(topic, attempt); });
    nameRow.appendChild(nameInput);
    form.appendChild(nameRow);

    attempt.questions.forEach(function (qid, i) {
      var item = index[qid];
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
        if ((attempt.picks[qid] || []).indexOf(aid) !== -1) input.checked = true;
        input.addEventListener("change", function () {
          attempt.picks[qid] = [].map.call(form.querySelectorAll('input[name="q' + i + '"]:checked'), function (x) { return x.value; });
          saveAttempt(topic, attempt);
        });
        var label = el("label", { "for": id });
        label.innerHTML = byId[aid].html;
        row.appendChild(input);
        row.appendChild(label);
        fs.appendChild(row);
      });
      form.appendChild(fs);
    });

    var message = el("p", { "class": "kb-final__message", role: "alert", "data-kb-final-message": "" });
    var submit = el("button", { type: "submit", "class": "md-button md-button--primary" }, "Завершить тест");
    var restart = el("button", { type: "button", "class": "md-button" }, "Начать заново с новыми вопросами");
    restart.addEventListener("click", function () {
      KB.update(KB.KEYS.attempt(topic.key), function () { return null; });
      start(area, course, topic, final, index, null);
    });
    form.appendChild(message);
    form.appendChild(submit);
    form.appendChild(restart);
    area.appendChild(form);

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var unanswered = attempt.questions.filter(function (qid) { return !(attempt.picks[qid] || []).length; });
      if (unanswered.length) {
        message.textContent = "Без ответа вопросов: " + unanswered.length + ". Ответь на все, чтобы завершить тест.";
        form.querySelector('[data-kb-q="' + unanswered[0] + '"] input').focus();
        return;
      }
      attempt.name = nameInput.value.trim();
      finish(area, course, topic, final, index, attempt);
    });
  }

  /* Тезисы темы, которые ученик ещё не прочитал и тест которых не сдан. */
  function unstudied(course, topic) {
    if (!KB.progress) return [];
    var problems = [];
    return topic.theses.filter(function (t) {
      var s = KB.progress.thesisStatus(course, t, problems);
      return !s.visited && !s.passed;
    });
  }

  function finish(area, course, topic, final, index, attempt) {
    var per = {};
    topic.theses.forEach(function (t) { per[t.id] = { thesis: t, right: 0, total: 0 }; });
    var right = 0;
    var review = attempt.questions.map(function (qid) {
      var item = index[qid];
      var picked = attempt.picks[qid] || [];
      var correct = item.q.answers.filter(function (a) { return a.correct; }).map(function (a) { return a.id; });
      var ok = picked.length === correct.length && picked.every(function (id) { return correct.indexOf(id) !== -1; });
      per[item.thesis.id].total++;
      if (ok) { per[item.thesis.id].right++; right++; }
      return { item: item, ok: ok, picked: picked };
    });
    var total = attempt.questions.length;
    var pct = Math.round((right / total) * 100);
    var passed = right / total >= course.pass_mark;
    var now = new Date();
    var record = {
      topic: topic.key, date: now.toISOString(), name: attempt.name, percent: pct, passed: passed, right: right, total: total,
      questions: attempt.questions.slice(),
      theses: Object.keys(per).map(function (id) { return { id: id, right: per[id].right, total: per[id].total }; }),
    };
    var saved = KB.update(KB.KEYS.final(topic.key), function () { return record; }, "результат итогового теста");
    if (saved) KB.update(KB.KEYS.attempt(topic.key), function () { return null; });

    area.textContent = "";
    var date = now.toLocaleDateString("ru-RU");
    var sheet = el("section", { "class": "kb-final-sheet", "data-kb-final-sheet": "", "aria-labelledby": "kb-final-sheet-title" });
    sheet.appendChild(el("h2", { id: "kb-final-sheet-title" }, "Результат итогового теста"));
    sheet.appendChild(el("p", { "class": "kb-final-sheet__course" },
      "Курс «Клиентский сервис ассистента» — раздел «" + topic.section + "», тема «" + topic.title + "»"));
    var meta = el("dl", { "class": "kb-final-sheet__meta" });
    [["Ученик", attempt.name || "—"], ["Дата", date], ["Результат", right + " из " + total + " (" + pct + "%)"],
     ["Итог", passed ? "Тест сдан" : "Тест не сдан: нужно не меньше " + Math.round(course.pass_mark * 100) + "%"]]
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
    area.appendChild(sheet);

    var actions = el("div", { "class": "kb-final__actions kb-no-print" });
    var print = el("button", { type: "button", "class": "md-button md-button--primary" }, "Распечатать лист результата");
    print.addEventListener("click", function () { window.print(); });
    var again = el("button", { type: "button", "class": "md-button" }, "Пройти заново");
    again.addEventListener("click", function () { start(area, course, topic, final, index, null); });
    actions.appendChild(print);
    actions.appendChild(again);
    area.appendChild(actions);

    var details = el("details", { "class": "kb-final__review kb-no-print" });
    details.appendChild(el("summary", {}, "Разбор ответов"));
    review.forEach(function (r, i) {
      var block = el("div", { "class": "kb-final__review-item " + (r.ok ? "is-right" : "is-wrong") });
      var q = el("p");
      q.appendChild(el("strong", {}, (i + 1) + ". " + (r.ok ? "Верно. " : "Неверно. ")));
      var qt = el("span");
      qt.innerHTML = r.item.q.html;
      q.appendChild(qt);
      block.appendChild(q);
      var ul = el("ul");
      r.item.q.answers.forEach(function (a) {
        var chosen = r.picked.indexOf(a.id) !== -1;
        if (!a.correct && !chosen) return;
        var li = el("li");
        var mark = a.correct ? (chosen ? "Твой ответ, верный: " : "Верный ответ, не выбран: ") : "Твой ответ, неверный: ";
        li.appendChild(el("strong", {}, mark));
        var at = el("span");
        at.innerHTML = a.html + (a.feedback ? " — " + a.feedback : "");
        li.appendChild(at);
        ul.appendChild(li);
      });
      block.appendChild(ul);
      details.appendChild(block);
    });
    area.appendChild(details);
    sheet.setAttribute("tabindex", "-1");
    sheet.focus();
  }

  KB.onPage(mount);
})();
