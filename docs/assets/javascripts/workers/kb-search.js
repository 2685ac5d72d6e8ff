/*
 * kb-search.js — воркер поиска курса: поиск Material for MkDocs, в который
 * запрос приходит уже разобранным (kb-query.js), а индекс грузится, только
 * когда ученик начал искать.
 *
 * Как подключён. Material разрешает свой воркер поиска: страница берёт его
 * адрес из __config.search (блок config в base.html; мейнтейнер Material
 * описывает это в mkdocs-material#1483). overrides/main.html указывает там этот
 * файл. Воркер загружает настоящий воркер Material (имя с хешем сборка кладёт в
 * config индекса: kb_worker) и стоит между ним и страницей: запрос QUERY
 * переписывает до Material, в ответе RESULT переименовывает ненайденные слова
 * (kbQuery.rename). Страница и Material ничего не подменяют.
 *
 * Индекс по требованию. Сборка кладёт в search/search_index.json, который
 * страница Material скачивает при каждой загрузке, только config и адрес
 * настоящего индекса (kb_index). Воркер сразу отвечает «готов» (READY), а
 * настоящий индекс (и сам воркер Material с разбором запроса) скачивает на первом
 * непустом запросе; страница заранее
 * прогревает его в кеше браузера, как только ученик ставит курсор в поиск или
 * нажимает «/» (search-warmup.js). В копии для file:// (make offline) индекс
 * полный: Material сам загружает его только при открытии поиска.
 *
 * Готовый индекс. Если сборка положила search/search_index.lunr.json (kb_prebuilt в
 * config заглушки: индекс lunr и документы без текста), воркер загружает его, и Material
 * не строит индекс в браузере (kb-prebuilt.js): на больших базах это секунды и сотни
 * мегабайт. Тексты документов для фрагментов в выдаче воркер берёт из полного индекса;
 * если он большой, воркер отвечает, не дожидаясь его, и повторяет ответ с фрагментами.
 *
 * Файл лежит рядом с воркером Material (assets/javascripts/workers/): тот ищет
 * стеммеры lunr по пути «../lunr» от адреса воркера.
 */
(function (scope) {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  // полный индекс до этого размера (байт) ждём до первого ответа, больше — догружаем после
  var WAIT_FULL = 3000000

  // В iframe-worker (file://) importScripts асинхронный, а адрес самого воркера
  // известен только по тегу script — как это делает и Material.
  var iframe = typeof parent !== "undefined" && "IFrameWorker" in parent
  var here = (iframe ? document.querySelector("script[src]").src : scope.location.href).split("?")[0]
  var root = new URL("../../../", here)  // корень сайта: assets/javascripts/workers/ → /

  var send = scope.postMessage.bind(scope)
  var listen = scope.addEventListener.bind(scope)
  var material = null  // обработчик сообщений воркера Material
  var ctx = null       // kbQuery.prepare(индекс)
  var lazy = null      // SETUP с заглушкой: {config, docs: [], options}
  var state = "new"    // new → lazy → loading → ready | failed
  var fakeReady = false
  var latest = ""      // последний запрос, пока индекс грузится
  var asked = []       // собранные запросы, на которые Material ещё не ответил
  var afterFirstResult = null  // догрузка полного индекса (тексты) после первого ответа

  // Воркер Material подписывается на сообщения сам — забираем его обработчик,
  // чтобы отдавать ему только то, что собрали здесь.
  scope.addEventListener = function (type, fn, options) {
    if (type === "message" && !material) { material = fn; return }
    return listen(type, fn, options)
  }

  // Ответы Material проходят здесь: лишний READY после ленивой загрузки не нужен
  // странице, в RESULT — слова ученика вместо основ.
  scope.postMessage = function (message) {
    if (message && message.type === READY) {
      var wasLazy = fakeReady
      state = "ready"
      if (latest.trim()) ask(latest)
      if (wasLazy) return
    }
    if (message && message.type === RESULT && afterFirstResult) {
      setTimeout(afterFirstResult, 0)
      afterFirstResult = null
    }
    if (message && message.type === RESULT) {
      var built = asked.shift()
      if (built && message.data && message.data.items) {
        message.data.items = scope.kbQuery.rerank(message.data.items, built, ctx.separator)
        message.data.items.forEach(function (group) {
          group.forEach(function (item) { item.terms = scope.kbQuery.rename(item.terms || {}, built) })
        })
      }
    }
    return send.apply(null, arguments)
  }

  var loaded = {}  // скрипт загружается один раз, даже если готовый индекс не подошёл
  function load(names) {
    names = names.filter(function (name) { return !loaded[name] })
    names.forEach(function (name) { loaded[name] = true })
    return Promise.resolve(importScripts.apply(scope, names.map(function (name) {
      return new URL(name, here).href
    })))
  }

  function start(index, prebuilt) {
    if (prebuilt) {
      // готовый индекс (search_prebuild.js): Material не строит индекс, а загружает его;
      // слова страниц для веса слов запроса — из него же
      scope.lunr = scope.kbPrebuilt.install(scope.lunr, prebuilt, index.docs, function (loaded) {
        ctx = scope.kbQuery.prepare(index, scope.kbPrebuilt.words(loaded, index.docs))
      })
    } else {
      ctx = scope.kbQuery.prepare(index)
    }
    material({ data: { type: SETUP, data: index } })
  }

  function getJSON(path) {
    return fetch(new URL(path, root)).then(function (res) {
      if (!res.ok) throw new Error(res.status + " " + res.statusText)
      return res.json()
    })
  }

  function ask(text) {
    var built = scope.kbQuery.build(text, ctx)
    asked.push(built)
    material({ data: { type: QUERY, data: built.query } })
  }

  function fetchIndex() {
    state = "loading"
    var config = lazy.config
    var scripts = ["kb-query.js", config.kb_worker]
    if (!config.kb_prebuilt) return fetchFull(scripts)
    // Небольшой индекс ждём целиком — и первый ответ сразу с фрагментами текста. Большой
    // (сотни тезисов) качаем и разбираем после первого ответа (разбор занял бы поток
    // воркера): выдача та же, фрагменты появляются следом.
    var wait = (config.kb_index_size || 0) <= WAIT_FULL
    // файлы качаются, пока загружаются скрипты
    var prebuilt = getJSON(config.kb_prebuilt), full = wait ? getJSON(config.kb_index) : null
    prebuilt.catch(function () {})
    if (full) full.catch(function () {})
    load(scripts.concat(["kb-prebuilt.js"]))
      .then(function () { return prebuilt })
      .then(function (pre) {
        if (!scope.kbPrebuilt.fits(pre)) throw new Error("готовый индекс не того формата")
        var index = { config: pre.kb_config, docs: pre.kb_docs, options: lazy.options }
        function attach(whole) { scope.kbPrebuilt.attachTexts(index.docs, whole.docs) }
        if (wait) return full.then(attach).then(function () { start(index, pre) })
        start(index, pre)
        afterFirstResult = function () {
          getJSON(config.kb_index).then(attach).then(function () {
            if (latest.trim()) ask(latest)
          }, function (err) { console.warn("Поиск: фрагменты текста не загрузились —", err) })
        }
      })
      .catch(function (err) {
        // готовый индекс не загрузился — Material построит индекс из полного, как без него
        console.warn("Поиск: готовый индекс не подошёл —", err)
        fetchFull(scripts)
      })
  }

  function fetchFull(scripts) {
    load(scripts)
      .then(function () { return getJSON(lazy.config.kb_index) })
      .then(function (index) {
        start({ config: index.config, docs: index.docs, options: lazy.options }, null)
      })
      .catch(function (err) {
        state = "failed"
        console.warn("Поиск: индекс не загрузился —", err)
        send({ type: RESULT, data: { items: [] } })
      })
  }

  var ready = null
  listen("message", function (ev) {
    var message = ev.data || {}
    if (message.type === SETUP) {
      var data = message.data
      if (data.config.kb_index && !(data.docs || []).length) {
        // заглушка: ни воркер Material, ни разбор запроса не нужны, пока никто не ищет
        lazy = data
        state = "lazy"
        fakeReady = true
        ready = Promise.resolve()
        send({ type: READY })
      } else {
        ready = load(["kb-query.js", data.config.kb_worker]).then(function () { start(data) })
      }
      return
    }
    if (message.type !== QUERY || !ready) return
    var text = String(message.data || "")
    ready.then(function () {
      latest = text
      if (state === "ready") return ask(text)
      if (!text.trim()) return send({ type: RESULT, data: { items: [] } })
      if (state === "lazy") fetchIndex()
      else if (state === "failed") send({ type: RESULT, data: { items: [] } })
    })
  })
})(self)
