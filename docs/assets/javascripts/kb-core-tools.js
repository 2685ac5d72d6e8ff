/* Ядро учёта курса, вторая часть: правила страниц, которым они нужны, — итоговый тест (выборка,
 * оценка, слияние попытки), тренажёр разговора (проход, итог, лучший результат), планировщик
 * «Повторения», файл прогресса (разбор, план загрузки, имя файла), «Результаты группы» (строка и
 * ключ ученика, CSV без формул, UTF-8) и SCORM (suspend_data, статус и балл для LMS).
 *
 * Первая часть — kb-core.js (ключи, записи, оценка, даты, слияние, вход в «Повторение») — есть на
 * каждой странице; эта подключается только на страницах итогового теста, тренажёра, «Повторения»,
 * «Моего прогресса», «Результатов группы», на главной и на странице запуска SCORM (PAGE_MODULES
 * в scripts/kb/sitebuild/state.py): странице тезиса не нужна, и она на 5 КБ gzip легче.
 * Функции дописываются в тот же объект KB.core (в Node.js — в объект require("./kb-core.js")),
 * поэтому у вызывающих одно ядро, как и раньше. Без DOM; проверяется `node --test tests/js`.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./kb-core.js"));
  else factory(root.KBCore);
})(typeof self !== "undefined" ? self : this, function (core) {
  "use strict";

  var DAY_RE = core.DAY_RE, DECK = core.DECK, EPS = core.EPS, FORMAT = core.FORMAT,
      FORMAT_VERSION = core.FORMAT_VERSION, KEYS = core.KEYS, LEGACY_FINAL = core.LEGACY_FINAL,
      MAX_FILE = core.MAX_FILE, RATINGS = core.RATINGS, addDays = core.addDays, betterDialogue = core.betterDialogue,
      checkDialogue = core.checkDialogue, checkRecord = core.checkRecord, daysBetween = core.daysBetween,
      fitToCourse = core.fitToCourse, has = core.has, isInt = core.isInt, isObject = core.isObject,
      isPassed = core.isPassed, kindOf = core.kindOf, localDay = core.localDay, normalize = core.normalize,
      parseTime = core.parseTime, percent = core.percent, sameSet = core.sameSet, topicStatus = core.topicStatus;
  /* ---------- итоговый тест ---------- */

  function shuffle(list, random) {
    random = random || Math.random;
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  /* Новая попытка: по perThesis вопросов из каждого тезиса, вопросы и варианты перемешаны. */
  function drawAttempt(topic, final, perThesis, now, random) {
    var picked = [];
    topic.theses.forEach(function (t) {
      shuffle(final[t.id] || [], random).slice(0, perThesis).forEach(function (q) { picked.push(q); });
    });
    var order = {};
    picked.forEach(function (q) { order[q.id] = shuffle(q.answers.map(function (a) { return a.id; }), random); });
    return { questions: shuffle(picked, random).map(function (q) { return q.id; }), order: order, picks: {}, times: {},
      name: "", nameTime: 0, started: new Date(now).toISOString() };
  }

  /* Попытка годится, если все её вопросы и варианты ещё есть в тесте. */
  function attemptFits(saved, index) {
    if (!isObject(saved) || !Array.isArray(saved.questions) || !saved.questions.length || !isObject(saved.order)) return false;
    return saved.questions.every(function (id) {
      var item = index[id];
      var order = saved.order[id];
      return !!item && Array.isArray(order) && order.length === item.q.answers.length
        && item.q.answers.every(function (a) { return order.indexOf(a.id) !== -1; });
    });
  }

  /* Две вкладки одной попытки: ответы сливаются по вопросу (позднее изменение побеждает), имя — тоже.
   * Другая попытка (начата позже) побеждает целиком. */
  function mergeAttempt(stored, mine) {
    if (!isObject(stored) || stored.started !== mine.started) {
      if (isObject(stored) && (parseTime(stored.started) || 0) > (parseTime(mine.started) || 0)) return stored;
      return mine;
    }
    var out = Object.assign({}, mine, { picks: {}, times: {} });
    var ids = {};
    [stored, mine].forEach(function (a) { Object.keys(a.picks || {}).forEach(function (q) { ids[q] = true; }); });
    Object.keys(ids).forEach(function (q) {
      var st = (stored.times || {})[q] || 0;
      var mt = (mine.times || {})[q] || 0;
      var from = mt >= st && has(mine.picks || {}, q) ? mine : has(stored.picks || {}, q) ? stored : mine;
      out.picks[q] = from.picks[q];
      out.times[q] = Math.max(st, mt);
    });
    if ((stored.nameTime || 0) > (mine.nameTime || 0)) {
      out.name = stored.name;
      out.nameTime = stored.nameTime;
    }
    return out;
  }

  /* Попытка уже завершена (в этой или другой вкладке): результат записан с её началом. */
  function attemptFinished(attempt, finalRecord) {
    return isObject(attempt) && isObject(finalRecord) && !!attempt.started && finalRecord.attempt === attempt.started;
  }

  /* Оценка попытки: запись результата темы. index: { id вопроса: { thesis, q } }. */
  function scoreAttempt(attempt, index, topic, passMark, now) {
    var per = {};
    topic.theses.forEach(function (t) { per[t.id] = { right: 0, total: 0 }; });
    var right = 0;
    var answers = attempt.questions.map(function (qid) {
      var item = index[qid];
      var correct = item.q.answers.filter(function (a) { return a.correct; }).map(function (a) { return a.id; });
      var ok = sameSet(attempt.picks[qid] || [], correct);
      var p = per[item.thesis.id] || (per[item.thesis.id] = { right: 0, total: 0 });
      p.total++;
      if (ok) { p.right++; right++; }
      return { id: qid, thesis: item.thesis.id, ok: ok };
    });
    var total = attempt.questions.length;
    return {
      topic: topic.key, date: new Date(now).toISOString(), name: attempt.name || "", attempt: attempt.started,
      percent: percent(right, total), passed: isPassed(right, total, passMark), right: right, total: total,
      questions: attempt.questions.slice(),
      answers: answers,
      theses: Object.keys(per).map(function (id) { return { id: id, right: per[id].right, total: per[id].total }; }),
    };
  }

  /* ---------- тренажёр разговора ---------- */

  var ENDINGS = { success: "успех", partial: "частичный успех", failure: "провал" };

  /* Проход по ответам path (id реплик) от начала: { steps, node, points, ended } или { why }. */
  function walkDialogue(d, path) {
    var id = d.start;
    var node = d.nodes[id];
    var steps = [];
    var points = 0;
    for (var i = 0; i < path.length; i++) {
      if (!node || node.ending) return { why: "ответ после концовки" };
      var reply = (node.replies || []).filter(function (r) { return r.id === path[i]; })[0];
      if (!reply) return { why: "такого ответа на этом шаге нет" };
      var best = (node.replies || []).filter(function (r) { return r.best; })[0] || null;
      steps.push({ nodeId: id, node: node, reply: reply, best: best });
      points += reply.points;
      id = reply.next;
      node = d.nodes[id];
    }
    if (!node) return { why: "шаг не найден" };
    return { steps: steps, nodeId: id, node: node, points: points, ended: !!node.ending };
  }

  /* Итог пройденного диалога: баллы, доля лучших, концовка, сдан ли. */
  function dialogueResult(d, path, passMark, now) {
    var w = walkDialogue(d, path);
    if (w.why || !w.ended) return null;
    var share = d.max > 0 ? w.points / d.max : 0;
    return {
      points: w.points, max: d.max, percent: Math.min(100, Math.round(share * 100)),
      ending: w.node.ending.kind,
      passed: w.node.ending.kind !== "failure" && share >= passMark - EPS,
      date: new Date(now).toISOString(),
    };
  }

  /* Записать результат «Зачёта»: остаётся лучший для нынешней версии. */
  function recordDialogue(record, d, result) {
    if (!isObject(record) || record.version !== d.version || !isObject(record.best)) {
      return { version: d.version, best: result, last: result, attempts: 1 };
    }
    return { version: d.version, best: betterDialogue(record.best, result), last: result, attempts: (record.attempts | 0) + 1 };
  }



  /* Оценка по ответу: неверно — «снова», верно — «хорошо», верно, но было трудно — «трудно». */
  function rating(ok, hard) {
    return !ok ? "again" : hard ? "hard" : "good";
  }

  /* Повторение карточки: новая карточка (старую не меняет). Неверный ответ — назавтра. Первое повторение сначала
   * проигрывает планировщику вход (ответ в тесте тезиса), чтобы интервал учёл и его. */
  function reviewCard(card, rate, now, scheduler) {
    if (RATINGS.indexOf(rate) === -1) throw new Error("неизвестная оценка " + rate);
    var when = new Date(now);
    var state = card.fsrs;
    if (!state) state = scheduler.next(null, new Date(card.added), card.entered === "right" ? "easy" : "again").state;
    var next = scheduler.next(state, when, rate);
    /* «снова» — всегда завтра, как при входе: планировщик снизил устойчивость, а вопрос возвращается сразу */
    var days = rate === "again" ? 1 : Math.min(DECK.maxDays, Math.max(1, Math.round(next.days)));
    return Object.assign({}, card, { fsrs: next.state, ivl: days, due: addDays(localDay(when), days),
      last: when.toISOString(), reps: card.reps + 1, lapses: card.lapses + (rate === "again" ? 1 : 0) });
  }

  /* Планировщик из модуля ts-fsrs (window.FSRS или require): без «размытия» интервалов и без
   * повторов в тот же день — у курса шаг в день. next(state|null, время, оценка) → { state, days }. */
  function fsrsScheduler(F, params) {
    var f = F.fsrs(F.generatorParameters(Object.assign({ enable_fuzz: false, enable_short_term: false }, params || {})));
    var R = { again: F.Rating.Again, hard: F.Rating.Hard, good: F.Rating.Good, easy: F.Rating.Easy };
    return {
      name: "ts-fsrs",
      next: function (state, when, rate) {
        var card = state
          ? Object.assign({}, state, { due: new Date(state.due), last_review: state.last_review ? new Date(state.last_review) : undefined })
          : F.createEmptyCard(when);
        var c = f.next(card, when, R[rate]).card;
        return { days: c.scheduled_days, state: {
          due: c.due.toISOString(), stability: c.stability, difficulty: c.difficulty, elapsed_days: c.elapsed_days,
          scheduled_days: c.scheduled_days, learning_steps: c.learning_steps, reps: c.reps, lapses: c.lapses,
          state: c.state, last_review: c.last_review ? new Date(c.last_review).toISOString() : null } };
      },
    };
  }

  /* Колода в рамках курса: карточки вопросов, которых больше нет (автор изменил или удалил вопрос),
   * уходят; removed — что ушло (для пояснения ученику). questions: { id вопроса: id тезиса }. */
  function fitDeck(deck, questions) {
    var keep = {};
    var removed = [];
    Object.keys(isObject(deck) ? deck : {}).forEach(function (id) {
      if (has(questions, id) && isObject(deck[id])) keep[id] = deck[id];
      else removed.push({ id: id, thesis: isObject(deck[id]) ? deck[id].thesis : "", url: isObject(deck[id]) ? deck[id].url : "" });
    });
    return { deck: keep, removed: removed };
  }

  /* Вопросы на повторение сегодня: давно ждущие первыми. */
  function dueList(deck, now) {
    var today = localDay(new Date(now));
    return Object.keys(isObject(deck) ? deck : {}).filter(function (id) { return deck[id].due <= today; })
      .sort(function (a, b) {
        return deck[a].due < deck[b].due ? -1 : deck[a].due > deck[b].due ? 1 : a < b ? -1 : a > b ? 1 : 0;
      });
  }

  /* Сессия: не больше DECK.session вопросов из тех, что пора повторить. */
  function sessionPick(deck, now, size) {
    return dueList(deck, now).slice(0, size || DECK.session);
  }

  /* Ближайший день повторения среди тех, что ещё не наступили (или null). */
  function nextDue(deck, now) {
    var today = localDay(new Date(now));
    var days = Object.keys(isObject(deck) ? deck : {}).map(function (id) { return deck[id].due; })
      .filter(function (d) { return d > today; }).sort();
    return days.length ? days[0] : null;
  }

  /* «в повторении: N, выучено: M»: выучено — интервал от DECK.learned дней (как «зрелые» карточки Anki). */
  function deckSummary(deck, now) {
    var ids = Object.keys(isObject(deck) ? deck : {});
    return { total: ids.length, learned: ids.filter(function (id) { return deck[id].ivl >= DECK.learned; }).length,
      due: dueList(deck, now).length, next: nextDue(deck, now) };
  }

  function plural(n, one, few, many) {
    var m10 = n % 10;
    var m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  /* Когда день day по отношению к сегодняшнему: «сегодня», «завтра», «через 3 дня». */
  function whenText(day, now) {
    var n = daysBetween(localDay(new Date(now)), day);
    if (isNaN(n)) return "";
    if (n <= 0) return "сегодня";
    if (n === 1) return "завтра";
    return "через " + n + " " + plural(n, "день", "дня", "дней");
  }

  /* ---------- файл прогресса ---------- */

  var VERSION_WHY = function (v) {
    return typeof v === "number" && v > FORMAT_VERSION
      ? "его выгрузила более новая версия курса, а этот сайт её ещё не понимает. Попроси открыть курс по свежему адресу или обнови копию курса"
      : "он выгружен старой версией курса, которую этот сайт уже не читает";
  };

  /* Разобрать и проверить файл целиком: { data, plan-ready entries } или { why }. Ничего не пишет. */
  function parseProgress(text, index) {
    if (typeof text !== "string") return { why: "браузер не смог его прочитать" };
    if (text.length > MAX_FILE) return { why: "он слишком большой для файла прогресса (больше 2 МБ)" };
    var data;
    try {
      data = JSON.parse(text.replace(/^\ufeff/, ""));
    } catch (e) {
      return { why: "это не JSON. Выбери файл, который выгрузила кнопка «Выгрузить прогресс в файл»" };
    }
    if (!isObject(data) || data.format !== FORMAT) return { why: "это не файл прогресса этого курса" };
    if (data.version !== FORMAT_VERSION) return { why: VERSION_WHY(data.version) };
    if (!isObject(data.entries)) return { why: "в нём нет записей прогресса" };
    if (data.learner !== undefined && (typeof data.learner !== "string" || data.learner.length > 200)) {
      return { why: "имя ученика в нём повреждено" };
    }
    var entries = {};
    var dropped = 0;
    var keys = Object.keys(data.entries);
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      var kind = fileKind(k);
      if (!kind) return { why: "запись «" + k + "» неизвестна этому курсу" };
      if (kind.kind === "quiz" && (/^\/|\.\./.test(kind.id))) return { why: "запись «" + k + "» содержит недопустимый путь" };
      var why = checkRecord(kind.kind, data.entries[k]);
      if (why) return { why: "запись «" + k + "» " + why };
      if (index) {
        var fit = fitToCourse(kind.kind, kind.id, data.entries[k], index);
        dropped += fit.dropped;
        if (fit.value === null) continue;
        entries[k] = fit.value;
      } else {
        entries[k] = data.entries[k];
      }
    }
    return { data: data, entries: entries, dropped: dropped };
  }

  /* Вид записи файла: ключи файла — ключи хранилища, кроме тестов ("quiz:<адрес страницы>"). */
  function fileKind(k) {
    if (typeof k === "string" && k.indexOf("quiz:") === 0) return { kind: "quiz", id: k.slice(5) };
    var kind = kindOf(k);
    if (!kind || kind.kind === "unknown" || kind.kind === "fill" || kind.kind === "learner" || kind.kind === "quiz") return null;
    return kind;
  }

  /* Источник записей из файла (для «Результатов группы» и проверки без хранилища). */
  function fileSource(entries, topicList) {
    var first = topicList && topicList[0];
    function get(k) { return has(entries, k) && isObject(entries[k]) ? entries[k] : null; }
    return {
      problems: [],
      visited: function () { return get(KEYS.visited); },
      quiz: function (t) { return get("quiz:" + normalize(t.url)); },
      checklist: function (cl) { return get(KEYS.checklist(cl.url)); },
      dialogue: function (id) { return get(KEYS.dialogue(id)); },
      final: function (topicKey) {
        return get(KEYS.final(topicKey)) || (first && first.key === topicKey ? get(LEGACY_FINAL) : null);
      },
    };
  }

  /* Имя файла выгрузки: ученик и день, латиницей и без пробелов — файлы разных учеников не совпадут. */
  var TRANSLIT = { а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "i", к: "k", л: "l",
    м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch",
    ъ: "", ы: "y", ь: "", э: "e", ю: "iu", я: "ia" };

  function exportFileName(name, day) {
    var slug = String(name || "").toLowerCase().split("").map(function (c) {
      return has(TRANSLIT, c) ? TRANSLIT[c] : /[a-z0-9]/.test(c) ? c : "-";
    }).join("").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
    return "progress-" + (slug ? slug + "-" : "") + day + ".json";
  }

  /* ---------- «Результаты группы» ---------- */

  /* Строка таблицы по файлу ученика: { name, named, file, passed, total, finals, dialogues, last, exported }. */
  function learnerRow(fileName, parsed, topics, passMark) {
    var src = fileSource(parsed.entries, topics);
    var passed = 0;
    var total = 0;
    var dialogues = {};
    var finals = {};
    var times = [parseTime(parsed.data.exported)];
    var named = [];
    topics.forEach(function (topic) {
      var status = topicStatus(topic, src, passMark);
      passed += status.passed;
      total += status.total;
      dialogues[topic.key] = { passed: status.dialoguesPassed, total: status.dialogues };
      var f = src.final(topic.key);
      if (!f) return;
      var t = parseTime(f.date);
      finals[topic.key] = { percent: f.percent, passed: f.passed === true, time: t };
      times.push(t);
      if (typeof f.name === "string" && f.name.trim()) named.push({ name: f.name.trim(), t: t || 0 });
    });
    var visited = src.visited() || {};
    Object.keys(visited).forEach(function (id) { times.push(parseTime(visited[id])); });
    named.sort(function (a, b) { return b.t - a.t; });
    var own = typeof parsed.data.learner === "string" ? parsed.data.learner.trim() : "";
    var name = own || (named.length ? named[0].name : "");
    var last = times.filter(function (t) { return !isNaN(t); }).sort(function (a, b) { return b - a; })[0];
    return { file: fileName, name: name, named: !!name, passed: passed, total: total, finals: finals, dialogues: dialogues,
      last: last === undefined ? null : last, exported: parseTime(parsed.data.exported) || 0 };
  }

  /* Ключ ученика: имя (без регистра и лишних пробелов); без имени — файл. */
  function learnerKey(row) {
    return row.named ? "name:" + row.name.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ") : "file:" + row.file;
  }

  /* Два файла одного ученика: остаётся более поздний. */
  function newerRow(a, b) {
    return (b.exported || 0) >= (a.exported || 0) ? b : a;
  }

  /* Ячейка CSV: текст, который Excel принял бы за формулу, начинается с «'» (совет OWASP). */
  function csvCell(v) {
    var s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[;"\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /* Текст файла как UTF-8; не UTF-8 (например, Windows-1251) — { why }. */
  function decodeUtf8(bytes) {
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch (e) {
      return { why: "файл не в кодировке UTF-8 (возможно, его пересохранили в Windows-1251); нужен файл, который выгрузил курс" };
    }
  }

  /* ---------- SCORM 1.2: suspend_data ----------
   * JSON {"v":1,"t":{id тезиса:"отпечаток.день.ответы.чек-лист…"},"f":{тема:[%,сдан,верно,всего,время,имя]},
   *       "d":{диалог:[%,сдан,версия,время]},"o":"…"}
   *   отпечаток — 4 знака хеша id вопросов и пунктов тезиса: автор изменил тезис — запись не применяется;
   *   день — «прочитан», дни с 1970-01-01 в base36; ответы — по знаку на вопрос (id по алфавиту):
   *   0 — нет ответа, 1 — неверно, 2 — верно; чек-лист — отметки битами, шестнадцатеричными цифрами;
   *   время — секунды Unix в base36; o — что опущено, чтобы уложиться: v (даты прочтения),
   *   c (чек-листы), n (имена), q (ответы), d (тренажёры). */
  var SUSPEND_MAX = 4096;
  var OMIT_ORDER = ["", "v", "c", "n", "q", "d"];

  function hash(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return ("000" + (h >>> 0).toString(36)).slice(-4);
  }

  function sorted(list) { return list.slice().sort(); }

  function fingerprint(t) {
    return hash([sorted(t.quiz).join(",")].concat((t.checklists || []).map(function (c) { return sorted(c.items).join(","); })).join("|"));
  }

  function toDays(day) {
    var m = DAY_RE.test(day) ? Date.parse(day + "T00:00:00Z") : NaN;
    return isNaN(m) ? "" : Math.round(m / 864e5).toString(36);
  }

  function fromDays(s) { return new Date(parseInt(s, 36) * 864e5).toISOString().slice(0, 10); }

  function bits(flags) {
    var out = "";
    for (var i = 0; i < flags.length; i += 4) {
      var n = 0;
      for (var j = 0; j < 4; j++) if (flags[i + j]) n |= 8 >> j;
      out += n.toString(16);
    }
    return out.replace(/0+$/, "");
  }

  function unbits(hex, i) {
    var n = parseInt(hex.charAt(i >> 2) || "0", 16);
    return !!(n & (8 >> (i & 3)));
  }

  function secs(iso) {
    var t = parseTime(iso);
    return isNaN(t) ? "" : Math.floor(t / 1000).toString(36);
  }

  /* Состояние курса из источника записей: { t, f, d }. */
  function collect(topics, src) {
    var visited = src.visited() || {};
    var t = {};
    var f = {};
    var d = {};
    topics.forEach(function (topic) {
      topic.theses.forEach(function (th) {
        var answers = src.quiz(th) || {};
        var quiz = sorted(th.quiz).map(function (id) {
          var a = answers[id];
          return isObject(a) && a.answered === true ? (a.correct === true ? "2" : "1") : "0";
        }).join("").replace(/0+$/, "");
        var lists = (th.checklists || []).map(function (c) {
          var ticks = src.checklist(c) || {};
          return bits(sorted(c.items).map(function (id) { return ticks[id] === true; }));
        });
        var day = typeof visited[th.id] === "string" ? toDays(visited[th.id]) : "";
        if (day || quiz || lists.join("")) t[th.id] = [fingerprint(th), day, quiz].concat(lists);
        if (th.dialogue) {
          var rec = src.dialogue(th.dialogue.id);
          if (isObject(rec) && isObject(rec.best) && !checkDialogue(rec)) {
            d[th.dialogue.id] = [rec.best.percent, rec.best.passed ? 1 : 0, rec.version, secs(rec.best.date)];
          }
        }
      });
      var fin = src.final(topic.key);
      if (isObject(fin) && typeof fin.percent === "number") {
        f[topic.key] = [fin.percent, fin.passed === true ? 1 : 0, fin.right | 0, fin.total | 0, secs(fin.date),
          typeof fin.name === "string" ? fin.name.slice(0, 60) : ""];
      }
    });
    return { t: t, f: f, d: d };
  }

  /* Строка для suspend_data не длиннее max: не влезает — опускаем менее важное по порядку. */
  function pack(state, max) {
    max = max || SUSPEND_MAX;
    var omit = "";
    for (var s = 0; s < OMIT_ORDER.length; s++) {
      omit += OMIT_ORDER[s];
      var t = {};
      Object.keys(state.t).forEach(function (id) {
        var e = state.t[id].slice();
        if (omit.indexOf("v") !== -1) e[1] = "";
        if (omit.indexOf("q") !== -1) e[2] = "";
        if (omit.indexOf("c") !== -1) e.length = 3;
        var text = e.join(".").replace(/\.+$/, "");
        if (text.length > 4) t[id] = text;
      });
      var f = {};
      Object.keys(state.f).forEach(function (k) {
        f[k] = state.f[k].slice();
        if (omit.indexOf("n") !== -1) f[k][5] = "";
      });
      var out = { v: 1, t: t, f: f };
      if (omit.indexOf("d") === -1 && Object.keys(state.d || {}).length) out.d = state.d;
      if (omit) out.o = omit;
      var text = JSON.stringify(out);
      if (text.length <= max) return { text: text, omitted: omit };
    }
    return { text: null, omitted: "vcnqdf" }; /* не поместились даже итоговые тесты: не пишем ничего */
  }

  function isArr(v, n) { return Array.isArray(v) && v.length >= n; }

  /* suspend_data → записи курса { key: запись } для слияния, или { why }. Проверяется целиком:
   * любая порча — ничего не применяется. keyOfQuiz(thesis) — ключ теста в этом браузере. */
  function unpack(text, topics, keyOfQuiz) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return { why: "копия прогресса в LMS обрезана или повреждена" }; }
    if (!isObject(data) || data.v !== 1 || !isObject(data.t) || !isObject(data.f)
      || (data.d !== undefined && !isObject(data.d)) || (data.o !== undefined && typeof data.o !== "string")) {
      return { why: "копия прогресса в LMS не в формате курса" };
    }
    var omit = data.o || "";
    var records = {};
    var visited = {};
    var bad = "";
    topics.forEach(function (topic) {
      topic.theses.forEach(function (th) {
        if (th.dialogue && data.d && omit.indexOf("d") === -1 && data.d[th.dialogue.id] !== undefined) {
          var dialogue = unpackDialogue(data.d[th.dialogue.id]);
          if (!dialogue) { bad = "результат тренажёра «" + th.dialogue.id + "» повреждён"; return; }
          records[KEYS.dialogue(th.dialogue.id)] = dialogue;
        }
        var raw = data.t[th.id];
        if (raw === undefined) return;
        if (typeof raw !== "string") { bad = "запись тезиса «" + th.id + "» повреждена"; return; }
        var parts = raw.split(".");
        if (parts[0] !== fingerprint(th)) return; /* тезис изменился: позиции уже не те */
        if (parts[1] && omit.indexOf("v") === -1) {
          if (!/^[0-9a-z]+$/.test(parts[1])) { bad = "дата тезиса «" + th.id + "» повреждена"; return; }
          visited[th.id] = fromDays(parts[1]);
        }
        if (omit.indexOf("q") === -1 && parts[2]) {
          if (!/^[012]+$/.test(parts[2])) { bad = "ответы тезиса «" + th.id + "» повреждены"; return; }
          var answers = {};
          sorted(th.quiz).forEach(function (id, i) {
            var c = parts[2].charAt(i);
            if (c === "1" || c === "2") answers[id] = { answered: true, correct: c === "2", selectedValues: [] };
          });
          if (Object.keys(answers).length) records[keyOfQuiz(th)] = answers;
        }
        if (omit.indexOf("c") === -1) {
          (th.checklists || []).forEach(function (c, n) {
            var hex = parts[3 + n] || "";
            if (!/^[0-9a-f]*$/.test(hex)) { bad = "чек-лист тезиса «" + th.id + "» повреждён"; return; }
            var ticks = {};
            sorted(c.items).forEach(function (id, i) { if (unbits(hex, i)) ticks[id] = true; });
            if (Object.keys(ticks).length) records[KEYS.checklist(c.url)] = ticks;
          });
        }
      });
      var rec = data.f[topic.key];
      if (rec === undefined) return;
      if (!isArr(rec, 6) || !isInt(rec[0], 0, 100) || (rec[1] !== 0 && rec[1] !== 1) || !isInt(rec[3], 0, 10000)
        || !isInt(rec[2], 0, rec[3]) || typeof rec[4] !== "string" || typeof rec[5] !== "string") {
        bad = "результат итогового теста темы «" + topic.key + "» повреждён";
        return;
      }
      var final = { topic: topic.key, date: rec[4] ? new Date(parseInt(rec[4], 36) * 1000).toISOString() : "",
        percent: rec[0], passed: rec[1] === 1, right: rec[2], total: rec[3], questions: [], theses: [] };
      if (rec[5]) final.name = rec[5];
      records[KEYS.final(topic.key)] = final;
    });
    if (bad) return { why: "копия прогресса в LMS повреждена: " + bad };
    if (Object.keys(visited).length) records[KEYS.visited] = visited;
    return { records: records, omitted: omit };
  }

  /* Результат тренажёра из suspend_data: [%, сдан, версия, время] → запись или null. */
  function unpackDialogue(dr) {
    if (!isArr(dr, 4) || !isInt(dr[0], 0, 100) || (dr[1] !== 0 && dr[1] !== 1) || typeof dr[2] !== "string"
      || typeof dr[3] !== "string") return null;
    var best = { percent: dr[0], passed: dr[1] === 1 };
    if (dr[3]) best.date = new Date(parseInt(dr[3], 36) * 1000).toISOString();
    return { version: dr[2], best: best };
  }

  /* Статус и балл для LMS по результатам итоговых тестов всех тем. */
  function lmsResult(topics, src) {
    var finals = topics.map(function (t) { return src.final(t.key); });
    var done = finals.filter(function (f) { return isObject(f) && typeof f.percent === "number"; });
    var passed = done.filter(function (f) { return f.passed === true; });
    var status = !topics.length || done.length < topics.length ? "incomplete"
      : passed.length === topics.length ? "passed" : "failed";
    var sum = done.reduce(function (n, f) { return n + f.percent; }, 0);
    return { status: status, score: done.length ? String(Math.round(sum / topics.length)) : null };
  }

  return Object.assign(core, {
    SUSPEND_MAX: SUSPEND_MAX, ENDINGS: ENDINGS, fileKind: fileKind, shuffle: shuffle, drawAttempt: drawAttempt,
    attemptFits: attemptFits, mergeAttempt: mergeAttempt, attemptFinished: attemptFinished,
    scoreAttempt: scoreAttempt, walkDialogue: walkDialogue, dialogueResult: dialogueResult,
    recordDialogue: recordDialogue, parseProgress: parseProgress, fileSource: fileSource,
    exportFileName: exportFileName, learnerRow: learnerRow, learnerKey: learnerKey, newerRow: newerRow,
    csvCell: csvCell, decodeUtf8: decodeUtf8, fingerprint: fingerprint, collect: collect, pack: pack, unpack: unpack,
    lmsResult: lmsResult, rating: rating, reviewCard: reviewCard, fsrsScheduler: fsrsScheduler, fitDeck: fitDeck,
    dueList: dueList, sessionPick: sessionPick, nextDue: nextDue, deckSummary: deckSummary, whenText: whenText,
    plural: plural,
  });
});
