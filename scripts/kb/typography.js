#!/usr/bin/env node
/* Неразрывные пробелы в собранном сайте: typograf (npm typograf, версия — package-lock.json),
 * только правила неразрывных пробелов (RULES).
 *
 * Один процесс на сборку: хук (scripts/kb/typography.py, Typesetter.finish) передаёт в stdin JSON
 *   {"files": ["site/…/index.html", …], "texts": ["строка или HTML", …]}
 * — страницы, статей которых нет в кеше прошлой сборки, и такие же строки (реплики тренажёров
 * разговора, вопросы итогового теста). В файлах typograf видит только статью страницы
 * (<article>…</article>: текст курса; меню, шапка и подвал — короткие подписи темы, их не трогаем),
 * файл переписывается на месте. Строки возвращаются в stdout тем же порядком:
 *   {"texts": [...], "files": N, "changed": N, "nbsp": N, "typeset": N, "entries": {ключ: замены}}
 * nbsp — сколько неразрывных пробелов прибавилось в страницах (узкий U+202F после «№» не считается); entries —
 * записи для кеша (его читает и пишет typography.py, см. diff).
 *
 * Без правок остаются теги и атрибуты, HTML-сущности, комментарии, код, <script>, <style>, <svg>,
 * <textarea> и шаблоны скриптов и писем (SKIP).
 */
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");

/* Правила typograf, которые включены: только неразрывные пробелы. Остальные выключены: кавычки,
 * тире, многоточия в исходниках курса уже верные (их проверяет make lint), а сборка не должна
 * менять текст. Имена и описания — node_modules/typograf/docs/RULES.ru.md.
 * Не включены nbsp-правила, которым в курсе нечего делать (адреса, «стр.», «P. S.», годы, «м²»…),
 * ru/nbsp/initials (связывает только «Е. А. Фамилия»: инициалы проверяет make lint) и
 * common/number/digitGrouping (он ещё и разбивает длинные числа — телефон, ИНН — пробелами;
 * разряды «56 000» проверяет make lint). */
const RULES = [
  "common/nbsp/afterShortWord",       // слово из 1–2 букв и следующее: в, на, и, с, к, о, у, а, но, не, из…
  "common/nbsp/afterShortWordByList", // предлоги и союзы длиннее: для, без, при, под, про, или, если, как…
  "common/nbsp/afterNumber",          // «15 минут», «3 вопроса»
  "common/nbsp/beforeShortLastWord",  // короткое последнее слово не уходит одно на новую строку: «…так ли?»
  "common/nbsp/beforeShortLastNumber",// «…в пункте 5.»
  "ru/dash/main",                     // «слово — слово»: неразрывный пробел перед тире (« - », « -- » → « — »)
  "ru/nbsp/dayMonth",                 // «14 марта»
  "ru/nbsp/beforeParticle",           // «ли», «же», «бы»
  "ru/nbsp/afterNumberSign",          // «№ 128» — узкий неразрывный пробел (U+202F)
  "ru/nbsp/abbr",                     // «т. д.», «т. е.»
  "ru/nbsp/see",                      // «см. раздел»
  "ru/nbsp/mln",                      // «70 тыс.», «2 млн»
  "ru/nbsp/rubleKopek",               // «500 руб.»
  "ru/nbsp/kbRange",                  // своё, ниже: «40–70 тысяч», «10–15 минут»
];

/* Одно своё правило: диапазон чисел и слово после него. common/nbsp/afterNumber связывает со
 * словом только число после пробела («до 70 тысяч»), а число после тире («40–70 тысяч») — нет. */
const RANGE_RULE = {
  name: "ru/nbsp/kbRange",
  handler: (text) => text.replace(/(\d[–—-]\d{1,5}) (?=[а-яё])/gi, "$1\u00a0"),
};

/* Что в HTML не текст для typograf. Каждое совпадение — целиком, без разбора внутри: тег с его
 * атрибутами, HTML-сущность (&amp;, &lt;…), комментарий и элементы, текст которых не трогаем:
 * код (<code>, <pre>, <kbd>, <samp>, <var>), <script>, <style>, <svg>, <textarea> и шаблон скрипта
 * или письма (блок ```script — div.kb-script__text с полями span.kb-ph: этот текст копируют в письмо
 * или мессенджер как есть; вложенных <div> в нём нет, kb/fences.py). */
const SKIP = new RegExp([
  "<(code|pre|kbd|samp|var|script|style|svg|textarea)(?:\\s[^>]*)?>[^]*?</\\1>",
  '<div class="kb-script__text"[^>]*>[^]*?</div>',
  "<!--[^]*?-->",
  "<[^>]*>",
  "&(?:#\\d{1,7}|#x[\\da-f]{1,6}|[a-z][a-z\\d]{1,31});",
].join("|"), "gi");

/* Метка, которой typograf сам заменяет скрытые теги (privateLabel в typograf.js): правила
 * считают её границей слова, как тег. Мы заменяем каждый пропускаемый кусок одной такой меткой
 * сами — одним проходом, а не десятком регулярных выражений safeTags typograf на каждый тег:
 * страница тезиса — в основном теги теста. Что результат тот же, что у typograf в режиме HTML,
 * проверяет тест (tests/test_typography.py). */
const LABEL = "\uf000";

function load() {
  let Typograf;
  try {
    Typograf = require(path.join(ROOT, "node_modules", "typograf"));
  } catch (err) {
    process.stderr.write("typograf не установлен (npm ci): " + err.message + "\n");
    process.exit(3);
  }
  if (!Typograf.getRule(RANGE_RULE.name)) Typograf.addRule(RANGE_RULE);
  const tp = new Typograf({ locale: ["ru"] });
  for (const name of Typograf.getRules().map((r) => r.name)) tp.disableRule(name);
  for (const name of RULES) {
    if (!Typograf.getRule(name)) throw new Error("в typograf нет правила " + name);
    tp.enableRule(name);
  }
  return tp;
}

/* HTML (или простой текст) с неразрывными пробелами. */
function typeset(tp, html) {
  if (html.indexOf(LABEL) !== -1) return html; // метка в самом тексте: не рискуем
  const kept = [];
  const text = html.replace(SKIP, (m) => { kept.push(m); return LABEL; });
  const parts = tp.execute(text).split(LABEL);
  if (parts.length !== kept.length + 1) throw new Error("typograf потерял метку тега");
  let out = parts[0];
  for (let i = 0; i < kept.length; i++) out += kept[i] + parts[i + 1];
  return out;
}

function count(text) {
  let n = 0;
  for (let i = text.indexOf("\u00a0"); i !== -1; i = text.indexOf("\u00a0", i + 1)) n++;
  return n;
}

/* Статья страницы с неразрывными пробелами; null — статьи нет или менять нечего. run — typeset
 * с typograf или его кеш (main). */
function typesetPage(run, html) {
  const start = html.indexOf("<article");
  const end = html.lastIndexOf("</article>");
  if (start === -1 || end < start) return null;
  const article = html.slice(start, end);
  const out = run(article);
  return out === article ? null : html.slice(0, start) + out + html.slice(end);
}

/* Запись кеша (ключ — sha1 входного текста в UTF-8, base64): что поменялось — null (ничего),
 * [сдвиг, код знака, …] — замены знаков на тех же местах (неразрывный пробел вместо обычного, тире
 * вместо дефиса: длина та же; сдвиг — от прошлой замены, в знаках UTF-16), или {t: весь текст}, если
 * длина другая. Применяет их typography.py (patch). */
function key(text) {
  return crypto.createHash("sha1").update(text).digest("base64");
}

function diff(before, after) {
  if (before === after) return null;
  if (before.length !== after.length) return { t: after };
  const out = [];
  let last = 0;
  for (let i = 0; i < before.length; i++) {
    if (before.charCodeAt(i) !== after.charCodeAt(i)) { out.push(i - last, after.charCodeAt(i)); last = i; }
  }
  return out;
}

function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const done = {}; // ключ → текст с пробелами
  const entries = {}; // ключ → замены (diff) для кеша
  let tp = null;
  const stats = { files: 0, changed: 0, nbsp: 0, typeset: 0 }; // typeset — сколько текстов разобрал typograf
  const run = (text) => {
    const k = key(text);
    if (!(k in done)) {
      done[k] = typeset(tp || (tp = load()), text);
      entries[k] = diff(text, done[k]);
      stats.typeset++;
    }
    return done[k];
  };
  for (const file of request.files || []) {
    const html = fs.readFileSync(file, "utf8");
    const out = typesetPage(run, html);
    stats.files++;
    if (out !== null) {
      stats.changed++;
      stats.nbsp += count(out) - count(html);
      fs.writeFileSync(file, out);
    }
  }
  const texts = (request.texts || []).map(run);
  process.stdout.write(JSON.stringify({ texts, ...stats, entries }));
}

if (require.main === module) main();
module.exports = { load, typeset, typesetPage, diff, key, RULES, SKIP, LABEL };
