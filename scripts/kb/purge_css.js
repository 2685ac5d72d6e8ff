#!/usr/bin/env node
/* Стили Material без правил, которые сайту не нужны: PurgeCSS (npm purgecss, версия — package-lock.json).
 *
 * Один процесс на сборку, и только когда результата нет в кеше сборки (scripts/kb/assets.py):
 *   stdin  {"css": "путь к main.*.min.css Material", "raw": ["слова из тегов страниц", …], "js": ["путь к скрипту", …],
 *           "variables": ["--md-…", …]}
 *   stdout {"css": "стили без лишних правил"}
 * Что нужно, PurgeCSS узнаёт по словам: из тегов всех страниц сайта (классы, id, имена и значения
 * атрибутов — их собирает хук при записи страниц), из встроенных скриптов и из всех скриптов сайта —
 * Material и курса: классы, которые скрипты ставят сами (поиск, подсказки, «Копировать»),
 * остаются. Убираются и переменные CSS и анимации, которых никто не использует (у Material это
 * в основном значки admonition, которых в курсе нет); variables — переменные, которые берут другие
 * стили сайта (палитра тёмной темы, стили курса) и скрипты: их PurgeCSS в этом файле не видит.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");

async function main() {
  let PurgeCSS;
  try {
    ({ PurgeCSS } = require(path.join(ROOT, "node_modules", "purgecss")));
  } catch (err) {
    process.stderr.write("purgecss не установлен (npm ci): " + err.message + "\n");
    process.exit(3);
  }
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const content = [{ raw: (request.raw || []).join(" "), extension: "html" }];
  for (const file of request.js || []) content.push({ raw: fs.readFileSync(file, "utf8"), extension: "js" });
  const [result] = await new PurgeCSS().purge({
    content,
    css: [{ raw: fs.readFileSync(request.css, "utf8") }],
    variables: true,
    keyframes: true,
    fontFace: true,
    safelist: { variables: request.variables || [] },
  });
  process.stdout.write(JSON.stringify({ css: result.css }));
}

main().catch((err) => {
  process.stderr.write((err && err.message) || String(err));
  process.stderr.write("\n");
  process.exit(1);
});
