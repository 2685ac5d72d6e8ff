/* Общее для модулей курса: хранилище браузера с версией ключей, адреса сайта, данные курса.
 *
 * Ключи: "kb:v1:checklist:<адрес страницы>", "kb:v1:visited", "kb:v1:final".
 * Ответы тестов хранит mkdocs-quiz: "quiz_progress_<путь страницы>".
 * Данные курса (тезисы, тесты, чек-листы) — assets/javascripts/course-data.js,
 * его пишет хук сборки; он задаёт window.KB_COURSE.
 */
(function () {
  "use strict";
  var PREFIX = "kb:v1:";
  var QUIZ_PREFIX = "quiz_progress_";

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

  /* "a/b/" и "a/b/index.html" — одна страница. */
  function normalize(rel) {
    return rel.replace(/index\.html$/, "").replace(/^\//, "");
  }

  /* Адрес текущей страницы относительно корня сайта. */
  function pageKey() {
    var root = rootUrl().pathname;
    var path = decodeURIComponent(location.pathname);
    var rootDecoded = decodeURIComponent(root);
    return normalize(path.indexOf(rootDecoded) === 0 ? path.slice(rootDecoded.length) : path);
  }

  /* Абсолютный URL страницы по её адресу от корня (из course-data). */
  function siteUrl(rel) {
    return new URL(rel, rootUrl()).href;
  }

  /* Ключ mkdocs-quiz для страницы: он хранит ответы по location.pathname. */
  function quizKey(rel) {
    return QUIZ_PREFIX + new URL(rel, rootUrl()).pathname;
  }

  function readJSON(key) {
    var raw = localStorage.getItem(key);
    if (raw === null) return null;
    return JSON.parse(raw); /* бросает на испорченных данных: вызывающий решает, что сказать */
  }

  function writeJSON(key, value) {
    localStorage.setItem(key, JSON.stringify(value));
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

  /* Элемент с атрибутами и текстом (только textContent: никакой разметки из данных). */
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function course() {
    return window.KB_COURSE || null;
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

  window.KB = {
    PREFIX: PREFIX,
    QUIZ_PREFIX: QUIZ_PREFIX,
    config: config,
    rootUrl: rootUrl,
    normalize: normalize,
    pageKey: pageKey,
    siteUrl: siteUrl,
    quizKey: quizKey,
    readJSON: readJSON,
    writeJSON: writeJSON,
    ownKeys: ownKeys,
    course: course,
    el: el,
    onPage: onPage,
  };
})();
