/* «Итоговый тест» (data-kb-final-test): вопросы из тестов всех тезисов, по
 * final_per_thesis из каждого, новая выборка при каждой попытке. Оценка — после
 * отправки всего теста; проходной балл — pass_mark. Лист результата печатается
 * на одной странице A4. Последний результат — в "kb:v1:final".
 */
(function () {
  "use strict";
  var FINAL = KB.PREFIX + "final";

  function shuffle(list) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  var el = KB.el;

  function draw(course) {
    var picked = [];
    course.theses.forEach(function (t) {
      shuffle(t.quiz).slice(0, course.final_per_thesis).forEach(function (q) {
        picked.push({ thesis: t, q: q });
      });
    });
    return shuffle(picked);
  }

  function mount() {
    var root = document.querySelector("[data-kb-final-test]");
    var course = KB.course();
    if (!root || !course) return;
    start(root, course);
  }

  function start(root, course) {
    root.textContent = "";
    var items = draw(course);
    var intro = el("p", { "class": "kb-final__intro" },
      "Вопросов: " + items.length + " — по " + course.final_per_thesis + " из каждого тезиса. Ответь на все и нажми «Завершить тест». "
      + "Тест сдан, если верных ответов не меньше " + Math.round(course.pass_mark * 100) + "%. При каждой попытке вопросы новые.");
    root.appendChild(intro);

    var form = el("form", { "class": "kb-final__form", novalidate: "" });
    var nameRow = el("div", { "class": "kb-final__name" });
    nameRow.appendChild(el("label", { "for": "kb-final-name" }, "Имя и фамилия для листа результата"));
    var nameInput = el("input", { type: "text", id: "kb-final-name", autocomplete: "name" });
    nameRow.appendChild(nameInput);
    form.appendChild(nameRow);

    items.forEach(function (item, i) {
      var fs = el("fieldset", { "class": "kb-final__q", "data-kb-q": item.q.id });
      var legend = el("legend");
      legend.appendChild(el("span", { "class": "kb-final__num" }, "Вопрос " + (i + 1) + " из " + items.length + ". "));
      var qtext = el("span", { "class": "kb-final__text" });
      qtext.innerHTML = item.q.html; /* текст вопроса собран из источника теста при сборке сайта */
      legend.appendChild(qtext);
      fs.appendChild(legend);
      if (item.q.multiple) fs.appendChild(el("p", { "class": "kb-final__hint" }, "Несколько верных ответов."));
      item.q.answers.forEach(function (a, j) {
        var id = "kb-final-" + i + "-" + j;
        var row = el("div", { "class": "kb-final__answer" });
        var input = el("input", { type: item.q.multiple ? "checkbox" : "radio", name: "q" + i, id: id, value: String(j) });
        var label = el("label", { "for": id });
        label.innerHTML = a.html;
        row.appendChild(input);
        row.appendChild(label);
        fs.appendChild(row);
      });
      form.appendChild(fs);
    });

    var message = el("p", { "class": "kb-final__message", role: "alert", "data-kb-final-message": "" });
    var submit = el("button", { type: "submit", "class": "md-button md-button--primary" }, "Завершить тест");
    form.appendChild(message);
    form.appendChild(submit);
    root.appendChild(form);

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var unanswered = [];
      var picks = items.map(function (item, i) {
        var chosen = Array.prototype.slice.call(form.querySelectorAll('input[name="q' + i + '"]:checked'))
          .map(function (inp) { return Number(inp.value); });
        if (!chosen.length) unanswered.push(i);
        return chosen;
      });
      if (unanswered.length) {
        message.textContent = "Без ответа вопросов: " + unanswered.length + ". Ответь на все, чтобы завершить тест.";
        var first = form.querySelectorAll(".kb-final__q")[unanswered[0]];
        first.querySelector("input").focus();
        return;
      }
      finish(root, course, items, picks, nameInput.value.trim());
    });
  }

  function finish(root, course, items, picks, name) {
    var per = {};
    course.theses.forEach(function (t) { per[t.id] = { thesis: t, right: 0, total: 0 }; });
    var right = 0;
    var review = items.map(function (item, i) {
      var correctIdx = [];
      item.q.answers.forEach(function (a, j) { if (a.correct) correctIdx.push(j); });
      var ok = picks[i].length === correctIdx.length && picks[i].every(function (j) { return correctIdx.indexOf(j) !== -1; });
      per[item.thesis.id].total++;
      if (ok) { per[item.thesis.id].right++; right++; }
      return { item: item, ok: ok, picked: picks[i] };
    });
    var percent = Math.round((right / items.length) * 100);
    var passed = right / items.length >= course.pass_mark;
    var date = new Date().toLocaleDateString("ru-RU");
    var record = {
      date: date, name: name, percent: percent, passed: passed, right: right, total: items.length,
      theses: Object.keys(per).map(function (id) { return { id: id, right: per[id].right, total: per[id].total }; }),
    };
    try { KB.writeJSON(FINAL, record); } catch (e) { /* хранилище недоступно: результат всё равно на экране */ }

    root.textContent = "";
    var sheet = el("section", { "class": "kb-final-sheet", "data-kb-final-sheet": "", "aria-labelledby": "kb-final-sheet-title" });
    sheet.appendChild(el("h2", { id: "kb-final-sheet-title" }, "Результат итогового теста"));
    sheet.appendChild(el("p", { "class": "kb-final-sheet__course" }, "Курс «Клиентский сервис ассистента» — тема «Коммуникация с клиентами и партнёрами»"));
    var meta = el("dl", { "class": "kb-final-sheet__meta" });
    [["Ученик", name || "—"], ["Дата", date], ["Результат", right + " из " + items.length + " (" + percent + "%)"],
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
    course.theses.forEach(function (t) {
      var p = per[t.id];
      var row = el("tr", { "data-kb-final-thesis": t.id });
      row.appendChild(el("th", { scope: "row" }, t.title));
      row.appendChild(el("td", {}, p.right + " из " + p.total));
      var todo = el("td");
      if (p.right < p.total) todo.appendChild(el("a", { href: KB.siteUrl(t.url) }, "Перечитать тезис"));
      else todo.textContent = "Всё верно";
      row.appendChild(todo);
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    sheet.appendChild(table);
    root.appendChild(sheet);

    var actions = el("div", { "class": "kb-final__actions kb-no-print" });
    var print = el("button", { type: "button", "class": "md-button md-button--primary" }, "Распечатать лист результата");
    print.addEventListener("click", function () { window.print(); });
    var again = el("button", { type: "button", "class": "md-button" }, "Пройти заново");
    again.addEventListener("click", function () { start(root, course); });
    actions.appendChild(print);
    actions.appendChild(again);
    root.appendChild(actions);

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
      r.item.q.answers.forEach(function (a, j) {
        if (!a.correct && r.picked.indexOf(j) === -1) return;
        var li = el("li");
        var mark = a.correct ? "Верный ответ: " : "Твой ответ (неверно): ";
        li.appendChild(el("strong", {}, mark));
        var at = el("span");
        at.innerHTML = a.html + (a.feedback ? " — " + a.feedback : "");
        li.appendChild(at);
        ul.appendChild(li);
      });
      block.appendChild(ul);
      details.appendChild(block);
    });
    root.appendChild(details);
    sheet.setAttribute("tabindex", "-1");
    sheet.focus();
  }

  KB.onPage(mount);
})();
