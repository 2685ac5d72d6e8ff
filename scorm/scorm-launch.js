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
 *   cmi.suspend_data — сжатый прогресс (до 4096 знаков, формат — pack()), чтобы он шёл за учеником
 *                      на другой компьютер. При запуске он записывается в хранилище до загрузки сайта.
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

  function set(name, value) {
    if (sent[name] === value) return false;
    if (String(api.LMSSetValue(name, value)) !== "true") {
      console.warn("LMS не приняла " + name + ": " + lmsError());
      return false;
    }
    sent[name] = value;
    return true;
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

  function write(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* хранилище недоступно: сайт скажет об этом сам */ }
  }

  /* Ключи — из реестра сайта (KB.KEYS). Страницы в iframe открыты по ссылкам на файлы, и mkdocs-quiz
   * хранит ответы по пути «…/index.html»: на странице запуска нет шапки сайта, по которой KB.KEYS.quiz
   * узнаёт это сам, поэтому index.html дописываем здесь. */
  function quizKey(rel) { return KB.KEYS.quiz(rel).replace(/\/$/, "/index.html"); }
  function checklistKey(rel) { return KB.KEYS.checklist(rel); }
  function finalKey(topicKey) { return KB.KEYS.final(topicKey); }

  /* Всё, что курс хранит в этом браузере: при смене ученика стирается. */
  function clearCourse() {
    var own = KB.QUIZ_PREFIX + ROOT.pathname;
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var k = localStorage.key(i);
      if (k && (k.indexOf(KB.PREFIX) === 0 || k.indexOf(own) === 0)) localStorage.removeItem(k);
    }
  }

  /* ---------- сжатие прогресса в suspend_data ----------
   * JSON {"v":1,"t":{id тезиса:"отпечаток.день.ответы.чек-лист.чек-лист"},"f":{тема:[%,сдан,верно,всего,время,имя]},"o":"…"}
   *   отпечаток — 4 знака хеша id вопросов и пунктов тезиса: если автор изменил тезис, его запись
   *               не применяется (позиции уже не те), а прогресс тезиса остаётся тем, что в браузере;
   *   день      — дата «прочитан», дни с 1970-01-01 в base36;
   *   ответы    — по знаку на вопрос (id по алфавиту): 0 — нет ответа, 1 — неверно, 2 — верно;
   *   чек-лист  — отметки пунктов (id по алфавиту) битами, шестнадцатеричными цифрами;
   *   время     — секунды Unix в base36; имя — до 60 знаков;
   *   o         — что не поместилось и опущено: v (даты прочтения), c (чек-листы), n (имена), q (ответы).
   * Не хранится: выбранные варианты ответов (тест покажет, верно или нет, без отметки варианта),
   * начатая и не завершённая попытка итогового теста, вопросы и разбивка по тезисам в результате. */

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
    return hash([sorted(t.quiz).join(",")].concat(t.checklists.map(function (c) { return sorted(c.items).join(","); })).join("|"));
  }

  function toDays(day) {
    var t = Date.parse(day + "T00:00:00Z");
    return isNaN(t) ? "" : Math.round(t / 864e5).toString(36);
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

  /* Состояние курса из хранилища: { t: { id: строка }, f: { тема: [...] } }. */
  function collect() {
    var visited = read(KB.KEYS.visited) || {};
    var t = {};
    var f = {};
    topics.forEach(function (topic) {
      topic.theses.forEach(function (th) {
        var answers = read(quizKey(th.url)) || {};
        var quiz = sorted(th.quiz).map(function (id) {
          var a = answers[id];
          return a && a.answered === true ? (a.correct === true ? "2" : "1") : "0";
        }).join("").replace(/0+$/, "");
        var lists = th.checklists.map(function (c) {
          var ticks = read(checklistKey(c.url)) || {};
          return bits(sorted(c.items).map(function (id) { return ticks[id] === true; }));
        });
        var day = typeof visited[th.id] === "string" ? toDays(visited[th.id]) : "";
        if (day || quiz || lists.join("")) t[th.id] = [fingerprint(th), day, quiz].concat(lists);
      });
      var rec = read(finalKey(topic.key));
      if (rec && typeof rec.percent === "number") {
        var when = Date.parse(rec.date);
        f[topic.key] = [rec.percent, rec.passed === true ? 1 : 0, rec.right | 0, rec.total | 0,
          isNaN(when) ? "" : Math.floor(when / 1000).toString(36), typeof rec.name === "string" ? rec.name.slice(0, 60) : ""];
      }
    });
    return { t: t, f: f };
  }

  /* Строка для suspend_data не длиннее MAX: если не влезает, опускаем менее важное по порядку. */
  function pack(state) {
    var omit = "";
    var steps = ["", "v", "c", "n", "q"];
    for (var s = 0; s < steps.length; s++) {
      omit += steps[s];
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
      if (omit) out.o = omit;
      var text = JSON.stringify(out);
      if (text.length <= MAX) return { text: text, omitted: omit };
    }
    return { text: JSON.stringify({ v: 1, t: {}, f: {}, o: "vcnq" }).slice(0, MAX), omitted: "vcnqf" };
  }

  /* suspend_data — главный источник для того, что в нём есть: записываем это в хранилище целиком.
   * Что опущено (o) или записано для прежней версии тезиса (отпечаток не совпал), остаётся как было. */
  function restore(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!data || data.v !== 1 || typeof data.t !== "object" || typeof data.f !== "object") {
      console.warn("suspend_data не в формате курса: прогресс из LMS не восстановлен");
      return;
    }
    var omit = typeof data.o === "string" ? data.o : "";
    var visited = read(KB.KEYS.visited) || {};
    topics.forEach(function (topic) {
      topic.theses.forEach(function (th) {
        var parts = typeof data.t[th.id] === "string" ? data.t[th.id].split(".") : [fingerprint(th), "", ""];
        if (parts[0] !== fingerprint(th)) return;
        if (omit.indexOf("v") === -1) {
          if (parts[1]) visited[th.id] = fromDays(parts[1]);
          else delete visited[th.id];
        }
        if (omit.indexOf("q") === -1) {
          var old = read(quizKey(th.url)) || {};
          var answers = {};
          sorted(th.quiz).forEach(function (id, i) {
            var c = (parts[2] || "").charAt(i);
            if (c !== "1" && c !== "2") return;
            var same = old[id] && old[id].answered === true && old[id].correct === (c === "2");
            answers[id] = same ? old[id] : { answered: true, correct: c === "2", selectedValues: [] };
          });
          write(quizKey(th.url), Object.keys(answers).length ? answers : null);
        }
        if (omit.indexOf("c") === -1) {
          th.checklists.forEach(function (c, n) {
            var ticks = {};
            sorted(c.items).forEach(function (id, i) { if (unbits(parts[3 + n] || "", i)) ticks[id] = true; });
            write(checklistKey(c.url), Object.keys(ticks).length ? ticks : null);
          });
        }
      });
      var rec = data.f[topic.key];
      var old = read(finalKey(topic.key));
      if (!Array.isArray(rec)) {
        write(finalKey(topic.key), null);
        return;
      }
      var date = rec[4] ? new Date(parseInt(rec[4], 36) * 1000).toISOString() : "";
      var same = old && old.percent === rec[0] && old.passed === (rec[1] === 1) && Math.floor(Date.parse(old.date) / 1000) === parseInt(rec[4], 36);
      if (same && (rec[5] || omit.indexOf("n") !== -1)) return;
      write(finalKey(topic.key), {
        topic: topic.key, date: date, name: rec[5] || (old && old.name) || "", percent: rec[0], passed: rec[1] === 1,
        right: rec[2], total: rec[3], questions: same ? old.questions : [], theses: same ? old.theses : [],
      });
    });
    write(KB.KEYS.visited, Object.keys(visited).length ? visited : null);
  }

  /* ---------- что сообщаем LMS ---------- */

  function result(state) {
    var done = topics.filter(function (t) { return state.f[t.key]; });
    var passed = done.filter(function (t) { return state.f[t.key][1] === 1; });
    var status = !topics.length || done.length < topics.length ? "incomplete"
      : passed.length === topics.length ? "passed" : "failed";
    var sum = done.reduce(function (n, t) { return n + state.f[t.key][0]; }, 0);
    return { status: status, score: done.length ? String(Math.round(sum / topics.length)) : null };
  }

  function sync() {
    if (!api || finished || !ready) return;
    var state = collect();
    var packed = pack(state);
    var r = result(state);
    var changed = set("cmi.suspend_data", packed.text);
    changed = set("cmi.core.lesson_status", r.status) || changed;
    if (r.score !== null) {
      changed = set("cmi.core.score.min", "0") || changed;
      changed = set("cmi.core.score.max", "100") || changed;
      changed = set("cmi.core.score.raw", r.score) || changed;
    }
    if (changed && String(api.LMSCommit("")) !== "true") console.warn("LMSCommit: " + lmsError());
    say(packed.omitted ? "Прогресс не поместился в LMS целиком (предел — 4096 знаков): "
      + describe(packed.omitted) + " сохранены только в этом браузере. Результаты итоговых тестов LMS получила." : "");
  }

  function describe(omitted) {
    var names = { v: "даты прочтения тезисов", c: "отметки чек-листов", n: "имена в результатах", q: "ответы тестов тезисов", f: "результаты итоговых тестов" };
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
    api.LMSSetValue("cmi.core.session_time", timespan(Date.now() - started));
    api.LMSSetValue("cmi.core.exit", "suspend"); /* следующий запуск продолжит с suspend_data */
    api.LMSCommit("");
    api.LMSFinish("");
  }

  function say(text) {
    if (note.textContent !== text) note.textContent = text;
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
  window.KB_SCORM = { collect: collect, pack: pack, timespan: timespan, sync: sync };
})();
