#!/usr/bin/env node
/*
 * search_prebuild.js — готовый индекс lunr для поиска сайта, собранный при сборке.
 *
 * Зачем. Воркер поиска Material строит индекс lunr в браузере ученика при первом
 * поиске: на 300 тезисах это ~6 с и ~560 МиБ памяти. Здесь тот же индекс строится один
 * раз при сборке, а воркер курса (assets/javascripts/workers/kb-search.js) только
 * загружает его (lunr.Index.load) — доли секунды.
 *
 * Тот же индекс, что построил бы Material. Скрипт запускает настоящий воркер поиска
 * установленного Material (с его разбиением на слова, стеммером lunr.ru и настройками
 * индекса из search_index.json) и подменяет только цикл lunr.Builder.add: результат
 * конвейера (trimmer → стоп-слова → стеммер) запоминается для каждого слова, а не
 * считается для каждого вхождения заново. С --verify индекс строится и обычным
 * lunr.Builder, и скрипт падает, если они не совпадают (tests/test_search.py).
 *
 * Отличия формата от lunr.Builder: документы названы номерами (0, 1, …) в порядке docs
 * индекса, а не адресами — файл втрое меньше; позиции слов (metadataWhitelist
 * "position") не хранятся — воркер курса вычисляет их только для показанных
 * результатов, чтобы Material подсветил найденные слова как обычно.
 *
 * Что пишет: <индекс lunr.json> — индекс lunr (Index.toJSON) и в нём же config индекса
 * (kb_config) и документы без текста (kb_docs); <тексты.json> — тексты документов по
 * порядку. Воркер отвечает на запрос, как только загрузил первый файл, а фрагменты
 * текста в выдаче появляются, когда догрузится второй (kb-search.js).
 *
 * Запуск: node search_prebuild.js <воркер Material> <папка lunr/min> <индекс.json> <индекс lunr.json> <тексты.json> [--verify]
 */
"use strict"

const fs = require("fs")
const path = require("path")
const vm = require("vm")

const SETUP = 0, READY = 1

function fail(message) {
  process.stderr.write(message + "\n")
  process.exit(1)
}

/* ----------------------------------------------------------------------------
 * Воркер Material в песочнице Node: importScripts читает стеммеры из lunr/min
 * ------------------------------------------------------------------------- */

function loadMaterial(workerPath, lunrDir) {
  // воркер написан для глобальной области воркера: self, importScripts, postMessage
  const scope = globalThis
  scope.self = scope
  scope.importScripts = (...urls) => urls.forEach(url =>
    vm.runInThisContext(fs.readFileSync(path.join(lunrDir, path.basename(url)), "utf8")))
  let handler = null
  scope.addEventListener = (type, fn) => { if (type === "message") handler = fn }
  scope.postMessage = message => scope.onReply && scope.onReply(message)
  delete scope.lunr
  vm.runInThisContext(fs.readFileSync(workerPath, "utf8"))
  if (!handler || typeof scope.lunr !== "function")
    fail("search_prebuild: воркер поиска Material не загрузился (нет обработчика сообщений или lunr)")
  return { scope, handler }
}

/* Индекс Material: SETUP уходит в его обработчик, а вызов lunr(config) перехватывается. */
function buildWith(material, data, build) {
  const real = material.scope.lunr
  let result = null
  const wrapper = function (config) {
    const builder = new real.Builder()
    builder.pipeline.add(real.trimmer, real.stopWordFilter, real.stemmer)
    builder.searchPipeline.add(real.stemmer)
    const docs = []
    builder.add = (doc, attributes) => { docs.push([doc, attributes]) }
    config.call(builder, builder)
    result = build(builder, docs, real)
    return result.index
  }
  Object.setPrototypeOf(wrapper, real)
  material.scope.lunr = wrapper
  return new Promise((resolve, reject) => {
    material.scope.onReply = message => {
      if (message && message.type === READY) resolve(result)
    }
    Promise.resolve(material.handler({ data: { type: SETUP, data } })).catch(reject)
  }).finally(() => { material.scope.lunr = real })
}

/* ----------------------------------------------------------------------------
 * Слова поля — как их выделяет токенизатор воркера Material (tokenize: текст между
 * тегами HTML, затем разделитель из config индекса, в нижнем регистре), но строками:
 * без lunr.Token и таблицы позиций для подсветки. Совпадение проверяет --verify.
 * ------------------------------------------------------------------------- */

function splitInto(text, re, out) {
  re.lastIndex = 0
  let i = 0, m
  do {
    m = re.exec(text)
    const end = m ? m.index : text.length
    if (i < end) out.push(text.slice(i, end).toLowerCase())
    if (m) {
      i = m.index + m[0].length
      if (m[0].length === 0) re.lastIndex = m.index + 1
    }
  } while (m)
}

function materialWords(value, re) {
  const out = []
  if (value === undefined) return out
  for (const text of Array.isArray(value) ? value : [value]) {
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      if (ch === 60 /* < */ && i > start) { splitInto(text.slice(start, i), re, out); start = i }
      else if (ch === 62 /* > */) start = i + 1
    }
    if (text.length > start) splitInto(text.slice(start), re, out)
  }
  return out
}

/* ----------------------------------------------------------------------------
 * Быстрый lunr.Builder: те же шаги и формулы (lunr 2.3.9), конвейер — по слову
 * ------------------------------------------------------------------------- */

function fastBuild(builder, docs, lunr) {
  const fields = Object.keys(builder._fields)
  const inverted = Object.create(null)
  const frequencies = []   // [fieldRef, field, ref, Map(термин → частота), длина]
  const boosts = []
  const memo = new Map()   // слово → термины после конвейера
  let termIndex = 0

  const re = new RegExp(lunr.tokenizer.separator, "g")
  const exact = lunr.segmenter !== undefined  // японский и т. п.: только токенизатором Material
  docs.forEach(([doc, attributes], n) => {
    const ref = String(n)
    boosts.push((attributes && attributes.boost) || 1)
    for (const field of fields) {
      const value = doc[field]
      let words
      if (exact && value !== undefined) {
        lunr.tokenizer.table = []
        words = builder.tokenizer(value, { fields: [field] }).map(t => t.str)
      } else {
        words = materialWords(value, re)
      }
      const counts = new Map()
      let length = 0
      for (const word of words) {
        let terms = memo.get(word)
        if (terms === undefined) {
          terms = builder.pipeline.run([new lunr.Token(word, {})]).map(t => t.toString())
          memo.set(word, terms)
        }
        length += terms.length
        for (const term of terms) counts.set(term, (counts.get(term) || 0) + 1)
      }
      // новые термины получают номера в порядке первого вхождения — как в lunr.Builder.add
      for (const term of counts.keys()) {
        let posting = inverted[term]
        if (posting === undefined) {
          posting = Object.create(null)
          posting._index = termIndex++
          for (const name of fields) posting[name] = Object.create(null)
          inverted[term] = posting
        }
        posting[field][ref] = Object.create(null)
      }
      frequencies.push([field + "/" + ref, field, n, counts, length])
    }
  })

  // calculateAverageFieldLengths
  const total = Object.create(null), withField = Object.create(null)
  for (const [, field, , , length] of frequencies) {
    withField[field] = (withField[field] || 0) + 1
    total[field] = (total[field] || 0) + length
  }
  const average = Object.create(null)
  for (const field of fields) average[field] = total[field] / withField[field]

  // createFieldVectors
  const idf = new Map()
  const k1 = builder._k1, b = builder._b
  const fieldVectors = Object.create(null)
  for (const [fieldRef, field, n, counts, length] of frequencies) {
    const fieldBoost = builder._fields[field].boost || 1
    const elements = []
    for (const [term, tf] of counts) {
      const posting = inverted[term]
      let weight = idf.get(term)
      if (weight === undefined) { weight = lunr.idf(posting, docs.length); idf.set(term, weight) }
      let score = weight * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[field])) + tf)
      score *= fieldBoost
      score *= boosts[n]
      elements.push([posting._index, Math.round(score * 1000) / 1000])
    }
    elements.sort((x, y) => x[0] - y[0])
    fieldVectors[fieldRef] = new lunr.Vector([].concat(...elements))
  }

  const index = new lunr.Index({
    invertedIndex: inverted,
    fieldVectors,
    tokenSet: lunr.TokenSet.fromArray(Object.keys(inverted).sort()),
    fields,
    pipeline: builder.searchPipeline,
  })
  return { index }
}

/* Обычный lunr.Builder (для --verify): документы — номерами, как у fastBuild. */
function lunrBuild(builder, docs, lunr) {
  builder.metadataWhitelist = []
  const ref = builder._ref
  docs.forEach(([doc, attributes], n) => {
    lunr.Builder.prototype.add.call(builder, Object.assign({}, doc, { [ref]: String(n) }), attributes)
  })
  return { index: builder.build() }
}

/* ------------------------------------------------------------------------- */

async function main() {
  const [workerPath, lunrDir, indexPath, outPath, textsPath, flag] = process.argv.slice(2)
  if (!textsPath) fail("запуск: node search_prebuild.js <воркер Material> <lunr/min> <индекс.json> <индекс lunr.json> <тексты.json> [--verify]")
  const data = JSON.parse(fs.readFileSync(indexPath, "utf8"))
  data.options = data.options || {}
  // документы без текста — в том же файле, что индекс: по ним воркер отвечает сразу; тексты
  // (фрагменты в выдаче) — отдельным файлом, они догружаются следом. Копии — до того, как
  // Material допишет в документы свои поля (parent).
  const docs = data.docs.map(doc => Object.assign({}, doc, { text: "" }))
  const texts = data.docs.map(doc => doc.text || "")
  const material = loadMaterial(workerPath, lunrDir)

  const fast = await buildWith(material, data, fastBuild)
  const json = fast.index.toJSON()
  const text = flag === "--verify" ? JSON.stringify(json) : null  // для сверки — до полей курса
  fs.writeFileSync(outPath, JSON.stringify(Object.assign(json, { kb_config: data.config, kb_docs: docs })))
  fs.writeFileSync(textsPath, JSON.stringify(texts))

  if (text !== null) {
    const slow = await buildWith(loadMaterial(workerPath, lunrDir), data, lunrBuild)
    const expected = JSON.stringify(slow.index.toJSON())
    if (expected !== text) {
      let i = 0
      while (i < text.length && text[i] === expected[i]) i++
      fail(`search_prebuild: индекс расходится с lunr.Builder с символа ${i}: ` +
           `…${text.slice(Math.max(0, i - 80), i + 80)}… вместо …${expected.slice(Math.max(0, i - 80), i + 80)}…`)
    }
    process.stdout.write(`совпадает с lunr.Builder: ${data.docs.length} документов, ${json.invertedIndex.length} терминов\n`)
  }
}

main().catch(err => fail("search_prebuild: " + (err && err.stack || err)))
