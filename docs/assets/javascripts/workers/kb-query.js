/*
 * kb-query.js — запрос к поиску курса: русские словоформы, синонимы, вес слов.
 *
 * Модуль воркера поиска (workers/kb-search.js подключает его importScripts) без
 * состояния и без обращений к сети: функции кладёт в self.kbQuery, поэтому тесты
 * загружают его и прямо на страницу.
 *
 * Что делает с запросом, прежде чем его получит поиск Material (lunr):
 *
 * 1. Словоформы. Material дописывает к слову «*» (поиск по началу слова), а у
 *    слова со звёздочкой lunr не запускает стеммер; индекс хранит слова как есть.
 *    Сводим слово к основе тем же алгоритмом Snowball, что у lunr.ru:
 *    «жалобы» → «жалоб*» находит «жалоба», «жалобой». «е» вместо «ё» («орет»)
 *    тоже находит слово: добавляем вариант с «ё», если такое начало есть в индексе.
 * 2. Синонимы из docs/includes/synonyms.yml (сборка кладёт их в config индекса,
 *    kb_synonyms): «црм» ищет и «CRM», «злится» — и «недоволен», «хамит».
 *    Фраза из нескольких слов срабатывает, когда в запросе есть все её слова.
 * 3. Вес. Слово, которое есть почти на каждой странице («клиент»), почти ничего
 *    не говорит о том, что ищут: если в запросе есть слова пореже, частое ищется
 *    только в тексте (не в заголовках и ключевых фразах, где у Material вес
 *    1000) и с весом 1. Редкие слова запроса весят WEIGHT.typed, синонимы —
 *    WEIGHT.synonym: своё слово ученика важнее подобранного за него.
 * 4. Служебные слова («о», «не», «в»…) из запроса убираем, если есть другие: «о*»
 *    совпало бы почти с каждой страницей. Для синонимов они остаются: «на ты».
 *
 * В выдаче Material строка «Отсутствует: …» перечисляет основы, которых нет на
 * странице. rename() подставляет вместо них слова, как их набрал ученик, и не
 * показывает синонимы, которых он не набирал.
 *
 * Стеммер — самостоятельная реализация алгоритма Snowball Russian
 * (https://snowballstem.org/algorithms/russian/stemmer.html) с теми же
 * списками окончаний, что у lunr.ru (lunr-languages) в составе Material.
 *
 * Алгоритм Snowball:
 * Copyright (c) 2001, Dr Martin Porter
 * Copyright (c) 2004,2005, Richard Boulton
 * All rights reserved.
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 * 1. Redistributions of source code must retain the above copyright notice,
 *    this list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the documentation
 *    and/or other materials provided with the distribution.
 * 3. Neither the name of the Snowball project nor the names of its contributors
 *    may be used to endorse or promote products derived from this software
 *    without specific prior written permission.
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
 * AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
 * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
 * ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE
 * LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
 * CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
 * INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
 * CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
 * ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
 * POSSIBILITY OF SUCH DAMAGE.
 */
(function (scope) {
  "use strict"

  /* ---------------------------------------------------------- стеммер --- */

  var VOWELS = "аеиоуыэюя"

  // Окончания; «1» — только после «а»/«я» (сама буква остаётся).
  var GERUND = ["в1", "вши1", "вшись1", "ив", "ыв", "ивши", "ывши", "ившись", "ывшись"]
  var ADJECTIVE = ("ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому " +
    "их ых ую юю ая яя ою ею").split(" ")
  var PARTICIPLE = ["ем1", "нн1", "вш1", "ющ1", "щ1", "ивш", "ывш", "ующ"]
  var REFLEXIVE = ["ся", "сь"]
  var VERB = ("ла1 на1 ете1 йте1 ли1 й1 л1 ем1 н1 ло1 но1 ет1 ют1 ны1 ть1 ешь1 нно1 " +
    "ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует " +
    "уют ит ыт ены ить ыть ишь ую ю").split(" ")
  var NOUN = ("а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем " +
    "ам ом о у ах иях ях ы ь ию ью ю ия ья я").split(" ")
  var DERIVATIONAL = ["ост", "ость"]

  // Самое длинное окончание из списка, целиком лежащее в области RV.
  // Если оно из группы «1», а перед ним в RV нет «а»/«я», удаления нет
  // (к более короткому окончанию Snowball не откатывается).
  function cut(word, rv, list) {
    var best = null
    for (var i = 0; i < list.length; i++) {
      var ending = list[i].replace("1", "")
      if ((!best || ending.length > best.ending.length) &&
          word.length - ending.length >= rv && word.slice(-ending.length) === ending)
        best = { ending: ending, after: list[i] !== ending }
    }
    if (!best) return null
    var rest = word.slice(0, -best.ending.length)
    if (best.after && !(rest.length - 1 >= rv && /[ая]$/.test(rest))) return null
    return rest
  }

  function isVowel(c) { return VOWELS.indexOf(c) >= 0 }

  // Позиция сразу после первой гласной (vowel = true) или согласной от from.
  function past(word, from, vowel) {
    for (var i = from; i < word.length; i++)
      if (isVowel(word.charAt(i)) === vowel) return i + 1
    return word.length
  }

  function stem(word) {
    // RV — после первой гласной; R2 — после «гласная, согласная» дважды.
    var rv = past(word, 0, true)
    var r2 = past(word, past(word, past(word, rv, false), true), false)
    // Шаг 1
    var w = cut(word, rv, GERUND)
    if (w === null) {
      w = cut(word, rv, REFLEXIVE)
      if (w === null) w = word
      var adj = cut(w, rv, ADJECTIVE)
      if (adj !== null) {
        var participle = cut(adj, rv, PARTICIPLE)
        w = participle !== null ? participle : adj
      } else {
        var next = cut(w, rv, VERB)
        if (next === null) next = cut(w, rv, NOUN)
        if (next !== null) w = next
      }
    }
    // Шаг 2
    if (w.length - 1 >= rv && /и$/.test(w)) w = w.slice(0, -1)
    // Шаг 3
    var der = cut(w, rv, DERIVATIONAL)
    if (der !== null && der.length >= r2) w = der
    // Шаг 4
    var sup = cut(w, rv, ["ейш", "ейше"])
    if (sup !== null) w = sup
    if (w.length - 2 >= rv && /нн$/.test(w)) w = w.slice(0, -1)
    else if (sup === null && w.length - 1 >= rv && /ь$/.test(w)) w = w.slice(0, -1)
    return w
  }

  /* ------------------------------------------------------------ запрос --- */

  // Служебные слова и местоимения (в индексе их нет: стоп-слова lunr.ru).
  var STOP = new Set(("а без бы был была были было в вам вас ваш ваша весь во все всё всего всем " +
    "всех вы где да для до его её ее если есть же за и из или их к как какая какие какой ко " +
    "когда кто ли меня мне мной мой моя мои мы на над надо нам нас наш не нельзя ни но нужно " +
    "о об обо он она они оно от очень перед по под после при про с сам сама свой своя себе " +
    "себя со та так также те тебе тебя то тоже только тот ты у уж уже что чтобы чем эта эти " +
    "это этот я").split(" "))

  // Слово, которое есть на такой доле страниц и больше, — частое (см. выше, п. 3).
  var COMMON = 0.9
  var WEIGHT = { typed: 10, synonym: 3 }

  function isRussian(word) { return /[а-яё]/.test(word) }

  // Основа слова: у русского — по Snowball (не короче двух букв), остальное как есть.
  function base(word) {
    if (!isRussian(word)) return word
    var s = stem(word)
    return s.length < 2 ? word : s
  }

  // Слова строки: нижний регистр, разделители — те же, что у индекса.
  function words(text, separator) {
    return text.toLowerCase().split(separator).filter(Boolean)
  }

  // Совпадают ли основы (для синонимов): равны с точностью до «ё».
  function same(a, b) {
    return a === b || a.replace(/ё/g, "е") === b.replace(/ё/g, "е")
  }

  /**
   * Данные индекса, которые нужны запросу: слова страниц (для частоты слова и
   * вариантов с «ё») и синонимы. index — {config, docs} из search_index.json.
   */
  function prepare(index, known) {
    var config = index.config || {}
    var separator = new RegExp(config.separator || "[\\s\\-]+")
    var pages = known ? null : pageNumbers(index.docs || [])
    var byWord = new Map()
    // Слова страниц уже известны из готового индекса (kbPrebuilt.words): весь текст
    // индекса в браузере заново не разбираем.
    if (!known) (index.docs || []).forEach(function (doc, n) {
      var id = pages.of[n]
      var text = [doc.title, doc.text, (doc.keywords || []).join(" "), (doc.tags || []).join(" ")]
        .join(" ").replace(/<[^>]+>/g, " ")
      words(text, separator).forEach(function (w) {
        var set = byWord.get(w)
        if (!set) byWord.set(w, set = new Set())
        set.add(id)
      })
    })
    // Синоним — список слов: {stem, word}; служебные слова нужны, чтобы узнать
    // фразу («на ты»), но искать их нечего (add: false).
    var synonyms = (config.kb_synonyms || []).map(function (group) {
      return group.map(function (member) {
        return words(String(member), separator).map(function (w) {
          return { stem: base(w), add: !STOP.has(w) && w.length > 2 }
        })
      }).filter(function (member) { return member.length })
    })
    return {
      separator: separator,
      pages: known ? known.pages : pages.count,
      // страницы (номера), где есть слово
      pagesOf: known ? known.pagesOf : function (w) { return byWord.get(w) },
      sorted: known ? known.sorted : Array.from(byWord.keys()).sort(),
      synonyms: synonyms,
      share: new Map()
    }
  }

  /* Номер страницы (адрес без #раздела) у каждого документа — по порядку docs — и число страниц. */
  function pageNumbers(docs) {
    var ids = new Map()
    var of = docs.map(function (doc) {
      var loc = String(doc.location).split("#")[0]
      if (!ids.has(loc)) ids.set(loc, ids.size)
      return ids.get(loc)
    })
    return { of: of, count: ids.size }
  }

  // Первое слово индекса, не меньшее prefix (двоичный поиск).
  function lowerBound(sorted, prefix) {
    var lo = 0, hi = sorted.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (sorted[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  function hasPrefix(ctx, prefix) {
    var w = ctx.sorted[lowerBound(ctx.sorted, prefix)]
    return w !== undefined && w.indexOf(prefix) === 0
  }

  // Доля страниц, где есть слово, начинающееся с prefix.
  function share(ctx, prefix) {
    if (ctx.share.has(prefix)) return ctx.share.get(prefix)
    var seen = new Set()
    for (var i = lowerBound(ctx.sorted, prefix); i < ctx.sorted.length; i++) {
      var w = ctx.sorted[i]
      if (w.indexOf(prefix) !== 0) break
      ctx.pagesOf(w).forEach(function (id) { seen.add(id) })
    }
    var value = ctx.pages ? seen.size / ctx.pages : 0
    ctx.share.set(prefix, value)
    return value
  }

  // «орет» → ещё «орёт», если в индексе есть слово с таким началом (и наоборот).
  function yoVariants(ctx, term) {
    var out = []
    for (var i = 0; i < term.length; i++) {
      var c = term.charAt(i)
      if (c !== "е" && c !== "ё") continue
      var v = term.slice(0, i) + (c === "е" ? "ё" : "е") + term.slice(i + 1)
      if (hasPrefix(ctx, v)) out.push(v)
    }
    return out
  }

  // Часть запроса с операторами lunr (+слово, -слово, "фраза", поле:, ~, ^, *):
  // только основы слов, остальное как набрано. Material не дописывает «*» к словам
  // с + и - и к словам в кавычках — дописываем сами, иначе основа искалась бы
  // как целое слово.
  function literal(part, exact) {
    return part.replace(/[а-яё]+/g, function (word, at) {
      var b = base(word)
      return exact && !/^[*~^]/.test(part.slice(at + word.length)) ? b + "*" : b
    })
  }

  /**
   * Запрос для Material и то, из каких слов ученика он собран.
   *
   * Возвращает {query, groups}: query — строка для поиска Material, groups — по
   * записи на слово ученика: {typed: "злится", terms: ["злит", "недовол", …]}
   * (основа, варианты с «ё» и синонимы) — для rename().
   */
  function build(query, ctx) {
    var parts = String(query).toLowerCase().split(/\s+/).filter(Boolean)
    var literals = []
    var typed = []
    var quoted = false
    parts.forEach(function (part) {
      var exact = quoted || /^[+\-"]/.test(part)
      if ((part.match(/"/g) || []).length % 2) quoted = !quoted
      if (exact || /[:~^*]/.test(part)) literals.push({ part: part, exact: exact })
      else words(part, ctx.separator).forEach(function (w) { typed.push(w) })
    })

    // Синонимы: по словам запроса, включая служебные («на ты»). Синоним из одного
    // слова заменяет слово запроса; фраза («итоги разговора») заменяет всю
    // совпавшую часть запроса («письмо после звонка») — её слова ищутся по
    // отдельности, а для rerank считаются только вместе (phrases).
    var stems = typed.map(base)
    var extra = []    // {term, owners: [индексы слов запроса], single}
    var phrases = []  // {owners, stems}
    ctx.synonyms.forEach(function (group) {
      var hits = group.map(function (member) {
        var owners = []
        var all = member.every(function (m) {
          var i = stems.findIndex(function (s) { return same(s, m.stem) })
          if (i >= 0) owners.push(i)
          return i >= 0
        })
        return all ? owners : null
      })
      group.forEach(function (member, k) {
        if (hits[k]) return
        var owners = hits.filter(Boolean)
        if (!owners.length) return
        owners = [].concat.apply([], owners)
        var add = member.filter(function (m) { return m.add })
        add.forEach(function (m) { extra.push({ term: m.stem, owners: owners, single: add.length === 1 }) })
        if (add.length > 1) phrases.push({ owners: owners, stems: add.map(function (m) { return m.stem }) })
      })
    })

    var meaningful = literals.length || extra.length || typed.some(function (w) { return !STOP.has(w) })
    var groups = []
    var byTyped = {}
    typed.forEach(function (w, i) {
      if (meaningful && STOP.has(w)) return
      var s = stems[i]
      var g = byTyped[s]
      if (!g) {
        g = byTyped[s] = { typed: w, stem: s, terms: [s].concat(yoVariants(ctx, s)), synonyms: [] }
        g.cover = g.terms.slice()
        groups.push(g)
      }
      g.index = g.index || []
      g.index.push(i)
    })
    extra.forEach(function (e) {
      var owner = groups.find(function (g) {
        return g.index.some(function (i) { return e.owners.indexOf(i) >= 0 })
      })
      if (!owner) {  // синоним пришёл от служебного слова («на ты»): своя запись
        owner = groups[0] && groups[0].typed === "" ? groups[0] : null
        if (!owner) groups.unshift(owner = { typed: "", stem: "", terms: [], synonyms: [], cover: [], index: [] })
      }
      ;[e.term].concat(yoVariants(ctx, e.term)).forEach(function (t) {
        if (owner.synonyms.indexOf(t) < 0 && owner.terms.indexOf(t) < 0) owner.synonyms.push(t)
        if (e.single && owner.cover.indexOf(t) < 0) owner.cover.push(t)
      })
    })

    // Вес слова — WEIGHT × (1 − доля страниц, где оно есть): «отказ» (на четверти
    // страниц) весит 8, «письмо» (на 84%) — 2. Синонимы слова, которого в индексе
    // нет совсем («црм»), заменяют его и весят как оно. Слово почти со всех
    // страниц («клиент») ищется только в тексте и с весом 1, если среди
    // набранных учеником есть слова пореже; синоним такой частоты не ищется.
    var seen = new Set()
    var items = []
    groups.forEach(function (g) {
      var absent = g.terms.every(function (t) { return !hasPrefix(ctx, t) })
      g.required = true
      g.terms.forEach(function (t) { items.push({ term: t, base: WEIGHT.typed, typed: g }) })
      g.synonyms.forEach(function (t) {
        items.push({ term: t, base: absent && g.cover.indexOf(t) >= 0 ? WEIGHT.typed : WEIGHT.synonym, owner: g })
      })
    })
    items = items.filter(function (it) {
      if (seen.has(it.term)) return false
      seen.add(it.term)
      var part = share(ctx, it.term)
      it.common = part >= COMMON
      it.weight = Math.max(1, Math.round(it.base * (1 - part)))
      if (it.typed) it.typed.weight = Math.max(it.typed.weight || 1, it.weight)
      return it.typed || !it.common
    })
    // синоним не весит больше слова, за которое подобран (если то есть в индексе)
    items.forEach(function (it) {
      if (it.owner && it.owner.weight && it.base !== WEIGHT.typed) it.weight = Math.min(it.weight, it.owner.weight)
    })
    var rare = items.some(function (it) { return it.typed && !it.common })
    var out = literals.map(function (l) { return literal(l.part, l.exact) })
    items.forEach(function (it) {
      if (it.common && rare) {
        out.push("text:" + it.term)
        it.typed.required = false  // для rerank: частое слово в заголовке не обязательно
      } else out.push(it.term + "*^" + it.weight)
    })
    return {
      query: out.join(" "),
      groups: groups.map(function (g) {
        return { typed: g.typed, terms: g.terms.concat(g.synonyms), cover: g.cover,
                 required: g.required !== false && !!g.typed }
      }),
      phrases: phrases.map(function (ph) {
        return {
          stems: ph.stems,
          groups: groups.map(function (g, n) {
            return (g.index || []).some(function (i) { return ph.owners.indexOf(i) >= 0 }) ? n : -1
          }).filter(function (n) { return n >= 0 })
        }
      })
    }
  }

  /**
   * Заголовок важнее текста: страница, у которой в заголовке (её или раздела)
   * либо в одной ключевой фразе есть все слова запроса (или их синонимы), идёт
   * раньше остальных — «письмо после звонка» находит раздел «Письмо после
   * звонка», а не страницу, где эти слова рассыпаны по тексту. Порядок внутри
   * обеих частей — как у Material. Счёт (score) поднятых страниц растёт так,
   * чтобы Enter в строке поиска открывал первую страницу выдачи.
   * items — data.items ответа Material (группы записей по страницам).
   */
  function rerank(items, built, separator) {
    var need = built.groups.filter(function (g) { return g.required }).length
    if (!items.length || !need) return items
    // сколько обязательных слов запроса (или их синонимов) есть в тексте
    function covered(text) {
      var found = words(String(text).replace(/<[^>]+>/g, " "), separator)
      var has = function (t) { return found.some(function (w) { return w.indexOf(t) === 0 }) }
      var ok = built.groups.map(function (g) { return g.required && g.cover.some(has) })
      built.phrases.forEach(function (ph) {
        if (ph.stems.every(has)) ph.groups.forEach(function (n) { ok[n] = built.groups[n].required })
      })
      return ok.filter(Boolean).length
    }
    function best(group) {
      return group.reduce(function (m, item) { return Math.max(m, item.score || 0) }, 0)
    }
    var ranked = items.map(function (group, order) {
      var cover = 0
      group.forEach(function (item) {
        cover = Math.max(cover, covered(item.title || ""))
        ;(item.keywords || []).forEach(function (k) { cover = Math.max(cover, covered(k)) })
      })
      // в счёт идёт заголовок со всеми словами запроса или хотя бы с двумя
      return { group: group, cover: cover === need || cover >= 2 ? cover : 0, order: order }
    })
    ranked.sort(function (a, b) { return b.cover - a.cover || a.order - b.order })
    // счёт не должен убывать вниз по выдаче: Enter открывает запись с наибольшим счётом
    var floor = 0
    for (var i = ranked.length - 1; i >= 0; i--) {
      var group = ranked[i].group, b = best(group)
      if (b > 0 && b <= floor) {
        var k = (floor * 1.01 + 0.01) / b
        group.forEach(function (item) { item.score = item.score * k })
        b = best(group)
      }
      floor = Math.max(floor, b)
    }
    return ranked.map(function (r) { return r.group })
  }

  /**
   * terms результата Material ({основа: найдена ли}) — в слова ученика:
   * найденные основы остаются (по ним Material подсвечивает слова на странице),
   * ненайденное слово показывается как набрано, ненайденные синонимы — никак.
   */
  function rename(terms, built) {
    var out = {}
    var mine = new Set()
    built.groups.forEach(function (g) {
      var found = false, asked = false
      g.terms.forEach(function (t) {
        mine.add(t)
        if (!(t in terms)) return
        asked = true
        if (terms[t]) { out[t] = true; found = true }
      })
      if (asked && !found && g.typed) out[g.typed] = false
    })
    Object.keys(terms).forEach(function (t) { if (!mine.has(t)) out[t] = terms[t] })
    return out
  }

  scope.kbQuery = { stem: stem, base: base, prepare: prepare, pageNumbers: pageNumbers, build: build, rename: rename, rerank: rerank,
                    share: share, STOP: STOP, WEIGHT: WEIGHT, COMMON: COMMON }
})(self)
