"""Неразрывные пробелы в собранном сайте: typograf в Node.js (``scripts/kb/typography.js``).

Хук сборки в ``on_post_build`` вызывает :func:`apply` один раз на сборку: один процесс Node.js
расставляет неразрывные пробелы во всех страницах сайта (после предлогов и союзов, перед тире, в
датах «14 марта», в числах со словом «15 минут», «40–70 тысяч») и в строках данных тренажёра
разговора и вопросов итогового теста. Страницы переписываются на месте, когда плагин search уже прочитал их текст, поэтому
поисковый индекс и данные курса ``assets/kb/*.js`` (кроме строк, которые передал хук) не меняются.
Книга PDF (``make pdf``) печатает статьи и данные тренажёров собранного сайта и получает то же;
вопросы итогового теста она берёт из источника и расставляет пробелы тем же :func:`apply`.

Нет Node.js или typograf (``npm ci``, в ``make build`` и ``make serve`` — цель ``node-tools``) —
сборка идёт дальше без типографики и говорит об этом по-русски; сбой самого typograf — ошибка
сборки.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any, Sequence

from . import node as node_js

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("typography.js")
#: Где typograf после ``npm ci`` (версия — package-lock.json).
PACKAGE = ROOT / "node_modules" / "typograf" / "package.json"

#: Кеш результатов typograf между сборками — в папке кешей сборки (kb.sitebuild.state.CACHE_DIR).
CACHE_FILE = "typography.json"

log = logging.getLogger("mkdocs.plugins.kb.typography")


#: Поля данных тренажёра разговора (kb.dialogues.to_data), которые плеер показывает как текст.
TEXT_FIELDS = frozenset({"title", "situation", "about", "text", "feedback"})
#: Поля вопросов итогового теста (HTML вопроса, ответа и пояснения): данные сайта и книга PDF.
QUIZ_FIELDS = frozenset({"html", "feedback"})


def text_fields(data: Any, keys: frozenset[str] = TEXT_FIELDS) -> list[tuple[dict, str]]:
    """Строки под ключами keys во вложенных словарях и списках data: (словарь, ключ)."""
    found: list[tuple[dict, str]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in keys and isinstance(value, str):
                    found.append((item, key))
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def pages(site_dir: Path) -> list[Path]:
    """HTML-страницы собранного сайта (без assets/: там только данные и библиотеки)."""
    site_dir = Path(site_dir)
    return sorted(p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).parts[0] != "assets")


def unavailable(node: str | None = None) -> str | None:
    """Почему типографики не будет (нет Node.js или typograf) — или None, если всё на месте."""
    if (node or shutil.which("node")) is None:
        return "Node.js не найден"
    if not PACKAGE.is_file():
        return "typograf не установлен (node_modules/typograf: npm ci или make node-tools)"
    return None


def apply(site_dir: Path | None, texts: Sequence[str] = (), node: str | None = None,
          cache: Path | None = None, replace: dict[str, str] | None = None) -> list[str] | None:
    """Неразрывные пробелы в страницах site_dir (None — без страниц) и в строках texts (те же строки с ними).

    cache — файл результатов прошлой сборки (хук: .cache/kb/typography.json): статьи и строки, которые
    не менялись, typograf не разбирает заново. replace — {старое имя файла: новое} по всем страницам
    (стили Material после kb.assets.purge_css). None — типографика пропущена (нет Node.js или
    typograf); сбой typograf — ValueError.
    """
    node = node or shutil.which("node")
    reason = unavailable(node)
    if reason is not None:
        log.info(f"Типографика: {reason} — неразрывные пробелы не расставлены, сайт собран без них. "
                 "Поставь Node.js и typograf: make node-tools.")
        return None
    request = json.dumps({"files": [str(p) for p in pages(site_dir)] if site_dir else [], "texts": list(texts),
                          **({"cache": str(cache)} if cache else {}), **({"replace": replace} if replace else {})},
                         ensure_ascii=False)
    answer = json.loads(node_js.run(node, SCRIPT, "типографика не прошла", stdin=request))
    log.debug(f"Типографика: {answer['nbsp']} неразрывных пробелов в {answer['changed']} из {answer['files']} страниц; "
              f"typograf разобрал {answer['typeset']} текстов, остальные — из кеша")
    return answer["texts"]


def apply_fields(site_dir: Path | None, fields: list[tuple[dict, str]], cache: Path | None = None,
                 replace: dict[str, str] | None = None) -> None:
    """apply() для страниц site_dir и строк fields (из text_fields): строки заменяются на месте.
    Без Node.js или typograf всё остаётся как есть; сбой typograf — ValueError."""
    texts = apply(site_dir, [holder[key] for holder, key in fields], cache=cache, replace=replace)
    for (holder, key), text in zip(fields, texts or []):
        holder[key] = text

