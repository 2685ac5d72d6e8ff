/* Пакет SCORM 1.2, страница запуска (scorm-launch.html в корне пакета).
 *
 * Находит API LMS (окно-родитель и его родители, затем окно-открыватель — поиск из SCORM 1.2 RTE),
 * один раз вызывает LMSInitialize и держит это подключение, пока сайт курса работает внутри
 * страницы в iframe: переходы между страницами сайта не завершают SCO. LMSFinish — когда закрывается
 * сама страница запуска. Сайт о LMS ничего не знает: он, как всегда, пишет прогресс в localStorage,
 * а эта страница (тот же origin — то же хранилище) следит за ним по событиям storage и после каждой
 * загрузки страницы в iframe и передаёт LMS:
 *   cmi.core.lesson_status — incomplete; passed, когда сданы итоговые тесты всех тем курса; failed,
 *                            когда пройдены все, но хоть один не сдан;
 *   cmi.core.score.raw/min/max — средний процент итоговых тестов по всем темам (не пройденная — 0);
 *   cmi.core.session_time — при закрытии, HHHH:MM:SS.SS;
 *   cmi.suspend_data — сжатый прогресс (до 4096 знаков, формат — KB.core.pack), чтобы он шёл за
 *                      учеником на другой компьютер. При запуске он проверяется целиком и сливается
 *                      с хранилищем до загрузки сайта (по записи более новое побеждает, ничего не
 *                      удаляется); негодная копия не применяется и не перезаписывается.
 * LMS не приняла значение — ещё две попытки, затем постоянное пояснение над курсом.
 * Без LMS страница просто показывает сайт и говорит, что прогресс останется только в этом браузере.
 */
(function () {
  "use strict";
  var KB = window.KB; /* kb-store.js сайта: те же ключи хранилища, что у страниц в iframe */
  var LEARNER_KEY = "kb-scorm:learner"; /* чей прогресс сейчас в хранилище; не попадает в выгрузку прогресса */
  var MAX = 4096; /* cmi.suspend_data в SCORM 1.2: CMIString4096 */
  var ROOT = new URL(".", location.href);
  var frame = document.getElementById("kb-scorm-site");
  var note = document.getElementById("kb-scorm-note");
  var api = null;
  var started = Date.now();
  var sent = {};
  var finished = false;
  var ready = false; /* прогресс из LMS применён: можно отправлять свой (иначе затёрли бы его пустым) */
  var lmsCopyBad = false; /* копия в LMS негодна: не трогаем её, чтобы можно было разобраться */
  var topics = []; /* [{ key, theses: [...] }] в порядке курса */

  /* ---------- поиск API (SCORM 1.2 RTE, 3.3.6.1) ---------- */

  function findAPI(win) {
    try {
      for (var tries = 0; !win.API && win.parent && win.parent !== win && tries < 7; tries++) win = win.parent;
      return win.API || null;
    } catch (e) {
      return null; /* окно с другого сайта: туда не заглянуть */
    }
  }

  function getAPI() {
    var found = findAPI(window);
    if (!found && window.opener) found = findAPI(window.opener);
    return found;
  }

  function lmsError() {
    var code = api.LMSGetLastError();
    return code + " — " + api.LMSGetErrorString(code);
  }

  /* Записать значение в LMS; LMS ответила «false» — ещё две попытки, потом постоянное пояснение
   * ученику: прогресс не доходит до LMS (и что делать). Не принятое значение уйдёт при следующей синхронизации. */
  var TRIES = 3;
  function set(name, value) {
    if (sent[name] === value) return false;
    for (var i = 0; i < TRIES; i++) {
      var ok;
      try { ok = String(api.LMSSetValue(name, value)) === "true"; } catch (e) { ok = false; }
      if (ok) {
        sent[name] = value;
        return true;
      }
    }
    failed("LMS не приняла " + name + " (" + lmsError() + ")");
    return false;
  }

  function commit() {
    for (var i = 0; i < TRIES; i++) {
      var ok;
      try { ok = String(api.LMSCommit("")) === "true"; } catch (e) { ok = false; }
      if (ok) return true;
    }
    failed("LMS не сохранила данные (LMSCommit: " + lmsError() + ")");
    sent = {}; /* всё отправим заново при следующей синхронизации */
    return false;
  }

  function failed(why) {
    notes.lms = "Прогресс не доходит до LMS: " + why + ". Всё, что сделано в курсе, сохранено в этом браузере. "
      + "Не очищай браузер, выгрузи прогресс в файл на странице «Мой прогресс» и сообщи тому, кто ведёт курс.";
    showNotes();
  }

  /* ---------- хранилище ---------- */

  function read(key) {
    try {
      var v = JSON.parse(localStorage.getItem(key));
      return KB.isObject(v) ? v : null;
    } catch (e) {
      return null;
    }
  }

  /* Ключи — из реестра сайта (KB.KEYS). Страницы в iframe открыты по ссылкам на файлы, и mkdocs-quiz
   * хранит ответы по пути «…/index.html»: на странице запуска нет шапки сайта, по которой KB.KEYS.quiz
   * узнаёт это сам, поэтому index.html дописываем здесь. */
  function quizKey(rel) { return KB.KEYS.quiz(rel).replace(/\/$/, "/index.html"); }

  /* Всё, что курс хранит в этом браузере: при смене ученика стирается. */
  function clearCourse() {
    var own = KB.QUIZ_PREFIX + ROOT.pathname;
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var k = localStorage.key(i);
      if (k && (k.indexOf(KB.PREFIX) === 0 || k.indexOf(own) === 0)) localStorage.removeItem(k);
    }
  }

  /* ---------- прогресс для LMS: правила сжатия и слияния — в ядре (KB.core.collect, pack, unpack,
   * mergeRecord); здесь — только источник записей этого браузера. */

  function source() {
    return Object.assign(KB.source(), { quiz: function (t) { return read(quizKey(t.url)); } });
  }

  /* Копия из LMS сливается с копией браузера по правилам загрузки файла: по записи, более новое
   * (полное) побеждает, ничего не удаляется. Копия проверяется целиком до того, как что-то записано;
   * негодная не применяется и не перезаписывается (lmsCopyBad). */
  function restore(text) {
    var got = KB.core.unpack(text, topics, function (t) { return quizKey(t.url); });
    if (got.why) {
      lmsCopyBad = true;
      notes.restore = "Прогресс из LMS не восстановлен: " + got.why + ". Курс не трогает эту копию в LMS; "
        + "прогресс этого сеанса сохраняется в браузере. Сообщи тому, кто ведёт курс.";
      showNotes();
      return;
    }
    var writes = [];
    Object.keys(got.records).forEach(function (key) {
      var kind = KB.core.kindOf(key).kind;
      var m = KB.core.mergeRecord(kind, read(key), got.records[key]);
      if (m.added || m.replaced) writes.push([key, m.value]);
    });
    var backup = writes.map(function (w) { return [w[0], localStorage.getItem(w[0])]; });
    try {
      writes.forEach(function (w) { localStorage.setItem(w[0], JSON.stringify(w[1])); });
    } catch (e) {
      backup.forEach(function (b) { if (b[1] === null) localStorage.removeItem(b[0]); else localStorage.setItem(b[0], b[1]); });
      lmsCopyBad = true; /* не слили — значит, и не перезаписываем копию LMS своей, неполной */
      notes.restore = "Прогресс из LMS не записан в браузер: хранилище браузера недоступно или переполнено.";
      showNotes();
    }
  }

  /* ---------- что сообщаем LMS ---------- */

  function sync() {
    if (!api || finished || !ready || lmsCopyBad) return;
    var src = source();
    var packed = KB.core.pack(KB.core.collect(topics, src));
    var r = KB.core.lmsResult(topics, src);
    var changed = packed.text !== null && set("cmi.suspend_data", packed.text);
    changed = set("cmi.core.lesson_status", r.status) || changed;
    if (r.score !== null) {
      changed = set("cmi.core.score.min", "0") || changed;
      changed = set("cmi.core.score.max", "100") || changed;
      changed = set("cmi.core.score.raw", r.score) || changed;
    }
    if (changed) commit();
    notes.overflow = packed.omitted ? "Прогресс не поместился в LMS целиком (предел — 4096 знаков): "
      + describe(packed.omitted) + " сохранены только в этом браузере." + (packed.text !== null ? " Результаты итоговых тестов LMS получила." : "") : "";
    showNotes();
  }

  function describe(omitted) {
    var names = { v: "даты прочтения тезисов", c: "отметки чек-листов", n: "имена в результатах", q: "ответы тестов тезисов",
      d: "результаты тренажёров", f: "результаты итоговых тестов" };
    return omitted.split("").map(function (c) { return names[c]; }).join(", ");
  }

  var pending = null;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(sync, 300);
  }

  function timespan(ms) {
    var cs = Math.min(Math.round(ms / 10), 9999 * 360000 + 359999);
    var pad = function (n, w) { return ("000" + n).slice(-w); };
    return pad(Math.floor(cs / 360000), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":"
      + pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
  }

  function finish() {
    if (!api || finished) return;
    clearTimeout(pending);
    sync();
    finished = true;
    try {
      api.LMSSetValue("cmi.core.session_time", timespan(Date.now() - started));
      api.LMSSetValue("cmi.core.exit", "suspend"); /* следующий запуск продолжит с suspend_data */
      api.LMSCommit("");
      api.LMSFinish("");
    } catch (e) { /* страница закрывается: сказать уже некому */ }
  }

  /* Пояснения над курсом: каждое держится, пока причина не ушла (say — о подключении). */
  var notes = { connect: "", restore: "", lms: "", overflow: "" };
  function showNotes() {
    var text = [notes.connect, notes.restore, notes.lms, notes.overflow].filter(Boolean).join(" ");
    if (note.textContent !== text) note.textContent = text;
  }
  function say(text) {
    notes.connect = text;
    showNotes();
  }

  /* ---------- запуск ---------- */

  function loadTopics() {
    if (!KB || !KB.course()) return Promise.reject(new Error("нет данных курса"));
    return Promise.all(KB.topicList().map(function (t) { return KB.load(t.key, "data"); }));
  }

  function connect(problem) {
    api = getAPI();
    if (!api) {
      say("LMS не найдена: курс открыт сам по себе, прогресс сохранится только в этом браузере.");
      return;
    }
    if (String(api.LMSInitialize("")) !== "true") {
      say("LMS не приняла подключение (" + lmsError() + "): прогресс сохранится только в этом браузере.");
      api = null;
      return;
    }
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
    if (problem) throw new Error(problem);
    var learner = String(api.LMSGetValue("cmi.core.student_id"));
    if (localStorage.getItem(LEARNER_KEY) !== learner) {
      clearCourse(); /* на этом компьютере занимался другой ученик: его прогресс — не наш */
      localStorage.setItem(LEARNER_KEY, learner);
    }
    var status = String(api.LMSGetValue("cmi.core.lesson_status"));
    sent["cmi.core.lesson_status"] = status;
    if (status === "not attempted" || status === "") set("cmi.core.lesson_status", "incomplete");
    var saved = String(api.LMSGetValue("cmi.suspend_data") || "");
    sent["cmi.suspend_data"] = saved;
    if (saved) restore(saved);
    ready = true;
    sync();
    window.addEventListener("storage", later);
    frame.addEventListener("load", later);
  }

  frame.addEventListener("load", function () {
    try { document.title = frame.contentDocument.title; } catch (e) { /* не наша страница */ }
  });

  loadTopics().then(function (list) {
    topics = list.filter(Boolean);
    return "";
  }, function (e) {
    return "данные курса не загрузились: " + e.message;
  }).then(function (problem) {
    try {
      connect(problem);
    } catch (e) {
      /* LMS получит только время сеанса; прогресс в ней не трогаем */
      say("Прогресс не передаётся в LMS (" + e.message + "): он сохранится только в этом браузере. Обнови страницу; "
        + "если не поможет — сообщи тому, кто ведёт курс.");
    }
    frame.src = "index.html";
  });

  /* Для тестов и разбора: что сейчас уйдёт в LMS. */
  window.KB_SCORM = {
    collect: function () { return KB.core.collect(topics, source()); },
    pack: KB.core.pack, timespan: timespan, sync: sync,
  };
})();
