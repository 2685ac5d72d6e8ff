/*
 * kb-prebuilt.js — готовый индекс lunr вместо построения в браузере.
 *
 * Сборка кладёт рядом с индексом поиска search/search_index.lunr.json: тот же индекс,
 * что построил бы воркер Material (scripts/kb/search_prebuild.js строит его кодом самого
 * Material и сверяется с lunr.Builder), только документы в нём названы номерами и нет
 * позиций слов. kbPrebuilt.install(lunr, индекс, docs, onLoad) возвращает замену функции lunr
 * на один вызов: Material настраивает «строитель» как обычно (язык, разбиение на слова,
 * поля), но документы в него не добавляются — вместо построения загружается готовый
 * индекс (lunr.Index.load). Поиск по нему возвращает адреса документов, как ждёт
 * Material, а позиции найденных слов для подсветки считает только для страниц первых
 * LIMIT результатов — тем же разбиением на слова и тем же конвейером, что и при сборке.
 *
 * configure и swap нужны и сборке: search_prebuild.js строит индекс с тем же «строителем».
 */
(function (scope) {
  "use strict"

  // у первых стольких результатов (и у разделов их страниц) Material подсвечивает найденное;
  // дальше по выдаче — тот же текст без <mark>
  var LIMIT = 200

  /* «Строитель» lunr, как его заводит сама функция lunr(config), с настройками Material
   * (config: язык, разбиение на слова, поля); add — что делать с документами. */
  function configure(real, config, add) {
    var builder = new real.Builder()
    builder.pipeline.add(real.trimmer, real.stopWordFilter, real.stemmer)
    builder.searchPipeline.add(real.stemmer)
    builder.add = add
    config.call(builder, builder)
    return builder
  }

  /* Замена функции lunr: make(config) вместо построения; остальное (lunr.Query, lunr.ru…) — то же. */
  function swap(real, make) {
    var wrapper = function (config) { return make(config) }
    Object.setPrototypeOf(wrapper, real)
    return wrapper
  }

  function install(real, prebuilt, docs, onLoad) {
    return swap(real, function (config) {
      var builder = configure(real, config, function () {})  // документы уже в готовом индексе
      var index = real.Index.load(prebuilt)
      if (onLoad) onLoad(index)
      var search = index.search
      var terms = new Map()  // слово → термины после конвейера индекса

      function termsOf(token) {
        var found = terms.get(token.str)
        if (found === undefined) {
          found = builder.pipeline.run([token]).map(String)
          terms.set(token.str, found)
        }
        return found
      }

      // Material берёт позиции из matchData.metadata[термин][поле].position
      function positions(result, doc, highlight) {
        var metadata = result.matchData.metadata
        var fields = {}
        Object.keys(metadata).forEach(function (term) {
          Object.keys(metadata[term]).forEach(function (field) {
            // lunr кладёт сюда объект из самого индекса (общий пустой): заменяем, а не дописываем
            metadata[term][field] = { position: [] }
            fields[field] = true
          })
        })
        if (!highlight) return
        Object.keys(fields).forEach(function (field) {
          var spec = builder._fields[field]
          // извлекатель Material заводит таблицу позиций документа, по ней он и подсвечивает
          var value = spec && spec.extractor ? spec.extractor(doc) : doc[field]
          if (value === undefined) return
          builder.tokenizer(value, { fields: [field] }).forEach(function (token) {
            termsOf(token).forEach(function (term) {
              var match = metadata[term] && metadata[term][field]
              if (match) match.position.push(token.metadata.position)
            })
          })
        })
      }

      // Подсветка — у первых LIMIT результатов и у всех разделов их страниц: Material
      // показывает страницу вместе с её разделами («ещё N на этой странице»).
      index.search = function (query) {
        var found = search.call(index, query), pages = new Set()
        found.forEach(function (result, n) {
          if (n < LIMIT) pages.add(docs[+result.ref].location.split("#")[0])
        })
        return found.map(function (result) {
          var doc = docs[+result.ref]
          result.ref = doc.location
          positions(result, doc, pages.has(doc.location.split("#")[0]))
          return result
        })
      }
      return index
    })
  }

  /*
   * Слова страниц для веса слов запроса (kbQuery.prepare, known) — из самого индекса:
   * термины индекса — это слова текста (стеммер Material для русского отключён), а
   * документы термина дают страницы (номера — kbQuery.pageNumbers, как в prepare).
   */
  function words(index, docs) {
    var pages = scope.kbQuery.pageNumbers(docs), pageOf = pages.of
    return {
      pages: pages.count,
      sorted: Object.keys(index.invertedIndex).sort(),
      pagesOf: function (term) {
        var posting = index.invertedIndex[term], found = new Set()
        if (posting) index.fields.forEach(function (field) {
          for (var ref in posting[field]) found.add(pageOf[+ref])
        })
        return found
      }
    }
  }

  /* Готовый индекс с документами (kb_docs) и config индекса (kb_config) — из search_prebuild.js. */
  function fits(prebuilt) {
    return !!prebuilt && Array.isArray(prebuilt.kb_docs) && !!prebuilt.kb_config &&
      Array.isArray(prebuilt.invertedIndex) && Array.isArray(prebuilt.fieldVectors)
  }

  /* Тексты документов из полного индекса — в те же объекты, что держит Material. */
  function attachTexts(docs, full) {
    if (!Array.isArray(full) || full.length !== docs.length ||
        full.some(function (doc, n) { return doc.location !== docs[n].location }))
      throw new Error("полный индекс не от этого готового индекса")
    docs.forEach(function (doc, n) { doc.text = full[n].text })
  }

  scope.kbPrebuilt = { configure: configure, swap: swap, install: install, words: words, fits: fits,
                       attachTexts: attachTexts }
})(self)
