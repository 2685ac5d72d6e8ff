/* Общее для модулей курса в браузере: один доступ к хранилищу, адреса сайта, данные курса.
 * Правила (ключи, форма записей, оценка, слияние, даты) — в ядре kb-core.js (KB.core), без DOM.
 *
 * Ключи (реестр — KBCore.KEYS; модули их не собирают сами):
 *   KB.KEYS.visited                 "kb:v1:visited"              { id тезиса: "ГГГГ-ММ-ДД" }
 *   KB.KEYS.checklist(адрес)        "kb:v1:checklist:<адрес>"    { id пункта: true }
 *   KB.KEYS.final(тема)             "kb:v1:final:<раздел/тема>"  результат итогового теста темы
 *   KB.KEYS.attempt(тема)           "kb:v1:attempt:<раздел/тема>" начатая попытка итогового теста
 *   KB.KEYS.quiz(адрес)             "quiz_progress_<путь>"       ответы теста (их пишет mkdocs-quiz)
 *   KB.KEYS.dialogue(диалог)        "kb:v1:dialogue:<диалог>"    лучший результат тренажёра (версия, best)
 *   KB.KEYS.dialogueRun(диалог)     "kb:v1:dialogue-run:<диалог>" начатый проход тренажёра
 *   KB.KEYS.learner                 "kb:v1:learner"              имя ученика для файла прогресса
 *   KB.KEYS.deck                    "kb:v1:deck"                 колода «Повторения»: { id вопроса: карточка }
 *   KB.KEYS.fill                    "kb:v1:fill"                 { подстановка: текст } — поля шаблонов;
 *                                   в sessionStorage (до закрытия вкладки), не в localStorage
 * Адрес страницы — от корня сайта, без index.html: "раздел/тема/тезис/".
 *
 * Данные курса пишет хук сборки в assets/kb/*.js (window.KB_DATA): course — план курса,
 * topics[ключ темы] — тезисы темы, final[ключ темы] — вопросы итогового теста, review[ключ темы] —
 * вопросы тестов тезисов с ответами и пояснениями («Повторение»). Страница
 * получает только то, что ей нужно; остальное KB.data.load() подгружает по требованию.
 */
(function () {
  "use strict";
  var core = window.KBCore;
  var PREFIX = core.PREFIX;
  var QUIZ_PREFIX = core.QUIZ_PREFIX;
  var LEGACY_FINAL = core.LEGACY_FINAL;

  function config() {
    var el = document.getElementById("__config");
    try {
      return el ? JSON.parse(el.textContent) : { base: "." };
    } catch (e) {
      return { base: "." };
    }
  }

  /* Корень сайта как абсолютный URL (работает и на file://). */
  function rootUrl() {
    return new URL(config().base.replace(/\/?$/, "/"), location.href);
  }

  var normalize = core.normalize;

  /* Адрес текущей страницы относительно корня сайта. */
  function pageKey() {
    var root = decodeURIComponent(rootUrl().pathname);
    var path = decodeURIComponent(location.pathname);
    return normalize(path.indexOf(root) === 0 ? path.slice(root.length) : path);
  }

  /* Сайт собран со ссылками на файлы (use_directory_urls: false — копия для диска, пакет SCORM):
   * ссылка на главную в шапке тогда ведёт на index.html. */
  function fileUrls() {
    if (location.protocol === "file:") return true;
    var home = document.querySelector("a.md-logo[href]");
    return !!home && /(^|\/)index\.html$/.test(home.getAttribute("href"));
  }

  /* Абсолютный URL страницы по её адресу от корня (из данных курса). */
  function siteUrl(rel) {
    return new URL(rel, rootUrl()).href;
  }

  /* Реестр ключей ядра; ключ теста страницы строим так, как его построит сам mkdocs-quiz: он хранит
   * ответы по location.pathname, а в копии для диска и в пакете SCORM (ссылки на …/index.html) путь
   * кончается на index.html, на сервере — на «/». */
  var KEYS = Object.assign({}, core.KEYS, {
    quiz: function (rel) {
      var path = new URL(normalize(rel), rootUrl()).pathname;
      if (fileUrls() && /\/$/.test(path)) path += "index.html";
      return core.KEYS.quiz(path);
    },
  });

  /* ---------- хранилище: читаем и пишем по одному ключу ---------- */

  /* Запись курса — всегда объект «ключ: значение»; массив, число или null — испорченные данные. */
  var isObject = core.isObject;

  function read(key) {
    var raw = localStorage.getItem(key);
    if (raw === null) return null;
    return JSON.parse(raw); /* бросает на испорченных данных: вызывающий решает, что сказать */
  }

  /* Значение ключа, если это объект; нет ключа, испорченные данные или не объект — {}. */
  function readObject(key) {
    try {
      var value = read(key);
      return isObject(value) ? value : {};
    } catch (e) {
      return {};
    }
  }

  function write(key, value) {
    localStorage.setItem(key, JSON.stringify(value));
  }

  /* Прочитать свежее значение ключа, изменить и записать: другая вкладка могла его изменить.
   * fn получает объект (или {}) и возвращает новый; null — удалить ключ. Возвращает true, если
   * записано; иначе показывает постоянное предупреждение what (что не сохранилось). */
  function update(key, fn, what) {
    var next = fn(readObject(key)); /* испорченное перезапишем целым */
    try {
      if (next === null) localStorage.removeItem(key);
      else write(key, next);
      return true;
    } catch (e) {
      saveFailed(what || "изменения", e);
      return false;
    }
  }

  /* Предупреждение, которое не исчезает само: ученик должен знать, что отметка не сохранилась. */
  function saveFailed(what, error) {
    var box = document.querySelector("[data-kb-save-failed]");
    if (!box) {
      box = el("div", { "class": "admonition failure kb-save-failed", role: "alert", "data-kb-save-failed": "" });
      box.appendChild(el("p", { "class": "admonition-title" }, "Браузер не сохранил изменения"));
      box.appendChild(el("ul"));
      var article = document.querySelector("article") || document.body;
      article.insertBefore(box, article.firstChild);
    }
    var why = error && error.name === "QuotaExceededError"
      ? "хранилище браузера переполнено"
      : "хранилище браузера недоступно (например, в режиме инкогнито)";
    var text = "Не сохранено: " + what + " — " + why + ". Выгрузи прогресс в файл на странице «Мой прогресс», "
      + "освободи место (удали данные других сайтов) и повтори.";
    var list = box.querySelector("ul");
    if (![].some.call(list.children, function (li) { return li.textContent === text; })) {
      list.appendChild(el("li", {}, text));
    }
  }

  /* Источник записей для правил ядра (KBCore.thesisStatus и др.) из хранилища этого браузера.
   * Испорченная запись не роняет страницу: problems получает русское объяснение, запись не учтена. */
  function source() {
    var problems = [];
    function safe(key, what) {
      try {
        var value = read(key);
        if (value === null) return null;
        if (!isObject(value)) throw new Error("не объект");
        return value;
      } catch (e) {
        var text = "Не удалось прочитать " + what + ": сохранённые данные повреждены или от старой версии курса. Они не учтены.";
        if (problems.indexOf(text) === -1) problems.push(text);
        return null;
      }
    }
    return {
      problems: problems,
      visited: function () { return safe(KEYS.visited, "отметки о прочитанных тезисах"); },
      quiz: function (t) { return safe(KEYS.quiz(t.url), "ответы теста «" + t.title + "»"); },
      checklist: function (cl) { return safe(KEYS.checklist(cl.url), "отметки чек-листа «" + cl.title + "»"); },
      dialogue: function (id) { return safe(KEYS.dialogue(id), "результат тренажёра"); },
      final: function (topicKey) { return safe(KEYS.final(topicKey), "результат итогового теста"); },
    };
  }

  /* Все ключи курса в этом браузере. */
  function ownKeys() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && (k.indexOf(PREFIX) === 0 || k.indexOf(QUIZ_PREFIX) === 0)) keys.push(k);
    }
    return keys.sort();
  }

  /* ---------- данные курса ---------- */

  function data() {
    return window.KB_DATA || {};
  }

  function course() {
    return data().course || null;
  }

  /* Темы курса по порядку: [{ key, title, url, section, data, final }]. */
  function topicList() {
    var c = course();
    var list = [];
    if (!c) return list;
    c.sections.forEach(function (s) {
      s.topics.forEach(function (t) { list.push(Object.assign({ section: s }, t)); });
    });
    return list;
  }

  /* Загруженные на странице темы (с тезисами), в порядке курса. */
  function loadedTopics() {
    var topics = data().topics || {};
    return topicList().filter(function (t) { return topics[t.key]; }).map(function (t) { return topics[t.key]; });
  }

  /* Файлы данных темы: вид → [место в KB_DATA, поле темы в плане курса]. */
  var KINDS = { data: ["topics", "data"], final: ["final", "final"], review: ["review", "review"] };

  /* Подгрузить файл данных темы: kind "data" (тезисы), "final" (вопросы итогового теста) или
   * "review" (вопросы тестов тезисов для «Повторения»). Работает и на file://. */
  function load(topicKey, kind) {
    var spec = KINDS[kind] || KINDS.data;
    var slot = spec[0];
    var have = data()[slot];
    if (have && have[topicKey]) return Promise.resolve(have[topicKey]);
    var topic = topicList().filter(function (t) { return t.key === topicKey; })[0];
    if (!topic || !topic[spec[1]]) return Promise.reject(new Error("нет темы " + topicKey));
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = siteUrl(topic[spec[1]]);
      s.onload = function () { resolve((data()[slot] || {})[topicKey]); };
      s.onerror = function () { reject(new Error("не загрузился " + s.src)); };
      document.head.appendChild(s);
    });
  }

  /* Результат итогового теста, записанный до появления тем, принадлежит первой теме курса. */
  function migrateLegacyFinal() {
    var first = topicList()[0];
    if (!first) return;
    var raw;
    try { raw = localStorage.getItem(LEGACY_FINAL); } catch (e) { return; }
    if (raw === null) return;
    try {
      if (localStorage.getItem(KEYS.final(first.key)) === null) localStorage.setItem(KEYS.final(first.key), raw);
      localStorage.removeItem(LEGACY_FINAL);
    } catch (e) { /* хранилище недоступно: перенесём в следующий раз */ }
  }

  /* Элемент с атрибутами и текстом (только textContent: никакой разметки из данных). */
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Подписка на каждую загрузку страницы, в том числе при мгновенной навигации Material. */
  function onPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { fn(); });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  /* Изменение хранилища в другой вкладке: fn(ключ) для ключей курса. */
  function onStorage(fn) {
    window.addEventListener("storage", function (e) {
      if (e.key === null || e.key.indexOf(PREFIX) === 0 || e.key.indexOf(QUIZ_PREFIX) === 0) fn(e.key);
    });
  }

  migrateLegacyFinal();

  window.KB = {
    core: core,
    source: source,
    PREFIX: PREFIX,
    QUIZ_PREFIX: QUIZ_PREFIX,
    LEGACY_FINAL: LEGACY_FINAL,
    KEYS: KEYS,
    config: config,
    rootUrl: rootUrl,
    normalize: normalize,
    pageKey: pageKey,
    siteUrl: siteUrl,
    isObject: isObject,
    read: read,
    readObject: readObject,
    write: write,
    update: update,
    saveFailed: saveFailed,
    ownKeys: ownKeys,
    course: course,
    topicList: topicList,
    loadedTopics: loadedTopics,
    load: load,
    el: el,
    onPage: onPage,
    onStorage: onStorage,
  };
})();
