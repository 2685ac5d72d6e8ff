#!/usr/bin/env node
/* Сжатие своих скриптов курса при сборке: terser (npm terser, версия — package-lock.json).
 *
 * Один процесс на сборку, и только для скриптов, которых нет в кеше сборки (scripts/kb/assets.py):
 *   stdin  {"texts": ["код", …]}
 *   stdout {"texts": ["сжатый код", …]}
 * terser сжимает код и укорачивает имена внутри функций; имена верхнего уровня (KB, window.…) те же,
 * поэтому модули, склеенные в один файл, и страница запуска SCORM видят друг друга как раньше.
 * Комментарии /*! … *\/ (лицензии) остаются. Ошибка разбора — код 1 и сообщение в stderr.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const OPTIONS = { compress: { passes: 2 }, mangle: true, format: { comments: /^!/ } };

async function main() {
  let terser;
  try {
    terser = require(path.join(ROOT, "node_modules", "terser"));
  } catch (err) {
    process.stderr.write("terser не установлен (npm ci): " + err.message + "\n");
    process.exit(3);
  }
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const texts = [];
  for (const [i, code] of (request.texts || []).entries()) {
    try {
      texts.push((await terser.minify(code, OPTIONS)).code);
    } catch (err) {
      const where = request.names && request.names[i] ? request.names[i] + ": " : "";
      process.stderr.write(where + (err.message || err) + (err.line ? ` (строка ${err.line})` : "") + "\n");
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify({ texts, version: require(path.join(ROOT, "node_modules", "terser", "package.json")).version }));
}

if (require.main === module) main();
module.exports = { OPTIONS };
