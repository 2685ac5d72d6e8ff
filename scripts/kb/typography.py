"""Неразрывные пробелы в собранном сайте: typograf в Node.js (``scripts/kb/typography.js``).

Хук сборки держит один :class:`Typesetter` на сборку. Статью каждой страницы (``<article>``) он
ставит, пока страница пишется (``on_post_page``, плагин search её текст уже прочитал — индекс не
меняется): если такая статья была в прошлой сборке, замены берутся из кеша ``.cache/kb/typography.json``
прямо в Python. Статьи, которых в кеше нет, и строки данных тренажёра разговора и вопросов итогового
теста в конце сборки (:meth:`Typesetter.finish`) разбирает один процесс Node.js — после правки одной
страницы это одна статья, а без правок Node.js не запускается вовсе. Неразрывные пробелы — после
предлогов и союзов, перед тире, в датах «14 марта», в числах со словом «15 минут», «40–70 тысяч».
Книга PDF (``make pdf``) печатает статьи и данные тренажёров собранного сайта и получает то же;
вопросы итогового теста она берёт из источника и расставляет пробелы тем же :func:`apply`.

Нет Node.js или typograf (``npm ci``, в ``make build`` и ``make serve`` — цель ``node-tools``) —
сборка идёт дальше без типографики и говорит об этом по-русски; сбой самого typograf — ошибка
сборки.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any, Iterable, Sequence

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


def apply(site_dir: Path | None, texts: Sequence[str] = (), node: str | None = None) -> list[str] | None:
    """Неразрывные пробелы в страницах site_dir (None — без страниц) и в строках texts (те же строки с ними),
    без кеша. None — типографика пропущена (нет Node.js или typograf); сбой typograf — ValueError."""
    node = node or shutil.which("node")
    reason = unavailable(node)
    if reason is not None:
        _skipped(reason)
        return None
    return _node(node, [str(p) for p in pages(site_dir)] if site_dir else [], list(texts))["texts"]


def apply_fields(site_dir: Path | None, fields: list[tuple[dict, str]]) -> None:
    """apply() для страниц site_dir и строк fields (из text_fields): строки заменяются на месте.
    Без Node.js или typograf всё остаётся как есть; сбой typograf — ValueError."""
    texts = apply(site_dir, [holder[key] for holder, key in fields])
    for (holder, key), text in zip(fields, texts or []):
        holder[key] = text


def _skipped(reason: str) -> None:
    log.info(f"Типографика: {reason} — неразрывные пробелы не расставлены, сайт собран без них. "
             "Поставь Node.js и typograf: make node-tools.")


def _node(node: str, files: list[str], texts: list[str]) -> dict[str, Any]:
    request = json.dumps({"files": files, "texts": texts}, ensure_ascii=False)
    return json.loads(node_js.run(node, SCRIPT, "типографика не прошла", stdin=request))


# ------------------------------------------------------------- по ходу сборки, с кешем ---

_MISSING = object()


def text_key(text: str) -> str:
    """Ключ кеша — как у typography.js: sha1 текста в UTF-8, base64."""
    return base64.b64encode(hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()).decode("ascii")


def patch(text: str, change: Any) -> str:
    """Текст после замен из кеша (typography.js, diff): None — без замен; {"t": текст} — весь текст;
    [сдвиг, код знака, …] — знаки на тех же местах. Сдвиги считаются в знаках UTF-16, как в JavaScript."""
    if change is None:
        return text
    if isinstance(change, dict):
        return change["t"]
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(text):  # знаков вне BMP нет: знак строки Python — один знак UTF-16
        pieces, last, pos = [], 0, 0
        for i in range(0, len(change), 2):
            pos += change[i]
            pieces += (text[last:pos], chr(change[i + 1]))
            last = pos + 1
        pieces.append(text[last:])
        return "".join(pieces)
    units = bytearray(units)
    pos = 0
    for i in range(0, len(change), 2):
        pos += change[i]
        units[2 * pos: 2 * pos + 2] = change[i + 1].to_bytes(2, "little")
    return units.decode("utf-16-le", "surrogatepass")


def rename_in_pages(files: Iterable[Path], replace: dict[str, str]) -> None:
    """{старое имя файла: новое той же длины} во всех страницах — на месте, без перезаписи файла целиком
    (стили Material после kb.assets.purge_css: main.<8 hex>.min.css → main.<8 hex>.min.css)."""
    pairs = [(a.encode("utf-8"), b.encode("utf-8")) for a, b in replace.items()]
    if any(len(a) != len(b) for a, b in pairs):
        raise ValueError(f"типографика: новое имя файла другой длины, чем старое: {replace}")
    for path in files:
        with open(path, "r+b") as f:
            data = f.read()
            for old, new in pairs:
                at = data.find(old)
                while at != -1:
                    os.pwrite(f.fileno(), new, at)
                    at = data.find(old, at + len(old))


class Typesetter:
    """Типографика одной сборки: статьи страниц из кеша по ходу записи (:meth:`page`), остальное —
    одним процессом Node.js в конце (:meth:`finish`).

    Кеш — файл ``cache`` (хук: .cache/kb/typography.json): {"stamp": отпечаток typography.js и версии
    typograf, "entries": {ключ текста: замены}}. Чужой отпечаток или испорченный файл — кеш пуст. В него
    пишутся только записи этой сборки, поэтому файл не растёт: ~2 КБ на страницу.
    """

    def __init__(self, cache: Path | None, node: str | None = None) -> None:
        self.node = node or shutil.which("node")
        self.reason = unavailable(self.node)
        self.cache = cache
        self.stamp = _stamp() if self.reason is None else ""
        stored = node_js.read_cache(cache) if self.reason is None else {}
        entries = stored.get("entries") if stored.get("stamp") == self.stamp else None
        self.cached: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self.used: dict[str, Any] = {}  # записи этой сборки — в кеш следующей
        self.done: set[str] = set()  # страницы, чьи статьи уже поставлены (пути файлов)
        self.stats = {"files": 0, "changed": 0, "nbsp": 0, "typeset": 0}

    def _lookup(self, text: str) -> Any:
        key = text_key(text)
        change = self.used.get(key, _MISSING)
        if change is _MISSING:
            change = self.cached.get(key, _MISSING)
            if change is not _MISSING:
                self.used[key] = change
        return change

    def page(self, html: str, dest: str) -> str:
        """Страница с неразрывными пробелами в статье, если её статья есть в кеше; иначе — как есть
        (её поставит finish). dest — путь файла страницы."""
        if self.reason is not None:
            return html
        start, end = html.find("<article"), html.rfind("</article>")
        if start == -1 or end < start:
            self.done.add(os.path.normpath(dest))
            return html
        article = html[start:end]
        change = self._lookup(article)
        if change is _MISSING:
            return html
        self.done.add(os.path.normpath(dest))
        self.stats["files"] += 1
        if change is None:
            return html
        out = patch(article, change)
        self.stats["changed"] += 1
        self.stats["nbsp"] += out.count("\u00a0") - article.count("\u00a0")
        return html[:start] + out + html[end:]

    def finish(self, site_dir: Path, fields: list[tuple[dict, str]], replace: dict[str, str] | None = None) -> None:
        """Конец сборки: новые имена файлов (replace) — в ссылки всех страниц; статьи, которых не было в кеше
        (и страницы, что прошли мимо page), и строки fields (из text_fields, меняются на месте) — через
        typograf; кеш — на диск. Без Node.js или typograf — только replace; сбой typograf — ValueError."""
        files = pages(site_dir)
        if replace:
            rename_in_pages(files, replace)
        if self.reason is not None:
            _skipped(self.reason)
            return
        rest = [str(p) for p in files if os.path.normpath(p) not in self.done]
        texts = [holder[key] for holder, key in fields]
        changes = [self._lookup(text) for text in texts]
        missed = list(dict.fromkeys(text for text, change in zip(texts, changes) if change is _MISSING))
        answer: dict[str, Any] = {"texts": []}
        if rest or missed:
            answer = _node(self.node, rest, missed)
            self.used.update(answer["entries"])
            for name in self.stats:
                self.stats[name] += answer[name]
        typeset = dict(zip(missed, answer["texts"]))
        for (holder, key), text, change in zip(fields, texts, changes):
            holder[key] = typeset[text] if change is _MISSING else patch(text, change)
            self.stats["nbsp"] += holder[key].count("\u00a0") - text.count("\u00a0")
        node_js.write_cache(self.cache, {"stamp": self.stamp, "entries": self.used})
        s = self.stats
        log.debug(f"Типографика: {s['nbsp']} неразрывных пробелов в {s['changed']} из {s['files']} страниц; "
                  f"typograf разобрал {s['typeset']} текстов, остальные — из кеша")


def _stamp() -> str:
    """Отпечаток правил: typography.js и версия typograf (другие — кеш прошлых сборок не годится)."""
    try:
        version = json.loads(PACKAGE.read_text(encoding="utf-8")).get("version", "")
    except (OSError, ValueError):
        version = ""
    return hashlib.sha1(SCRIPT.read_bytes() + str(version).encode("utf-8")).hexdigest()
