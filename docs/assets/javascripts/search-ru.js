/*
 * search-ru.js — русские словоформы в поиске Material for MkDocs 9.8.
 *
 * Зачем. Поиск Material дописывает к каждому слову запроса «*» (поиск по
 * началу слова), а у слова со звёздочкой lunr не запускает конвейер запроса,
 * то есть и стеммер. Индекс же хранит слова как есть (конвейер по умолчанию —
 * только stopWordFilter). Поэтому «жалобы*» не находит «Жалоба».
 *
 * Что делаем. Сводим каждое русское слово запроса к основе по тому же
 * алгоритму Snowball, которым работает стеммер lunr.ru в поиске Material, и
 * отдаём её Material: «жалобы» → «жалоб» → «жалоб*» — находит «жалоба»,
 * «жалобы», «жалобой». Основа Snowball — всегда начало самого слова, поэтому
 * её «*» находит и исходную форму. Служебные слова («о», «не», «в»…) из запроса
 * убираем, если есть другие слова: «о*» совпало бы почти с каждой страницей.
 *
 * Куда встроено. В Material 9 нет пользовательского преобразования запроса
 * (прежний `__search.transform` убран в 9.0): страница отправляет текст из
 * строки поиска воркеру сообщением {type: 2, data: "<запрос>"} (QUERY), а
 * воркер преобразует его сам. Воркер создаётся ещё при загрузке bundle, до
 * этого файла, поэтому подменяем только Worker.prototype.postMessage и только
 * для сообщений такого вида. Глобальных имён файл не создаёт.
 *
 * Слова запроса и текста Material делит по `separator` плагина search
 * (mkdocs.yml): там должны быть и русские кавычки «», иначе «Жалоба» в
 * кавычках попадёт в индекс как «жалоба» с кавычкой и по началу слова
 * не найдётся.
 *
 * Стеммер ниже — самостоятельная реализация алгоритма Snowball Russian
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
(function () {
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

  /* ------------------------------------------------ запрос для Material --- */

  // Служебные слова и местоимения: без других слов запроса оставляем, с ними —
  // убираем. В индексе их нет (стоп-слова lunr.ru), а «о*» или «мне*» совпали бы
  // с «обычно» и «мнение».
  var STOP = new Set(("а без бы в вам вас во вы да для до его её ее же за и из или " +
    "их к как ко ли меня мне мы на над надо нам нас не ни но о об обо он она они " +
    "оно от по под при про с себе себя со тебе тебя то ты у уж уже что чтобы это " +
    "я").split(" "))

  function transform(query) {
    var parts = query.toLowerCase().split(/\s+/).filter(Boolean)
    var meaningful = parts.some(function (p) { return !STOP.has(p) })
    var quoted = false
    return parts.map(function (part) {
      var exact = quoted || /^[+\-"]/.test(part)
      if ((part.match(/"/g) || []).length % 2) quoted = !quoted
      if (meaningful && !exact && STOP.has(part)) return ""
      // «+слово», «-слово» и слова в кавычках Material не дополняет «*» —
      // дополняем сами, иначе основа искалась бы как целое слово.
      return part.replace(/[а-яё]+/g, function (word, at) {
        var base = stem(word)
        if (base.length < 2) base = word
        return exact && !/^[*~^]/.test(part.slice(at + word.length)) ? base + "*" : base
      })
    }).filter(Boolean).join(" ")
  }

  /* -------------------------------------- подключение к воркеру поиска --- */

  var proto = typeof Worker === "function" && Worker.prototype
  if (!proto || proto.postMessage.kbSearchRu) return
  var post = proto.postMessage
  var patched = function (message) {
    var args = Array.prototype.slice.call(arguments)
    if (message && message.type === 2 && typeof message.data === "string")
      args[0] = { type: 2, data: transform(message.data) }
    return post.apply(this, args)
  }
  patched.kbSearchRu = true
  proto.postMessage = patched
})()
