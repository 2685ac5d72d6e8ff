/* «Тренажёр разговора» (data-kb-dialogue="<диалог>"): ученик играет ассистента в разговоре с
 * клиентом — выбирает реплику, видит реакцию клиента, в конце — концовку, баллы и разбор пути.
 *
 * Режимы: «Тренировка» — пояснение после каждого ответа и один шаг назад; «Зачёт» — пояснения только
 * в конце, результат записывается (лучший — в KB.KEYS.dialogue(id), с версией диалога: изменённый
 * автором диалог просит пройти заново). Начатый проход (KB.KEYS.dialogueRun(id)) переживает
 * перезагрузку: страница продолжает с того же шага. Баллы, итог и слияние — в ядре (KB.core).
 * Данные диалога пишет сборка: window.KB_DATA.dialogues[id] (assets/kb/dialogue-<id>.js).
 */
(function () {
  "use strict";
  var core = KB.core;
  var el = KB.el;
  var MOODS = { "спокойствие": "😐", "интерес": "🙂", "сомнение": "🤨", "тревога": "😟", "раздражение": "😠",
    "гнев": "😡", "радость": "😊", "доверие": "🤝" };
  var CHANNELS = { "телефон": "📞", "чат": "💬", "мессенджер": "💬", "почта": "✉️", "встреча": "🤝" };
  var MODES = { training: "Тренировка", exam: "Зачёт" };
  var ENDING_TITLES = { success: "Успех", partial: "Частичный успех", failure: "Провал" };

  function dialogueOf(id) {
    return ((window.KB_DATA || {}).dialogues || {})[id] || null;
  }

  function readRun(d) {
    var run = KB.readObject(KB.KEYS.dialogueRun(d.id));
    if (run.version !== d.version || !Array.isArray(run.path) || !MODES[run.mode]) return null;
    var w = core.walkDialogue(d, run.path);
    if (w.why) return null;
    run.order = core.isObject(run.order) ? run.order : {};
    return run;
  }

  function saveRun(d, run) {
    KB.update(KB.KEYS.dialogueRun(d.id), function () { return run; }, "ход тренажёра");
  }

  function mount() {
    var root = document.querySelector("[data-kb-dialogue]");
    var course = KB.course();
    if (!root || !course) return;
    var d = dialogueOf(root.getAttribute("data-kb-dialogue"));
    if (!d) {
      root.textContent = "Тренажёр не загрузился. Обнови страницу; если не поможет — сообщи тому, кто ведёт курс.";
      return;
    }
    var ui = { root: root, d: d, course: course };
    var run = readRun(d);
    if (run && run.path.length && !core.walkDialogue(d, run.path).ended) play(ui, run, true);
    else menu(ui);
    if (!mount.listening) {
      mount.listening = true;
      KB.onStorage(function (key) {
        var here = document.querySelector("[data-kb-dialogue]");
        if (!here || !ui.d) return;
        if (key === KB.KEYS.dialogue(ui.d.id)) {
          var line = here.querySelector("[data-kb-dialogue-best]");
          if (line) line.replaceWith(bestLine(ui));
        }
      });
    }
  }

  /* ---------- начало: лучший результат и выбор режима ---------- */

  function bestLine(ui) {
    var d = ui.d;
    var record = KB.source().dialogue(d.id);
    var s = core.dialogueStatus({ id: d.id, version: d.version }, record);
    var p = el("p", { "class": "kb-dlg__best", "data-kb-dialogue-best": "" });
    if (s.stale) {
      p.textContent = "Тренажёр изменился после твоего прохождения: пройди «Зачёт» заново, прежний результат не учитывается.";
    } else if (s.best) {
      p.textContent = "Лучший результат в «Зачёте»: " + s.best.percent + "% — " + (s.passed ? "сдан" : "не сдан")
        + (core.dayText(s.best.date) ? ", " + core.dayText(s.best.date) : "") + ".";
    } else {
      p.textContent = "«Зачёт» ещё не пройден. Тезис засчитывается, когда сданы его тест и «Зачёт» тренажёра.";
    }
    return p;
  }

  function menu(ui) {
    var root = ui.root;
    root.textContent = "";
    root.appendChild(bestLine(ui));
    var form = el("form", { "class": "kb-dlg__menu" });
    var fs = el("fieldset");
    fs.appendChild(el("legend", {}, "Режим"));
    [["training", "Тренировка: пояснение после каждого ответа, можно вернуться на шаг назад"],
     ["exam", "Зачёт: пояснения — в конце, результат записывается в прогресс"]].forEach(function (m, i) {
      var row = el("div", { "class": "kb-final__answer" });
      var input = el("input", { type: "radio", name: "kb-dlg-mode", id: "kb-dlg-mode-" + m[0], value: m[0] });
      if (i === 0) input.checked = true;
      row.appendChild(input);
      row.appendChild(el("label", { "for": "kb-dlg-mode-" + m[0] }, m[1]));
      fs.appendChild(row);
    });
    form.appendChild(fs);
    form.appendChild(el("button", { type: "submit", "class": "md-button md-button--primary", "data-kb-dialogue-start": "" }, "Начать разговор"));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var mode = form.querySelector('input[name="kb-dlg-mode"]:checked').value;
      var run = { version: ui.d.version, mode: mode, path: [], order: {}, back: false, started: new Date().toISOString() };
      saveRun(ui.d, run);
      play(ui, run, false);
    });
    root.appendChild(form);
  }

  /* ---------- разговор ---------- */

  function play(ui, run, resumed) {
    var d = ui.d;
    var root = ui.root;
    root.textContent = "";
    var head = el("div", { "class": "kb-dlg__head" });
    head.appendChild(el("p", { "class": "kb-dlg__mode", "data-kb-dialogue-mode": run.mode }, "Режим: «" + MODES[run.mode] + "»"
      + (run.mode === "exam" ? " — пояснения будут в конце" : " — пояснение после каждого ответа")));
    var mood = el("p", { "class": "kb-dlg__mood", "data-kb-dialogue-mood": "" });
    head.appendChild(mood);
    root.appendChild(head);
    if (resumed) root.appendChild(el("p", { role: "status", "data-kb-dialogue-resumed": "" }, "Продолжаем начатый разговор с того же места."));
    var log = el("ol", { "class": "kb-dlg__log kb-dlg__log--" + (d.channel === "почта" ? "mail" : "chat"), "aria-label": "Разговор" });
    root.appendChild(log);
    var say = el("div", { "class": "kb-sr-only", "aria-live": "polite", "data-kb-dialogue-live": "" });
    root.appendChild(say);
    var choices = el("div", { "class": "kb-dlg__choices" });
    root.appendChild(choices);

    function setMood(node) {
      var m = node.mood || "";
      mood.textContent = "";
      mood.appendChild(document.createTextNode(d.client.name + ": "));
      mood.appendChild(el("span", { "aria-hidden": "true", "class": "kb-dlg__mood-icon" }, MOODS[m] || "🙂"));
      mood.appendChild(document.createTextNode(" " + m));
    }

    function lineItem(who, text, extra) {
      var li = el("li", { "class": "kb-dlg__line kb-dlg__line--" + who });
      if (who === "client") li.appendChild(el("span", { "class": "kb-dlg__who" }, d.client.name + (d.channel === "почта" ? " пишет" : "") + ":"));
      if (who === "me") li.appendChild(el("span", { "class": "kb-dlg__who" }, d.channel === "почта" ? "Твоё письмо:" : "Ты:"));
      li.appendChild(el("p", {}, text));
      if (extra) li.appendChild(extra);
      return li;
    }

    /* Строки узла: ремарки и реплики клиента; announce — озвучить их (polite live region). */
    function showNode(node, announce) {
      var spoken = [];
      (node.lines || []).forEach(function (l) {
        log.appendChild(lineItem(l.who === "client" ? "client" : "narration", l.text));
        spoken.push(l.who === "client" ? d.client.name + ": " + l.text : l.text);
      });
      setMood(node);
      if (announce && spoken.length) {
        say.textContent = "";
        setTimeout(function () { say.textContent = spoken.join(" "); }, 50);
      }
    }

    function feedbackBox(step) {
      var box = el("div", { "class": "kb-dlg__feedback kb-dlg__feedback--" + (step.reply.best ? "best" : "weak"), "data-kb-dialogue-feedback": "" });
      box.appendChild(el("p", { "class": "kb-dlg__points" }, (step.reply.best ? "Лучший ответ" : "Не лучший ответ")
        + ": " + points(step.reply.points) + " из " + (step.best ? step.best.points : step.reply.points) + "."));
      box.appendChild(el("p", {}, step.reply.feedback));
      return box;
    }

    function render() {
      log.textContent = "";
      choices.textContent = "";
      var w = core.walkDialogue(d, run.path);
      showNode(d.nodes[d.start], false);
      w.steps.forEach(function (step) {
        log.appendChild(lineItem("me", step.reply.text, run.mode === "training" ? feedbackBox(step) : null));
        showNode(d.nodes[step.reply.next], false); /* и настроение клиента на этом шаге */
      });
      return w;
    }

    function next(announce) {
      var w = core.walkDialogue(d, run.path);
      if (w.ended) return finish(ui, run);
      choices.textContent = "";
      var node = w.node;
      var ids = run.order[w.nodeId];
      var replies = node.replies.slice();
      if (!Array.isArray(ids) || ids.length !== replies.length) {
        ids = core.shuffle(replies.map(function (r) { return r.id; }), Math.random);
        run.order[w.nodeId] = ids;
        saveRun(d, run);
      }
      var byId = {};
      replies.forEach(function (r) { byId[r.id] = r; });
      var fs = el("fieldset", { "class": "kb-dlg__replies" });
      var legend = el("legend", { tabindex: "-1" }, "Твой ответ — шаг " + (run.path.length + 1) + ":");
      fs.appendChild(legend);
      ids.forEach(function (id) {
        var r = byId[id];
        if (!r) return;
        var b = el("button", { type: "button", "class": "kb-dlg__reply", "data-kb-reply": r.id }, r.text);
        b.addEventListener("click", function () { choose(r); });
        fs.appendChild(b);
      });
      choices.appendChild(fs);
      if (run.mode === "training" && run.path.length && !run.back) {
        var back = el("button", { type: "button", "class": "md-button kb-dlg__back", "data-kb-dialogue-back": "" }, "Вернуться на шаг назад");
        back.addEventListener("click", function () {
          run.path.pop();
          run.back = true;
          saveRun(d, run);
          render();
          next(false);
          say.textContent = "Шаг назад: выбери другой ответ.";
        });
        choices.appendChild(back);
      }
      var restart = el("button", { type: "button", "class": "md-button kb-dlg__restart" }, "Начать разговор заново");
      restart.addEventListener("click", function () {
        KB.update(KB.KEYS.dialogueRun(d.id), function () { return null; });
        menu(ui);
        var first = ui.root.querySelector("input");
        if (first) first.focus();
      });
      choices.appendChild(restart);
      if (announce) legend.focus();
    }

    function choose(reply) {
      run.path.push(reply.id);
      run.back = false;
      saveRun(d, run);
      var w = core.walkDialogue(d, run.path);
      var step = w.steps[w.steps.length - 1];
      log.appendChild(lineItem("me", reply.text, run.mode === "training" ? feedbackBox(step) : null));
      showNode(w.node, true);
      if (run.mode === "training") {
        /* пояснение озвучивается вместе с ответом клиента */
        var spoken = (step.reply.best ? "Лучший ответ. " : "Не лучший ответ. ") + step.reply.feedback;
        setTimeout(function () { say.textContent = spoken + " " + say.textContent; }, 60);
      }
      next(true);
    }

    render();
    next(false);
    var firstReply = choices.querySelector("legend");
    if (resumed && firstReply) firstReply.focus();
  }

  function points(n) {
    var mod10 = n % 10;
    var mod100 = n % 100;
    var word = mod10 === 1 && mod100 !== 11 ? "балл" : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? "балла" : "баллов";
    return n + " " + word;
  }

  /* ---------- конец: итог, запись «Зачёта», разбор пути ---------- */

  function finish(ui, run) {
    var d = ui.d;
    var root = ui.root;
    var result = core.dialogueResult(d, run.path, ui.course.pass_mark, Date.now());
    var w = core.walkDialogue(d, run.path);
    if (run.mode === "exam" && result) {
      KB.update(KB.KEYS.dialogue(d.id), function (record) { return core.recordDialogue(record, d, result); }, "результат тренажёра");
    }
    KB.update(KB.KEYS.dialogueRun(d.id), function () { return null; });
    var choices = root.querySelector(".kb-dlg__choices");
    if (choices) choices.textContent = "";

    var end = el("section", { "class": "kb-dlg__end kb-dlg__end--" + w.node.ending.kind, "data-kb-dialogue-end": w.node.ending.kind,
      "aria-labelledby": "kb-dlg-end-title", tabindex: "-1" });
    end.appendChild(el("h2", { id: "kb-dlg-end-title" }, "Концовка: " + ENDING_TITLES[w.node.ending.kind]));
    end.appendChild(el("p", {}, w.node.ending.text));
    end.appendChild(el("p", { "class": "kb-dlg__score", "data-kb-dialogue-score": String(result.percent) },
      "Баллы: " + result.points + " из " + result.max + " возможных — " + result.percent + "%."));
    var verdict;
    if (run.mode === "exam") {
      verdict = result.passed ? "«Зачёт» сдан." : "«Зачёт» не сдан: нужно не меньше " + Math.round(ui.course.pass_mark * 100)
        + "% баллов и концовка не «провал». Перечитай разбор и попробуй снова.";
    } else {
      verdict = "Это тренировка: результат не записывается. Чтобы он засчитался, пройди разговор в режиме «Зачёт».";
    }
    end.appendChild(el("p", { "class": "kb-dlg__verdict", "data-kb-dialogue-verdict": run.mode === "exam" ? (result.passed ? "passed" : "failed") : "training" }, verdict));
    end.appendChild(review(d, w));
    var actions = el("div", { "class": "kb-final__actions kb-no-print" });
    var again = el("button", { type: "button", "class": "md-button md-button--primary", "data-kb-dialogue-again": "" }, "Пройти заново");
    again.addEventListener("click", function () {
      menu(ui);
      var first = ui.root.querySelector("input");
      if (first) first.focus();
    });
    var print = el("button", { type: "button", "class": "md-button" }, "Распечатать разбор");
    print.addEventListener("click", function () { window.print(); });
    actions.appendChild(again);
    actions.appendChild(print);
    if (d.thesis && d.thesis.url) {
      actions.appendChild(el("a", { "class": "md-button", href: KB.siteUrl(d.thesis.url) }, "К тезису «" + d.thesis.title + "»"));
    }
    end.appendChild(actions);
    root.appendChild(end);
    root.appendChild(bestLine(ui));
    var live = root.querySelector("[data-kb-dialogue-live]");
    if (live) live.textContent = "Концовка: " + ENDING_TITLES[w.node.ending.kind] + ". " + result.percent + "%. " + verdict;
    end.focus();
    if (KB.progress && KB.progress.refresh) KB.progress.refresh();
  }

  /* Разбор пройденного пути: шаг за шагом — твой ответ, пояснение и лучший ответ. */
  function review(d, w) {
    var box = el("div", { "class": "kb-dlg__review", "data-kb-dialogue-review": "" });
    box.appendChild(el("h3", {}, "Разбор разговора"));
    var ol = el("ol");
    w.steps.forEach(function (step) {
      var li = el("li", { "data-kb-review-step": step.nodeId });
      var lines = (step.node.lines || []).filter(function (l) { return l.who === "client"; });
      if (lines.length) li.appendChild(el("p", { "class": "kb-dlg__review-client" }, d.client.name + ": " + lines[lines.length - 1].text));
      var mine = el("p");
      mine.appendChild(el("strong", {}, "Твой ответ (" + points(step.reply.points) + (step.reply.best ? ", лучший" : "") + "): "));
      mine.appendChild(document.createTextNode(step.reply.text));
      li.appendChild(mine);
      li.appendChild(el("p", { "class": "kb-dlg__review-why" }, step.reply.feedback));
      if (!step.reply.best && step.best) {
        var best = el("p", { "class": "kb-dlg__review-best" });
        best.appendChild(el("strong", {}, "Лучший ответ (" + points(step.best.points) + "): "));
        best.appendChild(document.createTextNode(step.best.text));
        li.appendChild(best);
        li.appendChild(el("p", { "class": "kb-dlg__review-why" }, step.best.feedback));
      }
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  KB.onPage(mount);
})();
