/*
 * search-warmup.js — прогрев поискового индекса, когда ученик собирается искать.
 *
 * Индекс (search/search_index.full.json, сотни КБ) не скачивается с каждой
 * страницей: воркер поиска (workers/kb-search.js) берёт его на первом запросе.
 * Чтобы к первой букве запроса индекс уже был в кеше браузера, этот модуль
 * скачивает его при первом фокусе строки поиска — щелчок, касание, клавиши «/»,
 * «s», «f» (их Material тоже переводит в фокус строки). Страницы, где никто не
 * ищет, индекс не скачивают. С диска (file://) модуль ничего не делает: там
 * индекс — скрипт, и Material загружает его сам при открытии поиска.
 */
(function () {
  "use strict"
  var input = document.querySelector("[data-md-component=search-query]")
  var config = document.getElementById("__config")
  if (!input || !config || location.protocol === "file:") return

  function warm() {
    input.removeEventListener("focus", warm)
    var base = new URL(JSON.parse(config.textContent).base, location.href)
    fetch(new URL("search/search_index.json", base))  // заглушка: уже в кеше, в ней адрес индекса
      .then(function (res) { return res.json() })
      .then(function (stub) {
        var config = stub.config || {}
        // с готовым индексом воркер отвечает по нему, а полный (тексты фрагментов) берёт
        // после ответа сам: прогреваем только то, что нужно к первому ответу
        var file = config.kb_prebuilt || config.kb_index
        if (file) return fetch(new URL(file, base)).then(function (res) { return res.blob() })
      })
      .catch(function () {})  // не вышло — воркер скачает индекс сам на первом запросе
  }
  input.addEventListener("focus", warm)
})()
