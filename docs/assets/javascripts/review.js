/* «Повторение» (data-kb-review): вопросы тестов тезисов, которые пора повторить, — по одному, не
 * больше KB.core.DECK.session за раз, варианты перемешаны, тот же вердикт и разбор, что в тесте
 * тезиса, ссылка на тезис, после верного ответа — «Было трудно». В конце: «Повторено N,
 * следующее — завтра».
 *
 * Правила (колода, оценка, слияние, сессия) — в ядре (KB.core); интервалы считает планировщик
 * ts-fsrs (vendor/ts-fsrs-*.umd.js, window.FSRS), его подключают только этой странице.
 * Колода — KB.KEYS.deck; каждое повторение пишет одну карточку поверх свежей колоды (KB.update),
 * поэтому две вкладки не затирают друг друга. Вопрос, который автор изменил или убрал, уходит из
 * колоды, и страница об этом говорит.
 */
(function () {
  "use strict";
  var core = KB.core;
  var el = KB.el;
  var VERDICT = { correct: "Верно.", partial: "Частично верно.", wrong: "Неверно." };
  var WHAT = "повторение вопроса";

  function deck() { return KB.readObject(KB.KEYS.deck); }

  /* Карточка поверх свежей колоды: более позднее повторение побеждает (KB.core.newerCard);
   * same — переоценка того же повторения («Было трудно»): заменяет его. */
  function saveCard(id, card, same) {
    return KB.update(KB.KEYS.deck, function (fresh) {
      fresh[id] = same ? card : core.newerCard(fresh[id], card);
      return fresh;
    }, WHAT);
  }

  function mount() {
    var root = document.querySelector("[data-kb-review]");
    var course = KB.course();
    if (!root || !course) return;
    if (!window.FSRS) {
      root.textContent = "Не загрузился планировщик повторения. Обнови страницу; если не поможет — сообщи тому, кто ведёт курс.";
      return;
    }
    root.textContent = "Загружаю вопросы…";
    var topics = KB.topicList();
    Promise.all(topics.map(function (t) { return Promise.all([KB.load(t.key, "data"), KB.load(t.key, "review")]); }))
      .then(function (got) {
        var ctx = { root: root, course: course, items: {}, ids: {}, scheduler: core.fsrsScheduler(window.FSRS) };
        got.forEach(function (pair) {
          var review = pair[1] || {};
          pair[0].theses.forEach(function (t) {
            (review[t.id] || []).forEach(function (q) {
              ctx.items[q.id] = { q: q, thesis: t };
              ctx.ids[q.id] = t.id;
            });
          });
        });
        root.textContent = "";
        ctx.note = el("div", { "data-kb-review-notes": "" });
        ctx.area = el("div", { "class": "kb-srs__area", "data-kb-review-area": "" });
        ctx.say = el("p", { "class": "kb-sr-only", "aria-live": "polite", "data-kb-review-say": "" });
        root.appendChild(ctx.note);
        root.appendChild(ctx.area);
        root.appendChild(ctx.say);
        prune(ctx);
        begin(ctx);
      }, function () {
        root.textContent = "Вопросы не загрузились. Обнови страницу; если не поможет — сообщи тому, кто ведёт курс.";
      });
  }

  /* Вопросы, которых больше нет в курсе, уходят из колоды — с пояснением, куда за ними идти. */
  function prune(ctx) {
    var removed = core.fitDeck(deck(), ctx.ids).removed;
    if (!removed.length) return;
    KB.update(KB.KEYS.deck, function (fresh) { return core.fitDeck(fresh, ctx.ids).deck; }, "колода повторения");
    var box = el("div", { "class": "admonition info", role: "status", "data-kb-review-removed": String(removed.length) });
    box.appendChild(el("p", { "class": "admonition-title" }, "Вопросы изменились"));
    box.appendChild(el("p", {}, "После того как они попали в повторение, автор изменил или убрал вопросы (" + removed.length
      + "): они ушли из повторения. Изменённый вопрос вернётся сюда, когда ответишь на него в тесте тезиса."));
    var seen = {};
    var ul = el("ul");
    removed.forEach(function (r) {
      if (!r.url || seen[r.url]) return;
      seen[r.url] = true;
      var li = el("li");
      li.appendChild(el("a", { href: KB.siteUrl(r.url) + "#" + encodeURIComponent("проверь-себя") }, thesisTitle(ctx, r)));
      ul.appendChild(li);
    });
    if (ul.children.length) box.appendChild(ul);
    ctx.note.appendChild(box);
  }

  function thesisTitle(ctx, r) {
    var ids = Object.keys(ctx.items);
    for (var i = 0; i < ids.length; i++) {
      if (ctx.items[ids[i]].thesis.id === r.thesis) return "Тест тезиса «" + ctx.items[ids[i]].thesis.title + "»";
    }
    return "Тест тезиса";
  }

  /* Начать сессию: до 10 вопросов, которые пора повторить; нечего — когда следующее. */
  function begin(ctx) {
    var area = ctx.area;
    area.textContent = "";
    var now = Date.now();
    var mine = core.fitDeck(deck(), ctx.ids).deck;
    var pick = core.sessionPick(mine, now);
    var summary = core.deckSummary(mine, now);
    if (!pick.length) {
      var p = el("p", { "data-kb-review-idle": "" });
      if (!summary.total) {
        p.textContent = "Пока повторять нечего: вопрос попадает сюда, когда ты отвечаешь на него в тесте тезиса.";
      } else {
        p.textContent = "Сейчас повторять нечего. Следующее повторение — " + core.whenText(summary.next, now)
          + " (" + core.dayText(summary.next) + ").";
      }
      area.appendChild(p);
      area.appendChild(el("p", { "data-kb-review-summary": "" }, "В повторении: " + summary.total + ", выучено: " + summary.learned + "."));
      return;
    }
    area.appendChild(el("p", { "class": "kb-srs__intro", "data-kb-review-due": String(summary.due) },
      "На повторение сегодня: " + summary.due + (summary.due > pick.length ? ", в этот раз — " + pick.length : "") + "."));
    var session = { ids: pick, i: 0, done: 0 };
    show(ctx, session);
  }

  function shuffled(q) {
    return core.shuffle(q.answers, Math.random);
  }

  /* Один вопрос сессии. */
  function show(ctx, session) {
    var area = ctx.area;
    [].slice.call(area.querySelectorAll("[data-kb-review-step]")).forEach(function (n) { n.remove(); });
    var id = session.ids[session.i];
    var item = ctx.items[id];
    var step = el("section", { "class": "kb-srs__step", "data-kb-review-step": id });
    var count = el("h2", { "class": "kb-srs__count", tabindex: "-1", "data-kb-review-count": "" },
      "Вопрос " + (session.i + 1) + " из " + session.ids.length);
    step.appendChild(count);
    var form = el("form", { "class": "kb-srs__form", novalidate: "" });
    var fs = el("fieldset", { "class": "kb-final__q" });
    var legend = el("legend");
    var qtext = el("span", { "class": "kb-final__text" });
    qtext.innerHTML = item.q.html; /* текст вопроса собран из источника теста при сборке сайта (проверен валидатором) */
    legend.appendChild(qtext);
    fs.appendChild(legend);
    if (item.q.multiple) fs.appendChild(el("p", { "class": "kb-final__hint" }, "Несколько верных ответов."));
    shuffled(item.q).forEach(function (a, j) {
      var row = el("div", { "class": "kb-final__answer" });
      var input = el("input", { type: item.q.multiple ? "checkbox" : "radio", name: "kb-review-answer", id: "kb-review-" + j, value: a.id });
      var label = el("label", { "for": "kb-review-" + j });
      label.innerHTML = a.html;
      row.appendChild(input);
      row.appendChild(label);
      fs.appendChild(row);
    });
    form.appendChild(fs);
    var hint = el("p", { "class": "kb-quiz-hint", role: "alert", "data-kb-review-hint": "" });
    var submit = el("button", { type: "submit", "class": "md-button md-button--primary", "data-kb-review-submit": "" }, "Ответить");
    form.appendChild(submit);
    form.appendChild(hint);
    step.appendChild(form);
    var thesisLink = el("p", { "class": "kb-srs__thesis" });
    thesisLink.appendChild(document.createTextNode("Из тезиса "));
    thesisLink.appendChild(el("a", { href: KB.siteUrl(item.thesis.url), "data-kb-review-thesis": item.thesis.id }, "«" + item.thesis.title + "»"));
    step.appendChild(thesisLink);
    area.appendChild(step);
    count.focus();

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (form.hasAttribute("data-answered")) return;
      var chosen = [].filter.call(form.querySelectorAll('input[name="kb-review-answer"]'), function (i) { return i.checked; });
      if (!chosen.length) {
        hint.textContent = item.q.multiple ? "Сначала отметь хотя бы один ответ." : "Сначала выбери ответ.";
        return;
      }
      hint.textContent = "";
      form.setAttribute("data-answered", "");
      [].forEach.call(form.querySelectorAll("input"), function (i) { i.disabled = true; });
      submit.remove();
      answered(ctx, session, step, item, chosen.map(function (i) { return i.value; }));
    });
  }

  /* Разбор ответа тем же вердиктом, что в тесте тезиса, и запись повторения. */
  function answered(ctx, session, step, item, picked) {
    var id = item.q.id;
    var correct = item.q.answers.filter(function (a) { return a.correct; }).map(function (a) { return a.id; });
    var ok = core.sameSet(picked, correct);
    var chosenRight = picked.filter(function (a) { return correct.indexOf(a) !== -1; });
    var kind = ok ? "correct" : chosenRight.length ? "partial" : "wrong";
    var byId = {};
    item.q.answers.forEach(function (a) { byId[a.id] = a; });

    var prev = deck()[id];
    var now = Date.now();
    var card = core.reviewCard(prev, core.rating(ok, false), now, ctx.scheduler);
    saveCard(id, card);
    session.done++;

    var box = el("div", { "class": "kb-qfb kb-qfb--" + kind, tabindex: "-1", "data-kb-review-feedback": kind });
    box.appendChild(el("p", { "class": "kb-qfb__verdict" }, VERDICT[kind]));
    var chosenWrong = picked.filter(function (a) { return correct.indexOf(a) === -1; });
    var missed = correct.filter(function (a) { return picked.indexOf(a) === -1; });
    if (item.q.multiple) {
      group(box, kind === "correct" ? "Отмечено:" : "Отмечено верно:", chosenRight, byId, "right");
      group(box, "Отмечено неверно:", chosenWrong, byId, "wrong");
      group(box, missed.length > 1 ? "Пропущены верные ответы:" : "Пропущен верный ответ:", missed, byId, "missed");
    } else {
      group(box, "Твой ответ:", picked, byId, kind === "correct" ? "right" : "wrong");
      group(box, missed.length > 1 ? "Верные ответы:" : "Верный ответ:", missed, byId, "missed");
    }
    var when = el("p", { "class": "kb-srs__when", "data-kb-review-when": "" });
    box.appendChild(when);
    var sayWhen = function (c) {
      when.textContent = "Вопрос вернётся " + core.whenText(c.due, now) + " (" + core.dayText(c.due) + ").";
    };
    sayWhen(card);
    step.insertBefore(box, step.querySelector(".kb-srs__thesis"));
    step.querySelector(".kb-srs__thesis").firstChild.textContent = ok ? "Из тезиса " : "Перечитай тезис ";

    var actions = el("div", { "class": "kb-srs__actions" });
    if (ok) {
      var hard = el("button", { type: "button", "class": "md-button", "aria-pressed": "false", "data-kb-review-hard": "" }, "Было трудно");
      hard.addEventListener("click", function () {
        var on = hard.getAttribute("aria-pressed") !== "true";
        hard.setAttribute("aria-pressed", on ? "true" : "false");
        /* пересчёт от карточки до этого повторения, с тем же временем ответа */
        card = core.reviewCard(prev, core.rating(true, on), now, ctx.scheduler);
        saveCard(id, card, true);
        sayWhen(card);
        ctx.say.textContent = (on ? "Отмечено: было трудно. " : "Отметка «было трудно» снята. ") + when.textContent;
      });
      actions.appendChild(hard);
    }
    var last = session.i + 1 >= session.ids.length;
    var next = el("button", { type: "button", "class": "md-button md-button--primary", "data-kb-review-next": "" },
      last ? "Закончить" : "Следующий вопрос");
    next.addEventListener("click", function () {
      session.i++;
      if (session.i < session.ids.length) show(ctx, session);
      else finish(ctx, session);
    });
    actions.appendChild(next);
    step.appendChild(actions);
    ctx.say.textContent = VERDICT[kind] + " " + when.textContent;
    box.focus();
  }

  function group(box, head, ids, byId, kind) {
    if (!ids.length) return;
    box.appendChild(el("p", { "class": "kb-qfb__head kb-qfb__head--" + kind }, head));
    var ul = el("ul", { "class": "kb-qfb__list" });
    ids.forEach(function (aid) {
      var li = el("li");
      var label = el("p", { "class": "kb-qfb__label" });
      label.innerHTML = byId[aid].html; /* из источника теста, как на странице тезиса */
      li.appendChild(label);
      if (byId[aid].feedback) {
        var why = el("p", { "class": "kb-qfb__why" });
        why.innerHTML = byId[aid].feedback;
        li.appendChild(why);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  /* Конец сессии: «Повторено N, следующее — завтра» (или сколько ещё на сегодня). */
  function finish(ctx, session) {
    var area = ctx.area;
    area.textContent = "";
    var now = Date.now();
    var mine = core.fitDeck(deck(), ctx.ids).deck;
    var summary = core.deckSummary(mine, now);
    var done = el("section", { "class": "kb-srs__done", "data-kb-review-done": String(session.done) });
    var head = el("h2", { tabindex: "-1" }, "Повторение закончено");
    done.appendChild(head);
    var text = "Повторено " + session.done;
    if (summary.due) text += ", на сегодня ещё " + summary.due + ".";
    else if (summary.next) text += ", следующее — " + core.whenText(summary.next, now) + " (" + core.dayText(summary.next) + ").";
    else text += ".";
    done.appendChild(el("p", { "data-kb-review-result": "" }, text));
    done.appendChild(el("p", {}, "В повторении: " + summary.total + ", выучено: " + summary.learned + "."));
    if (summary.due) {
      var more = el("button", { type: "button", "class": "md-button md-button--primary", "data-kb-review-more": "" }, "Повторить ещё");
      more.addEventListener("click", function () { begin(ctx); });
      done.appendChild(more);
    }
    area.appendChild(done);
    ctx.say.textContent = text;
    head.focus();
  }

  KB.onPage(mount);
})();
