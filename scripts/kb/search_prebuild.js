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
 * установленного Material: «строитель» lunr настраивает он сам (язык lunr.ru, конвейер
 * и поля из config индекса), а скрипт заменяет только само построение — слова полей
 * выделяет так же, как токенизатор Material, конвейер запускает один раз на слово, а не
 * на каждое вхождение, и пишет индекс сразу в JSON. С --verify индекс строится и обычным
 * lunr.Builder, и скрипт падает, если они не совпадают (tests/test_search_prebuilt.py).
 *
 * Отличия формата от lunr.Builder: документы названы номерами (0, 1, …) в порядке docs
 * индекса, а не адресами — файл втрое меньше; позиции слов (metadataWhitelist
 * "position") не хранятся — воркер курса вычисляет их только для показанных
 * результатов, чтобы Material подсветил найденные слова как обычно.
 *
 * Что пишет: <индекс lunr.json> — индекс lunr (Index.toJSON) и в нём же config индекса
 * (kb_config) и документы без текста (kb_docs). Воркер отвечает на запрос, как только
 * загрузил этот файл, а фрагменты текста в выдаче берёт из полного индекса, когда тот
 * догрузится (kb-search.js).
 *
 * Запуск: node search_prebuild.js <воркер Material> <папка lunr/min> <индекс.json> <индекс lunr.json> [--verify]
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

/* Индекс Material: SETUP уходит в его обработчик, а вызов lunr(config) перехватывается
 * («строитель» — тот же, что у воркера курса: kbPrebuilt.configure). */
function buildWith(material, data, build) {
  const real = material.scope.lunr
  const { configure, swap } = globalThis.kbPrebuilt
  let result = null
  material.scope.lunr = swap(real, config => {
    const docs = []
    const builder = configure(real, config, (doc, attributes) => { docs.push([doc, attributes]) })
    result = build(builder, docs, real)
    return result.index
  })
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

function splitInto(text, re, splits, each) {
  // весь блок в нижний регистр сразу, если длина от этого не меняется (иначе — по слову)
  const lower = text.toLowerCase()
  if (lower.length === text.length && splits) {
    const words = lower.split(re)
    for (let k = 0; k < words.length; k++) if (words[k]) each(words[k])
    return
  }
  re.lastIndex = 0
  let i = 0, m
  do {
    m = re.exec(text)
    const end = m ? m.index : text.length
    if (i < end) each(text.slice(i, end).toLowerCase())
    if (m) {
      i = m.index + m[0].length
      if (m[0].length === 0) re.lastIndex = m.index + 1
    }
  } while (m)
}

/* Каждое слово значения поля — в each(слово), по порядку. */
function materialWords(value, re, splits, each) {
  if (value === undefined) return
  for (const text of Array.isArray(value) ? value : [value]) {
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i)
      if (ch === 60 /* < */ && i > start) { splitInto(text.slice(start, i), re, splits, each); start = i }
      else if (ch === 62 /* > */) start = i + 1
    }
    if (text.length > start) splitInto(text.slice(start), re, splits, each)
  }
}

/* ----------------------------------------------------------------------------
 * Быстрый lunr.Builder: те же шаги и формулы (lunr 2.3.9), конвейер — по слову
 * ------------------------------------------------------------------------- */

function fastBuild(builder, docs, lunr) {
  const fields = Object.keys(builder._fields)
  const terms = new Map()  // термин → {index, refs: {поле: [номера документов]}, df, stamp, tf}
  const frequencies = []   // [поле, номер, [запись термина, частота, …], длина]
  const boosts = []
  const memo = new Map()   // слово → термины после конвейера

  const re = new RegExp(lunr.tokenizer.separator, "g")
  // String.split даёт те же слова, что цикл exec, если разделитель не бывает пустым и без групп
  const splits = !new RegExp("^(?:" + re.source + ")$").test("") && new RegExp("|" + re.source).exec("").length === 1
  const exact = lunr.segmenter !== undefined  // японский и т. п.: только токенизатором Material
  // частоты терминов поля считаем на самих записях терминов: stamp — чьё поле сейчас
  // считается, tf — сколько раз термин в нём; seen — термины поля в порядке первого вхождения
  let stamp = 0, length = 0, seen = []
  const addWord = word => {
    let found = memo.get(word)
    if (found === undefined) {
      found = builder.pipeline.run([new lunr.Token(word, {})]).map(t => {
        const term = t.toString()
        let entry = terms.get(term)
        if (entry === undefined) {
          entry = { index: -1, refs: Object.create(null), df: 0, stamp: 0, tf: 0 }
          for (const name of fields) entry.refs[name] = []
          terms.set(term, entry)
        }
        return entry
      })
      memo.set(word, found)
    }
    length += found.length
    for (let k = 0; k < found.length; k++) {
      const entry = found[k]
      if (entry.stamp !== stamp) { entry.stamp = stamp; entry.tf = 0; seen.push(entry) }
      entry.tf++
    }
  }
  let nextIndex = 0
  docs.forEach(([doc, attributes], n) => {
    boosts.push((attributes && attributes.boost) || 1)
    for (const field of fields) {
      const value = doc[field]
      stamp++
      length = 0
      seen = []
      if (exact && value !== undefined) {
        lunr.tokenizer.table = []
        builder.tokenizer(value, { fields: [field] }).forEach(t => addWord(t.str))
      } else {
        materialWords(value, re, splits, addWord)
      }
      // новые термины получают номера в порядке первого вхождения — как в lunr.Builder.add
      const byIndex = []
      for (const entry of seen) {
        if (entry.index < 0) entry.index = nextIndex++
        entry.refs[field].push(n)
        entry.df++
        byIndex.push(entry, entry.tf)
      }
      frequencies.push([field, n, byIndex, length])
    }
  })

  // calculateAverageFieldLengths
  const total = Object.create(null), withField = Object.create(null)
  for (const [field, , , length] of frequencies) {
    withField[field] = (withField[field] || 0) + 1
    total[field] = (total[field] || 0) + length
  }
  const average = Object.create(null)
  for (const field of fields) average[field] = total[field] / withField[field]

  // createFieldVectors; idf — формула lunr.idf
  const k1 = builder._k1, b = builder._b, count = docs.length
  const fieldVectors = []
  for (const [field, n, byIndex, length] of frequencies) {
    const fieldBoost = builder._fields[field].boost || 1
    const elements = []
    for (let k = 0; k < byIndex.length; k += 2) {
      const entry = byIndex[k], tf = byIndex[k + 1]
      if (entry.idf === undefined) {
        const x = (count - entry.df + 0.5) / (entry.df + 0.5)
        entry.idf = Math.log(1 + Math.abs(x))
      }
      let score = entry.idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[field])) + tf)
      score *= fieldBoost
      score *= boosts[n]
      elements.push([entry.index, Math.round(score * 1000) / 1000])
    }
    elements.sort((x, y) => x[0] - y[0])
    fieldVectors.push([field + "/" + n, [].concat(...elements)])
  }

  // Index.toJSON: термины по алфавиту, документы поля — по возрастанию номера (их пишем сами:
  // так быстрее, чем миллион пустых объектов метаданных)
  const posting = docs.map((_, n) => '"' + n + '":{}')  // документ в списке термина
  const inverted = Array.from(terms.keys()).sort().map(term => {
    const entry = terms.get(term)
    const parts = fields.map(field => JSON.stringify(field) + ":{" +
      entry.refs[field].map(ref => posting[ref]).join(",") + "}")
    return "[" + JSON.stringify(term) + ',{"_index":' + entry.index + "," + parts.join(",") + "}]"
  })
  const json = '{"version":' + JSON.stringify(lunr.version) + ',"fields":' + JSON.stringify(fields) +
    ',"fieldVectors":' + JSON.stringify(fieldVectors) + ',"invertedIndex":[' + inverted.join(",") + "]" +
    ',"pipeline":' + JSON.stringify(builder.searchPipeline.toJSON()) + "}"
  return { index: {}, json }
}

/* Обычный lunr.Builder (для --verify): документы — номерами, как у fastBuild. */
function lunrBuild(builder, docs, lunr) {
  builder.metadataWhitelist = []
  const ref = builder._ref
  docs.forEach(([doc, attributes], n) => {
    lunr.Builder.prototype.add.call(builder, Object.assign({}, doc, { [ref]: String(n) }), attributes)
  })
  const index = builder.build()
  return { index, json: JSON.stringify(index.toJSON()) }
}

/* ------------------------------------------------------------------------- */

async function main() {
  const [workerPath, lunrDir, indexPath, outPath, flag] = process.argv.slice(2)
  if (!outPath) fail("запуск: node search_prebuild.js <воркер Material> <lunr/min> <индекс.json> <индекс lunr.json> [--verify]")
  const data = JSON.parse(fs.readFileSync(indexPath, "utf8"))
  data.options = data.options || {}
  // документы без текста — в том же файле, что индекс: по ним воркер отвечает сразу; тексты
  // (фрагменты в выдаче) он берёт из полного индекса следом. Копии — до того, как Material
  // допишет в документы свои поля (parent).
  const docs = data.docs.map(doc => Object.assign({}, doc, { text: "" }))
  const material = loadMaterial(workerPath, lunrDir)
  // «строитель» и подмена lunr — общие с воркером курса (kb-query.js нужен kb-prebuilt.js)
  const workers = path.resolve(__dirname, "..", "..", "docs", "assets", "javascripts", "workers")
  for (const name of ["kb-query.js", "kb-prebuilt.js"])
    vm.runInThisContext(fs.readFileSync(path.join(workers, name), "utf8"))

  const fast = await buildWith(material, data, fastBuild)
  fs.writeFileSync(outPath, fast.json.slice(0, -1) + ',"kb_config":' + JSON.stringify(data.config) +
                   ',"kb_docs":' + JSON.stringify(docs) + "}")

  if (flag === "--verify") {
    const text = fast.json
    const slow = await buildWith(loadMaterial(workerPath, lunrDir), data, lunrBuild)
    const expected = slow.json
    if (expected !== text) {
      let i = 0
      while (i < text.length && text[i] === expected[i]) i++
      fail(`search_prebuild: индекс расходится с lunr.Builder с символа ${i}: ` +
           `…${text.slice(Math.max(0, i - 80), i + 80)}… вместо …${expected.slice(Math.max(0, i - 80), i + 80)}…`)
    }
    process.stdout.write(`совпадает с lunr.Builder: ${data.docs.length} документов, ${JSON.parse(text).invertedIndex.length} терминов\n`)
  }
}

main().catch(err => fail("search_prebuild: " + (err && err.stack || err)))
