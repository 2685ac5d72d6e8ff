/* Ядро учёта курса: правила без DOM и без хранилища. Один источник для страниц сайта
 * (kb-store.js и модули), страницы запуска SCORM и «Результатов группы»; проверяется
 * `node --test tests/js` за доли секунды. Две части, один объект KB.core:
 *
 * kb-core.js (эта часть; есть на каждой странице):
 *   ключи        — реестр ключей хранилища (KEYS) и разбор ключа по виду записи (kindOf);
 *   записи       — проверка формы записи каждого вида (checkRecord) и курса (courseIndex);
 *   оценка       — проходной балл (need, isPassed), процент, статус тезиса и темы;
 *   даты         — день ученика по его часам (localDay), вывод дат «ДД.ММ.ГГГГ»;
 *   слияние      — одно правило на вид записи (mergeRecord): загрузка файла, две вкладки,
 *                  LMS против браузера; ничего не удаляется;
 *   колода       — вход вопросов теста тезиса в «Повторение» (enterAnswers), форма карточки.
 * kb-core-tools.js (только страницам, которым нужна; дописывает функции в тот же объект):
 *   итоговый тест — выборка, оценка, слияние попытки из двух вкладок;
 *   тренажёр     — проход диалога, баллы и итог, лучший результат;
 *   повторение   — планировщик, очередь на сегодня, сводка;
 *   файл прогресса — разбор и проверка целиком, план загрузки;
 *   группа       — строка ученика, ключ ученика, CSV без формул;
 *   SCORM        — сжатие в suspend_data и обратно, статус и балл для LMS.
 *
 * Источник записей (src) — объект с функциями чтения по смыслу, а не по ключу:
 *   { visited(), quiz(thesis), checklist(cl), dialogue(id), final(topicKey), problems: [] }
 * Его строят хранилище браузера (KB.source) и файл ученика (fileSource).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KBCore = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var PREFIX = "kb:v1:";
  var QUIZ_PREFIX = "quiz_progress_";
  var LEGACY_FINAL = PREFIX + "final"; /* до тем: один итоговый тест на курс */
  var FORMAT = "kb-progress";
  var FORMAT_VERSION = 1;
  var MAX_FILE = 2 * 1024 * 1024; /* файл прогресса больше 2 МиБ — не наш: у ученика всего курса ~20 КиБ */
  var EPS = 1e-9;

  /* ---------- ключи ---------- */

  /* "a/b/", "a/b/index.html" и "a/b.html" (копия для диска) — одна страница "a/b/". */
  function normalize(rel) {
    rel = String(rel).replace(/^\//, "");
    if (/(^|\/)index\.html$/.test(rel)) return rel.replace(/index\.html$/, "");
    return rel.replace(/\.html$/, "/");
  }

  var KEYS = {
    visited: PREFIX + "visited",
    fill: PREFIX + "fill",
    learner: PREFIX + "learner", /* имя ученика для файла прогресса */
    deck: PREFIX + "deck",
    checklist: function (rel) { return PREFIX + "checklist:" + normalize(rel); },
    final: function (topicKey) { return PREFIX + "final:" + topicKey; },
    attempt: function (topicKey) { return PREFIX + "attempt:" + topicKey; },
    dialogue: function (id) { return PREFIX + "dialogue:" + id; },
    dialogueRun: function (id) { return PREFIX + "dialogue-run:" + id; },
    /* mkdocs-quiz хранит ответы по location.pathname страницы */
    quiz: function (pathname) { return QUIZ_PREFIX + pathname; },
  };

  var NAMED = ["checklist", "final", "attempt", "dialogue-run", "dialogue"];

  /* Вид записи по ключу хранилища: { kind, id } или null (не наш ключ). */
  function kindOf(key) {
    if (typeof key !== "string") return null;
    if (key.indexOf(QUIZ_PREFIX) === 0) return { kind: "quiz", id: key.slice(QUIZ_PREFIX.length) };
    if (key.indexOf(PREFIX) !== 0) return null;
    var rest = key.slice(PREFIX.length);
    if (rest === "visited" || rest === "fill" || rest === "learner" || rest === "deck") return { kind: rest, id: "" };
    if (rest === "final") return { kind: "legacy-final", id: "" };
    for (var i = 0; i < NAMED.length; i++) {
      if (rest.indexOf(NAMED[i] + ":") === 0) return { kind: NAMED[i], id: rest.slice(NAMED[i].length + 1) };
    }
    return { kind: "unknown", id: rest };
  }

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  function has(obj, k) {
    return Object.prototype.hasOwnProperty.call(obj, k);
  }

  /* ---------- оценка ---------- */

  /* Сколько верных нужно из total, чтобы сдать: 80% из 10 — 8, из 9 — 8 (7,2 → 8). */
  function need(passMark, total) {
    return Math.ceil(passMark * total - EPS);
  }

  function isPassed(right, total, passMark) {
    return total > 0 && right >= need(passMark, total);
  }

  function percent(right, total) {
    return total > 0 ? Math.round((right / total) * 100) : 0;
  }

  /* Выбор верен, только если отмечены ровно верные варианты. */
  function sameSet(picked, correct) {
    if (!Array.isArray(picked) || picked.length !== correct.length) return false;
    return picked.every(function (id) { return correct.indexOf(id) !== -1; })
      && correct.every(function (id) { return picked.indexOf(id) !== -1; });
  }

  function quizStatus(ids, answers, passMark) {
    answers = isObject(answers) ? answers : {};
    var answered = 0;
    var correct = 0;
    ids.forEach(function (id) {
      var a = answers[id];
      if (isObject(a) && a.answered === true) {
        answered++;
        if (a.correct === true) correct++;
      }
    });
    return { answered: answered, correct: correct, total: ids.length,
      passed: ids.length > 0 && answered === ids.length && isPassed(correct, ids.length, passMark) };
  }

  /* Лучший результат тренажёра в записи — если он для нынешней версии диалога. */
  function dialogueStatus(d, record) {
    if (!d) return null;
    var best = isObject(record) && isObject(record.best) ? record.best : null;
    var stale = !!best && record.version !== d.version;
    return { id: d.id, title: d.title, url: d.url, best: stale ? null : best, stale: stale,
      passed: !!best && !stale && best.passed === true };
  }

  /* Тезис: прочитан, тест, чек-листы, тренажёр. Сдан — тест сдан и (если есть) тренажёр сдан в «Зачёте». */
  function thesisStatus(thesis, src, passMark) {
    var visited = src.visited() || {};
    var q = quizStatus(thesis.quiz || [], src.quiz(thesis), passMark);
    var checklists = (thesis.checklists || []).map(function (cl) {
      var state = src.checklist(cl) || {};
      var ticked = cl.items.filter(function (id) { return state[id] === true; }).length;
      return { title: cl.title, url: cl.url, ticked: ticked, total: cl.items.length };
    });
    var day = typeof visited[thesis.id] === "string" ? visited[thesis.id] : null;
    var dialogue = dialogueStatus(thesis.dialogue, thesis.dialogue ? src.dialogue(thesis.dialogue.id) : null);
    return {
      visited: day,
      answered: q.answered,
      correct: q.correct,
      total: q.total,
      quizPassed: q.passed,
      dialogue: dialogue,
      passed: q.passed && (!dialogue || dialogue.passed),
      /* автор обновил тезис после того, как ученик его прочитал (даты — дни, сравниваются строкой) */
      updated: !!day && typeof thesis.updated === "string" && thesis.updated > day,
      checklists: checklists,
    };
  }

  function topicStatus(topic, src, passMark) {
    var statuses = topic.theses.map(function (t) { return thesisStatus(t, src, passMark); });
    var passed = statuses.filter(function (s) { return s.passed; }).length;
    var dialogues = statuses.filter(function (s) { return s.dialogue; });
    return { topic: topic, statuses: statuses, passed: passed, total: topic.theses.length,
      dialogues: dialogues.length, dialoguesPassed: dialogues.filter(function (s) { return s.dialogue.passed; }).length };
  }

  /* ---------- даты ---------- */

  function pad(n, w) { return ("0000" + n).slice(-(w || 2)); }

  /* День по часам ученика: «прочитан» после полуночи по Москве — сегодняшним числом, а не вчерашним. */
  function localDay(date) {
    date = date || new Date();
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  /* Время записи в мс: ISO, «ГГГГ-ММ-ДД» (полночь по часам ученика) или старое «ДД.ММ.ГГГГ»; иначе NaN. */
  function parseTime(value) {
    if (typeof value !== "string") return NaN;
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return new Date(+m[1], m[2] - 1, +m[3]).getTime();
    m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
    if (m) return new Date(+m[3], m[2] - 1, +m[1]).getTime();
    return /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  }

  /* «ДД.ММ.ГГГГ» по часам ученика для дня или ISO; непонятное — "". */
  function dayText(value) {
    var m = typeof value === "string" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return m[3] + "." + m[2] + "." + m[1];
    var t = parseTime(value);
    if (isNaN(t)) return "";
    var d = new Date(t);
    return pad(d.getDate()) + "." + pad(d.getMonth() + 1) + "." + d.getFullYear();
  }

  /* ---------- записи: форма ---------- */

  var DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

  function isInt(v, lo, hi) {
    return typeof v === "number" && Math.floor(v) === v && v >= lo && v <= hi;
  }

  function checkFinal(v) {
    if (!isInt(v.percent, 0, 100)) return "процент итогового теста вне 0–100";
    if (typeof v.passed !== "boolean") return "нет отметки «сдан»";
    if (v.right !== undefined && v.total !== undefined
      && !(isInt(v.total, 0, 10000) && isInt(v.right, 0, v.total))) return "верных ответов больше, чем вопросов";
    if (v.date !== undefined && isNaN(parseTime(v.date))) return "дата не читается";
    if (v.name !== undefined && (typeof v.name !== "string" || v.name.length > 200)) return "имя не строка или длиннее 200 знаков";
    return "";
  }

  function checkDialogue(v) {
    if (typeof v.version !== "string") return "нет версии диалога";
    var b = v.best;
    if (!isObject(b)) return "нет лучшего результата";
    if (!isInt(b.percent, 0, 100)) return "процент тренажёра вне 0–100";
    if (typeof b.passed !== "boolean") return "нет отметки «сдан»";
    if (b.date !== undefined && isNaN(parseTime(b.date))) return "дата не читается";
    return "";
  }

  /* Почему запись не годится ("" — годится): форма, без сверки с курсом. */
  function checkRecord(kind, v) {
    if (!isObject(v)) return "повреждена (ожидался объект)";
    var k;
    if (kind === "quiz") {
      for (k in v) {
        if (!isObject(v[k]) || typeof v[k].answered !== "boolean" || typeof v[k].correct !== "boolean") {
          return "повреждена (ответ на вопрос без полей answered и correct)";
        }
      }
      return "";
    }
    if (kind === "checklist") {
      for (k in v) if (v[k] !== true) return "повреждена (отметка чек-листа не true)";
      return "";
    }
    if (kind === "visited") {
      for (k in v) if (typeof v[k] !== "string" || !DAY_RE.test(v[k])) return "повреждена (дата прочтения не ГГГГ-ММ-ДД)";
      return "";
    }
    if (kind === "final" || kind === "legacy-final") return checkFinal(v);
    if (kind === "dialogue") return checkDialogue(v);
    if (kind === "deck") return checkDeck(v);
    if (kind === "attempt" || kind === "dialogue-run") return "";
    return "неизвестна этому курсу";
  }

  /* Что есть в курсе: по адресу тезиса — id вопросов, по адресу чек-листа — id пунктов, темы, диалоги. */
  function courseIndex(topics) {
    var index = { quiz: {}, checklists: {}, theses: {}, topics: {}, dialogues: {}, questions: {} };
    topics.forEach(function (topic) {
      index.topics[topic.key] = true;
      topic.theses.forEach(function (t) {
        index.theses[t.id] = true;
        index.quiz[normalize(t.url)] = t.quiz.slice();
        t.quiz.forEach(function (q) { index.questions[q] = t.id; });
        (t.checklists || []).forEach(function (cl) { index.checklists[normalize(cl.url)] = cl.items.slice(); });
        if (t.dialogue) index.dialogues[t.dialogue.id] = t.dialogue.version;
      });
    });
    return index;
  }

  /* Оставить от записи файла только то, что есть в курсе: { value, dropped } (value null — ничего). */
  function fitToCourse(kind, id, v, index) {
    var keep = {};
    var dropped = 0;
    var known = null;
    if (kind === "quiz") known = index.quiz[normalize(id)];
    else if (kind === "checklist") known = index.checklists[normalize(id)];
    else if (kind === "visited") known = Object.keys(index.theses);
    else if (kind === "deck") known = Object.keys(index.questions);
    else if (kind === "final" || kind === "attempt") return index.topics[id] ? { value: v, dropped: 0 } : { value: null, dropped: 1 };
    else if (kind === "dialogue" || kind === "dialogue-run") return has(index.dialogues, id) ? { value: v, dropped: 0 } : { value: null, dropped: 1 };
    else return { value: v, dropped: 0 };
    if (!known) return { value: null, dropped: Math.max(1, Object.keys(v).length) };
    Object.keys(v).forEach(function (k) {
      if (known.indexOf(k) !== -1) keep[k] = v[k];
      else dropped++;
    });
    return { value: Object.keys(keep).length ? keep : null, dropped: dropped };
  }

  /* ---------- слияние ---------- */

  function betterDialogue(a, b) {
    /* лучше — сданный; среди равных — с большим процентом; затем — более поздний */
    if (a.passed !== b.passed) return a.passed ? a : b;
    if (a.percent !== b.percent) return a.percent > b.percent ? a : b;
    return (parseTime(b.date) || 0) > (parseTime(a.date) || 0) ? b : a;
  }

  /* Слить запись incoming в local по правилу вида kind. Ничего не удаляет.
   * { value, added, replaced }: что записать и сколько изменилось. */
  function mergeRecord(kind, local, incoming) {
    if (!isObject(incoming)) return { value: local, added: 0, replaced: 0 };
    if (!isObject(local)) {
      var n = kind === "final" || kind === "legacy-final" || kind === "attempt" || kind === "dialogue" || kind === "dialogue-run"
        ? 1 : Object.keys(incoming).length;
      return { value: incoming, added: n, replaced: 0 };
    }
    if (kind === "final" || kind === "legacy-final") {
      /* более поздний результат итогового теста побеждает целиком */
      return (parseTime(incoming.date) || 0) > (parseTime(local.date) || 0)
        ? { value: incoming, added: 0, replaced: 1 } : { value: local, added: 0, replaced: 0 };
    }
    if (kind === "dialogue") {
      if (incoming.version !== local.version) {
        /* результат нынешней версии диалога важнее старого; из двух старых — более поздний */
        return { value: local, added: 0, replaced: 0 };
      }
      var best = betterDialogue(local.best, incoming.best);
      return best === local.best ? { value: local, added: 0, replaced: 0 }
        : { value: Object.assign({}, local, { best: best }), added: 0, replaced: 1 };
    }
    if (kind === "attempt" || kind === "dialogue-run") return { value: local, added: 0, replaced: 0 };
    if (kind === "deck") {
      /* по карточке: более позднее повторение (или вход) побеждает */
      var deck = Object.assign({}, local);
      var dAdded = 0;
      var dReplaced = 0;
      Object.keys(incoming).forEach(function (id) {
        if (!isObject(local[id])) { deck[id] = incoming[id]; dAdded++; return; }
        if (newerCard(local[id], incoming[id]) !== local[id]) { deck[id] = incoming[id]; dReplaced++; }
      });
      return { value: deck, added: dAdded, replaced: dReplaced };
    }
    var value = Object.assign({}, local);
    var added = 0;
    var replaced = 0;
    Object.keys(incoming).forEach(function (id) {
      var mine = local[id];
      var theirs = incoming[id];
      if (mine === undefined) {
        value[id] = theirs;
        added++;
      } else if (kind === "visited") {
        if (typeof theirs === "string" && theirs < mine) { value[id] = theirs; replaced++; } /* прочитан — с самой ранней даты */
      } else if (kind === "quiz") {
        /* ответ из другого источника — только вместо неотвеченного здесь; здешний ответ остаётся */
        if (isObject(theirs) && theirs.answered === true && !(isObject(mine) && mine.answered === true)) {
          value[id] = theirs;
          replaced++;
        }
      }
    });
    return { value: value, added: added, replaced: replaced };
  }

  /* ---------- повторение (колода) ----------
   * Колода — одна запись KEYS.deck: { id вопроса теста тезиса: карточка }. Карточка:
   *   { thesis, url,            тезис вопроса и адрес его страницы (ссылка «перечитать»);
   *     added, last,            когда вошла и когда менялась в последний раз (ISO): при слиянии
   *                             колод (загрузка файла, две вкладки) побеждает более поздняя;
   *     entered: "right"|"wrong" первый ответ в тесте тезиса;
   *     due: "ГГГГ-ММ-ДД",      день ученика, с которого вопрос — на повторение;
   *     ivl, reps, lapses,      интервал в днях, повторений, из них «снова»;
   *     fsrs }                  состояние планировщика (null — ещё не повторялась).
   * Правила входа — курса: неверный ответ — на повторение завтра, верный с первого раза — через
   * DECK.enterRight дней. Дальше интервал считает планировщик (scheduler), который передают
   * снаружи: на сайте — ts-fsrs (fsrsScheduler), в тестах — он же. */
  var DECK = { enterRight: 14, learned: 21, session: 10, maxDays: 36500 };
  var RATINGS = ["again", "hard", "good", "easy"];

  /* День через n дней после day («ГГГГ-ММ-ДД») по календарю ученика. */
  function addDays(day, n) {
    var m = DAY_RE.test(day) && /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) return "";
    return localDay(new Date(+m[1], m[2] - 1, +m[3] + n));
  }

  /* Дней от дня a до дня b (календарных, без перехода на летнее время). */
  function daysBetween(a, b) {
    var ta = parseTime(a);
    var tb = parseTime(b);
    return Math.round((tb - ta) / 864e5);
  }

  function checkCard(c) {
    if (!isObject(c)) return "карточка повторения не объект";
    if (typeof c.thesis !== "string" || typeof c.url !== "string") return "у карточки повторения нет тезиса";
    if (typeof c.due !== "string" || !DAY_RE.test(c.due)) return "день повторения не ГГГГ-ММ-ДД";
    if (isNaN(parseTime(c.last)) || isNaN(parseTime(c.added))) return "дата карточки повторения не читается";
    if (c.entered !== "right" && c.entered !== "wrong") return "у карточки повторения нет первого ответа";
    if (!isInt(c.ivl, 0, DECK.maxDays) || !isInt(c.reps, 0, 100000) || !isInt(c.lapses, 0, c.reps)) {
      return "счётчики карточки повторения вне границ";
    }
    if (c.fsrs !== null && !(isObject(c.fsrs) && typeof c.fsrs.stability === "number" && isFinite(c.fsrs.stability)
      && typeof c.fsrs.difficulty === "number" && isFinite(c.fsrs.difficulty))) return "состояние планировщика повреждено";
    return "";
  }

  function checkDeck(v) {
    for (var k in v) {
      if (!/^quiz-[0-9a-z-]+$/i.test(k)) return "повреждена (карточка повторения не вопрос теста)";
      var why = checkCard(v[k]);
      if (why) return "повреждена (" + why + ")";
    }
    return "";
  }

  /* Новая карточка по первому ответу в тесте тезиса; q: { id, thesis, url }. */
  function enterCard(q, ok, now) {
    var when = new Date(now);
    var days = ok ? DECK.enterRight : 1;
    return { thesis: q.thesis, url: q.url, added: when.toISOString(), last: when.toISOString(),
      entered: ok ? "right" : "wrong", due: addDays(localDay(when), days), ivl: days, reps: 0, lapses: 0, fsrs: null };
  }

  /* Ответы теста тезиса (запись mkdocs-quiz) → колода: вопросы, которых в ней нет, входят.
   * Что уже в колоде, не меняется: дальше его ведёт «Повторение». Возвращает { deck, added }. */
  function enterAnswers(deck, thesis, answers, now) {
    var out = Object.assign({}, isObject(deck) ? deck : {});
    var added = [];
    (thesis.quiz || []).forEach(function (id) {
      var a = isObject(answers) ? answers[id] : null;
      if (!isObject(a) || a.answered !== true || has(out, id)) return;
      out[id] = enterCard({ thesis: thesis.id, url: thesis.url }, a.correct === true, now);
      added.push(id);
    });
    return { deck: out, added: added };
  }

  /* Из двух версий карточки — более поздняя (по last); равные — своя. */
  function newerCard(mine, theirs) {
    if (!isObject(mine)) return theirs;
    if (!isObject(theirs)) return mine;
    return (parseTime(theirs.last) || 0) > (parseTime(mine.last) || 0) ? theirs : mine;
  }

  return {
    PREFIX: PREFIX, QUIZ_PREFIX: QUIZ_PREFIX, LEGACY_FINAL: LEGACY_FINAL, FORMAT: FORMAT,
    FORMAT_VERSION: FORMAT_VERSION, MAX_FILE: MAX_FILE, KEYS: KEYS, normalize: normalize, kindOf: kindOf,
    isObject: isObject, need: need, isPassed: isPassed, percent: percent, sameSet: sameSet, quizStatus: quizStatus,
    thesisStatus: thesisStatus, topicStatus: topicStatus, dialogueStatus: dialogueStatus, localDay: localDay,
    parseTime: parseTime, dayText: dayText, checkRecord: checkRecord, courseIndex: courseIndex,
    fitToCourse: fitToCourse, mergeRecord: mergeRecord, betterDialogue: betterDialogue, DECK: DECK, addDays: addDays,
    daysBetween: daysBetween, checkCard: checkCard, enterCard: enterCard, enterAnswers: enterAnswers,
    newerCard: newerCard, DAY_RE: DAY_RE, EPS: EPS, RATINGS: RATINGS, checkDialogue: checkDialogue, has: has,
    isInt: isInt,
  };
});
