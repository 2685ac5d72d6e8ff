/* Тест на странице тезиса поверх mkdocs-quiz: как ученик отвечает и что видит после ответа.
 *
 *  - «Ответить» недоступна, пока не выбран ответ (aria-disabled, а не disabled: кнопка остаётся
 *    в порядке Tab, и скринридер читает, почему она недоступна, — aria-describedby на подсказку).
 *    Пустой ответ не уходит ни кнопкой, ни Enter в поле: отправку формы останавливаем раньше
 *    mkdocs-quiz (слушатель на .quiz в фазе перехвата) и объявляем подсказку (aria-live).
 *  - После ответа — один вердикт («Верно.», «Неверно.», «Частично верно.») и разбор словами:
 *    полный текст выбранных ответов с пояснениями; у вопроса с несколькими ответами —
 *    «Отмечено неверно: …» и «Пропущен верный ответ: …». Значки mkdocs-quiz с обрезанным
 *    текстом ответа и вердиктом в каждом пояснении заменяются этим разбором.
 *  - Когда отвечены все вопросы: «Тезис пройден: N из M. Дальше: …» (следующий тезис темы или
 *    итоговый тест) либо, ниже проходного балла (course.pass_mark), что перечитать и «Пройти заново».
 *  - Предупреждения mkdocs-quiz о хранилище (в нём они по-английски и без перевода) — по-русски.
 *
 * Сдан ли тест, считает ядро (KB.core.thesisStatus) — так же, как «Мой прогресс». Тезис с тренажёром
 * разговора пройден, когда сданы и тест, и «Зачёт» тренажёра: итог теста об этом говорит.
 * Модуль перерисовывает всё по событию mkdocs-quiz quizProgressUpdate (ответ, сброс); по нему же
 * отвеченные вопросы входят в колоду «Повторения» (KB.KEYS.deck).
 */
(function () {
  "use strict";
  var el = KB.el;
  var HINT = { one: "Сначала выбери ответ.", many: "Сначала отметь хотя бы один ответ." };
  var VERDICT = { correct: "Верно.", partial: "Частично верно.", wrong: "Неверно." };
  var STORAGE_WARNINGS = {
    "Quiz progress is too large to save": "Ответы теста не сохранены: их больше, чем помещается в хранилище браузера.",
    "Unable to save quiz progress. Your browser may have storage disabled or quota exceeded.":
      "Ответы теста не сохранены: хранилище браузера недоступно или переполнено.",
  };

  function quizzes() {
    return [].filter.call(document.querySelectorAll("article div.quiz[id]"), function (q) {
      return q.getAttribute("data-quiz-type") !== "fill-blank" && q.querySelector('input[name="answer"]');
    });
  }

  /* Ответы на этой странице так, как их хранит mkdocs-quiz: ключ — по location.pathname. */
  function saved() {
    return KB.readObject(KB.core.KEYS.quiz(location.pathname));
  }

  function inputs(quiz) {
    return [].slice.call(quiz.querySelectorAll('fieldset input[name="answer"]'));
  }

  function isMultiple(quiz) {
    return inputs(quiz)[0].type === "checkbox";
  }

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* ---------- «Ответить» без выбора ---------- */

  function setup(quiz) {
    if (quiz.hasAttribute("data-kb-quiz-ui")) return;
    quiz.setAttribute("data-kb-quiz-ui", "");
    var form = quiz.querySelector("form");
    var button = form.querySelector('button[type="submit"]');
    var link = quiz.querySelector(".quiz-header-link");
    if (link) link.setAttribute("aria-label", "Ссылка на этот вопрос");
    if (!button) return;
    var hint = el("p", { "class": "kb-quiz-hint", id: quiz.id + "-hint" }, isMultiple(quiz) ? HINT.many : HINT.one);
    var say = el("p", { "class": "kb-sr-only", "aria-live": "assertive", "data-kb-quiz-say": "" });
    button.insertAdjacentElement("afterend", hint);
    form.appendChild(say);
    form.querySelector("fieldset").addEventListener("change", function () { updateButton(quiz); });
    /* раньше обработчика mkdocs-quiz на форме: пустой ответ не записывается и не раскрывает верный */
    quiz.addEventListener("submit", function (e) {
      if (button.disabled || inputs(quiz).some(function (i) { return i.checked; })) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      hint.classList.add("kb-quiz-hint--alert");
      say.textContent = "";
      setTimeout(function () { say.textContent = hint.textContent; }, 50);
    }, true);
  }

  function updateButton(quiz) {
    var button = quiz.querySelector('form button[type="submit"]');
    var hint = document.getElementById(quiz.id + "-hint");
    if (!button || !hint) return;
    var empty = !inputs(quiz).some(function (i) { return i.checked; });
    var blocked = empty && !button.disabled; /* disabled ставит mkdocs-quiz после ответа */
    hint.hidden = !blocked;
    if (!blocked) hint.classList.remove("kb-quiz-hint--alert");
    if (blocked) {
      button.setAttribute("aria-disabled", "true");
      button.setAttribute("aria-describedby", hint.id);
    } else {
      button.removeAttribute("aria-disabled");
      button.removeAttribute("aria-describedby");
    }
  }

  /* ---------- разбор ответа: один вердикт ---------- */

  function answerItem(input) {
    var box = input.parentElement;
    var li = el("li");
    var label = el("p", { "class": "kb-qfb__label" });
    [].forEach.call(box.querySelector("label").childNodes, function (n) { label.appendChild(n.cloneNode(true)); });
    li.appendChild(label);
    var why = box.querySelector(".answer-feedback");
    if (why && why.textContent.trim()) {
      var p = el("p", { "class": "kb-qfb__why" });
      [].forEach.call(why.childNodes, function (n) { p.appendChild(n.cloneNode(true)); });
      li.appendChild(p);
    }
    return li;
  }

  function group(box, head, list, kind) {
    if (!list.length) return;
    box.appendChild(el("p", { "class": "kb-qfb__head kb-qfb__head--" + kind }, head));
    var ul = el("ul", { "class": "kb-qfb__list" });
    list.forEach(function (i) { ul.appendChild(answerItem(i)); });
    box.appendChild(ul);
  }

  /* Разбор показан, когда mkdocs-quiz открыл его (ответ дан сейчас или восстановлен). */
  function renderFeedback(quiz) {
    var feedback = quiz.querySelector(".quiz-feedback");
    if (!feedback) return;
    var all = inputs(quiz);
    var chosen = all.filter(function (i) { return i.checked; });
    if (!chosen.length || feedback.classList.contains("hidden")) {
      feedback.removeAttribute("data-kb-feedback");
      return;
    }
    var sig = chosen.map(function (i) { return i.value; }).join(" ");
    if (feedback.getAttribute("data-kb-feedback") === sig && feedback.querySelector(".kb-qfb")) return;
    var right = function (i) { return i.hasAttribute("data-correct"); };
    var chosenRight = chosen.filter(right);
    var chosenWrong = chosen.filter(function (i) { return !right(i); });
    var missed = all.filter(function (i) { return right(i) && !i.checked; });
    var kind = !chosenWrong.length && !missed.length ? "correct" : chosenRight.length ? "partial" : "wrong";

    var box = el("div", { "class": "kb-qfb kb-qfb--" + kind });
    box.appendChild(el("p", { "class": "kb-qfb__verdict" }, VERDICT[kind]));
    if (isMultiple(quiz)) {
      group(box, kind === "correct" ? "Отмечено:" : "Отмечено верно:", chosenRight, "right");
      group(box, "Отмечено неверно:", chosenWrong, "wrong");
      group(box, missed.length > 1 ? "Пропущены верные ответы:" : "Пропущен верный ответ:", missed, "missed");
    } else {
      group(box, "Твой ответ:", chosen, kind === "correct" ? "right" : "wrong");
      group(box, missed.length > 1 ? "Верные ответы:" : "Верный ответ:", missed, "missed");
    }
    feedback.textContent = "";
    feedback.appendChild(box);
    feedback.setAttribute("data-kb-feedback", sig);
  }

  /* ---------- итог теста тезиса ---------- */

  function currentThesis() {
    var mark = document.querySelector("[data-kb-thesis]");
    if (!mark) return null;
    var found = null;
    KB.loadedTopics().forEach(function (topic) {
      topic.theses.forEach(function (t, i) {
        if (t.id === mark.getAttribute("data-kb-thesis")) found = { topic: topic, thesis: t, next: topic.theses[i + 1] || null };
      });
    });
    return found;
  }

  function resultBox(list) {
    var box = document.querySelector("[data-kb-quiz-result]");
    if (!box) {
      box = el("div", { "class": "kb-quiz-result", role: "status", "data-kb-quiz-result": "" });
      list[list.length - 1].insertAdjacentElement("afterend", box);
    }
    return box;
  }

  function link(href, label) {
    return el("a", { href: href }, label);
  }

  function renderResult(list) {
    var course = KB.course();
    var here = currentThesis();
    if (!course || !here || !KB.progress || !list.length) return;
    var s = KB.progress.thesisStatus(course, here.thesis, []);
    var box = resultBox(list);
    var d = s.dialogue;
    var state = s.answered < s.total ? "" : [s.quizPassed, s.correct, s.total, s.passed].join(" ");
    if (box.getAttribute("data-kb-state") === state) return;
    box.setAttribute("data-kb-state", state);
    box.textContent = "";
    box.className = "kb-quiz-result";
    if (!state) return;
    box.classList.add(s.quizPassed ? "kb-quiz-result--passed" : "kb-quiz-result--failed");
    if (s.quizPassed && d && !d.passed) {
      var rest = el("p");
      rest.appendChild(el("strong", {}, "Тест сдан: " + s.correct + " из " + s.total + "."));
      rest.appendChild(document.createTextNode(" Чтобы пройти тезис, осталось сдать тренажёр разговора в режиме «Зачёт»: "));
      rest.appendChild(link(KB.siteUrl(d.url), "«" + d.title + "»"));
      box.appendChild(rest);
      return;
    }
    if (s.quizPassed) {
      var p = el("p");
      p.appendChild(el("strong", {}, "Тезис пройден: " + s.correct + " из " + s.total + "."));
      if (here.next) {
        p.appendChild(document.createTextNode(" Дальше: "));
        p.appendChild(link(KB.siteUrl(here.next.url), "«" + here.next.title + "»"));
      } else if (course.final_url) {
        p.appendChild(document.createTextNode(" Дальше: "));
        p.appendChild(link(KB.siteUrl(course.final_url), "итоговый тест"));
      }
      box.appendChild(p);
      return;
    }
    var need = KB.core.need(course.pass_mark, s.total);
    var head = el("p");
    head.appendChild(el("strong", {}, "Тест не сдан: " + s.correct + " из " + s.total + "."));
    head.appendChild(document.createTextNode(" Чтобы сдать, нужно не меньше " + need + " верных ответов."));
    box.appendChild(head);

    var sections = [].filter.call(document.querySelectorAll("article h2[id]"), function (h) {
      return /^(Как|Ошибки)/.test(text(h));
    });
    var wrong = list.filter(function (q) {
      var a = saved()[q.id];
      return here.thesis.quiz.indexOf(q.id) >= 0 && a && a.correct !== true;
    });
    var reread = el("p", {}, "Перечитай ");
    sections.forEach(function (h, i) {
      if (i) reread.appendChild(document.createTextNode(" и "));
      var clone = h.cloneNode(true);
      var anchor = clone.querySelector(".headerlink");
      if (anchor) anchor.remove();
      reread.appendChild(link("#" + h.id, "«" + text(clone) + "»"));
    });
    reread.appendChild(document.createTextNode(sections.length ? ", а потом разбор вопросов с ошибкой:" : "тезис и разбор вопросов с ошибкой:"));
    box.appendChild(reread);
    var ul = el("ul");
    wrong.forEach(function (q) {
      var li = el("li");
      li.appendChild(link("#" + q.id, text(q.querySelector(".quiz-question"))));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var again = el("p", {}, "Пройти заново: ответы этого теста сотрутся, варианты встанут в новом порядке. ");
    var button = el("button", { type: "button", "class": "md-button", "data-kb-quiz-again": "" }, "Пройти заново");
    button.addEventListener("click", function () {
      var reset = document.querySelector(".quiz-intro-reset");
      if (!reset) return;
      reset.click(); /* тот же сброс, что у mkdocs-quiz, с вопросом «Сбросить тест?» */
      if (Object.keys(saved()).length) return; /* ученик передумал */
      /* кнопка исчезла вместе с итогом: фокус — на первый вопрос */
      var first = list[0].querySelector(".quiz-question");
      first.setAttribute("tabindex", "-1");
      first.focus();
    });
    again.appendChild(button);
    box.appendChild(again);
  }

  /* ---------- сброс всего теста: варианты в новом порядке ---------- */

  /* mkdocs-quiz перемешивает варианты только при открытии страницы; после сброса теста
   * («Пройти заново», «Пройти тест заново», «Сбросить» в боковой панели) — перемешиваем снова. */
  function reshuffleAfterReset(e) {
    if (!e.target.closest || !e.target.closest(".quiz-intro-reset, .quiz-reset-all-link")) return;
    setTimeout(function () {
      if (Object.keys(saved()).length) return;
      quizzes().forEach(function (q) {
        if (!q.hasAttribute("data-shuffle-answers")) return;
        var fieldset = q.querySelector("fieldset");
        var items = [].slice.call(fieldset.querySelectorAll(":scope > div"));
        for (var i = items.length - 1; i > 0; i--) {
          var j = Math.floor(Math.random() * (i + 1));
          var t = items[i]; items[i] = items[j]; items[j] = t;
        }
        items.forEach(function (d) { fieldset.appendChild(d); });
      });
    }, 0);
  }

  /* ---------- предупреждения mkdocs-quiz о хранилище — по-русски ---------- */

  function translateWarnings(root) {
    [].forEach.call(root.querySelectorAll(".quiz-storage-warning"), function (w) {
      var ru = STORAGE_WARNINGS[w.textContent];
      if (!ru) return;
      w.textContent = ru;
      w.setAttribute("role", "alert");
      if (/недоступно/.test(ru)) {
        var error = null;
        try {
          localStorage.setItem(KB.PREFIX + "probe", "1");
          localStorage.removeItem(KB.PREFIX + "probe");
        } catch (e) { error = e; }
        KB.saveFailed("ответы теста", error);
      }
    });
  }

  var warningObserver = null;

  function watchWarnings() {
    var sidebar = document.getElementById("quiz-progress-sidebar");
    if (warningObserver) warningObserver.disconnect();
    if (!sidebar || !window.MutationObserver) return;
    translateWarnings(sidebar);
    warningObserver = new MutationObserver(function () { translateWarnings(sidebar); });
    warningObserver.observe(sidebar, { childList: true, subtree: true, characterData: true });
  }

  /* ---------- вход в «Повторение» ---------- */

  /* Ответ в тесте тезиса ставит вопрос в колоду (KB.core.enterAnswers): неверный — на повторение
   * завтра, верный с первого раза — через две недели. Вопрос, который уже в колоде, не меняется. */
  function enterDeck() {
    var here = currentThesis();
    if (!here) return;
    var answers = saved();
    if (!KB.core.enterAnswers(KB.readObject(KB.KEYS.deck), here.thesis, answers, Date.now()).added.length) return;
    KB.update(KB.KEYS.deck, function (fresh) {
      return KB.core.enterAnswers(fresh, here.thesis, answers, Date.now()).deck;
    }, "вопрос для повторения");
  }

  /* ---------- всё вместе ---------- */

  function refresh() {
    var list = quizzes();
    if (!list.length) return;
    list.forEach(function (q) {
      setup(q);
      updateButton(q);
      renderFeedback(q);
    });
    renderResult(list);
    enterDeck();
  }

  KB.onPage(function () {
    if (!quizzes().length) return;
    watchWarnings();
    refresh();
  });
  /* ответ, сброс вопроса и сброс всего теста. При сбросе всего mkdocs-quiz сообщает о нём
   * раньше, чем очищает форму, поэтому второй проход — после его обработчика. */
  document.addEventListener("click", reshuffleAfterReset);
  window.addEventListener("quizProgressUpdate", function () {
    refresh();
    setTimeout(refresh, 0);
  });
})();
