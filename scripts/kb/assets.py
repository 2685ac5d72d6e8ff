"""Собственные JS и CSS курса в собранном сайте: сжатие, один файл модулей, версия в адресе, загрузка без блокировки.

* :func:`minify` (хук, ``on_files``) — JS из ``docs/`` сжимает terser (Node.js, ``scripts/kb/minify.js``:
  код и имена внутри функций; результат — в кеше сборки ``.cache/kb/minify.json``, terser работает
  только на изменённых файлах), CSS — rcssmin (пробелы и комментарии). Без Node.js или terser JS
  сжимает rjsmin (только пробелы и комментарии) — сборка идёт дальше и говорит об этом. Каждый
  файл получает версию — начало sha256 сжатого содержимого. Имена файлов не меняются: воркеры и
  страница запуска SCORM находят их по-прежнему.
* :func:`bundle` (хук, ``on_files``) — модули extra_javascript (они есть на каждой странице) склеены
  по порядку в один файл ``assets/javascripts/kb-bundle.js``: один запрос вместо восьми и один
  словарь gzip на всех (на странице тезиса на 8 КБ gzip меньше, чем восемь файлов по отдельности).
  Страницы подключают его вместо модулей; сами модули в сайте остаются (их грузит страница
  запуска SCORM).
* :func:`minify_inline` (хук, ``on_post_page``) — так же сжаты встроенные в страницу скрипты и стили
  (mkdocs-quiz встраивает свои в каждую страницу тезиса).
* :func:`tag_assets` (хук, ``on_post_page``) — в каждом ``<script src>`` и ``<link rel=stylesheet>``
  страницы: к адресу своего файла дописывается ``?v=<версия>`` (новая сборка с другим
  содержимым — другой адрес, поэтому сервер может отдавать их с долгим кешем, см. kb.nginx), а
  каждый внешний скрипт получает ``defer``: все скрипты — и Material, и курса — выполняются по
  порядку в документе после разбора HTML, до DOMContentLoaded, и не задерживают первую отрисовку.
  Правило одно для всех скриптов страницы — новый модуль (extra_javascript, PAGE_MODULES) или
  полифил встаёт в тот же порядок без особых случаев.

Встроенные скрипты (Material, mkdocs-quiz) выполняются при разборе, как и раньше: ни один из них
не зовёт внешние скрипты, а mkdocs-quiz начинает работу по DOMContentLoaded — после всех
отложенных, в том числе после quiz-answers.js.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import logging
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import rcssmin
import rjsmin
from mkdocs.structure.files import File

from . import node as node_js

MINIFIERS = {
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
}
ROOT = Path(__file__).resolve().parents[2]
MINIFY_SCRIPT = Path(__file__).with_name("minify.js")
TERSER = ROOT / "node_modules" / "terser" / "package.json"
#: Кеш terser между сборками — в папке кешей сборки (kb.sitebuild.state.CACHE_DIR).
CACHE_FILE = "minify.json"
#: Модули extra_javascript, склеенные в один файл (bundle).
BUNDLE = "assets/javascripts/kb-bundle.js"
VERSION_LEN = 10  # знаков sha256 в ?v=: хватает, чтобы версии двух сборок не совпали случайно
_TAG_RE = re.compile(r"<(script|link)\b([^>]*)>", re.I)
_ATTR_RE = re.compile(r"""\s(src|href|rel|type|defer|async)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""", re.I)


def version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:VERSION_LEN]


def minify_text(name: str, text: str) -> str:
    """Сжатый текст JS или CSS (по расширению name); прочие файлы — как есть."""
    minifier = MINIFIERS.get(posixpath.splitext(name)[1])
    return minifier(text).strip() + "\n" if minifier else text


log = logging.getLogger("mkdocs.plugins.kb.assets")


class Terser:
    """terser (Node.js, scripts/kb/minify.js) с кешем между сборками; один экземпляр на сборку.

    cache — файл с результатами прошлых сборок (.cache/kb/minify.json): terser запускается только для
    кода, которого в нём нет; :meth:`save` оставляет в файле записи этой сборки. Без Node.js или
    terser ``available`` ложно и :meth:`many`/:meth:`one` возвращают None (тогда сжимает rjsmin).
    Ошибка terser (код не разобрался) — ValueError."""

    def __init__(self, cache: Path | None = None, node: str | None = None) -> None:
        self.node = node or shutil.which("node")
        self.available = self.node is not None and TERSER.is_file()
        self.cache = cache
        self.stamp = hashlib.sha256(MINIFY_SCRIPT.read_bytes() + TERSER.read_bytes()).hexdigest() if self.available else ""
        self.known: dict[str, str] = {}
        self.used: dict[str, str] = {}
        data = node_js.read_cache(cache) if self.available else {}
        if data.get("stamp") == self.stamp and isinstance(data.get("entries"), dict):
            self.known = {k: v for k, v in data["entries"].items() if isinstance(v, str)}

    def many(self, named: dict[str, str]) -> dict[str, str] | None:
        """{имя: код} → {имя: сжатый код}; None — terser недоступен."""
        if not self.available:
            return None
        keys = {name: hashlib.sha256(code.encode("utf-8")).hexdigest() for name, code in named.items()}
        missing = {keys[name]: (name, code) for name, code in named.items() if keys[name] not in self.known}
        if missing:
            names, codes = zip(*missing.values())
            out = node_js.run(self.node, MINIFY_SCRIPT, "сжатие скриптов не прошло",
                              stdin=json.dumps({"texts": codes, "names": names}))
            self.known.update(zip(missing, json.loads(out)["texts"]))
        for key in keys.values():
            self.used[key] = self.known[key]
        return {name: self.known[keys[name]].strip() for name in named}

    def one(self, code: str, name: str = "встроенный скрипт") -> str | None:
        found = self.many({name: code})
        return None if found is None else found[name]

    def save(self) -> None:
        if self.available:
            node_js.write_cache(self.cache, {"stamp": self.stamp, "entries": self.used})


def minify(files, docs_dir: str, terser: Terser | None = None) -> dict[str, str]:
    """JS и CSS из docs/ — сжатыми (JS — terser, без Node.js — rjsmin); возвращает {адрес файла в сайте: версия}.
    Ошибка terser — ValueError."""
    versions: dict[str, str] = {}
    root = posixpath.normpath(str(docs_dir).replace("\\", "/"))
    own = []
    for file in files:
        if posixpath.splitext(file.src_uri)[1] not in MINIFIERS:
            continue
        src = (file.abs_src_path or "").replace("\\", "/")
        if not src.startswith(root + "/"):
            continue  # файлы темы (Material) уже сжаты и с хешем в имени
        own.append(file)
    scripts = (terser or Terser()).many({f.src_uri: f.content_string for f in own if f.src_uri.endswith(".js")})
    if scripts is None:
        log.info("Скрипты: Node.js или terser не найден — JS сжат только от пробелов и комментариев (rjsmin). "
                 "Поставь Node.js и terser: make node-tools.")
    for file in own:
        text = scripts[file.src_uri] + "\n" if scripts and file.src_uri in scripts else minify_text(file.src_uri, file.content_string)
        file.content_string = text
        versions[file.url] = version(text.encode("utf-8"))
    return versions


def bundle(files, config, versions: dict[str, str]) -> None:
    """Модули extra_javascript — одним файлом BUNDLE (в их порядке), страницы подключают его вместо них.

    Вызывать после :func:`minify`: склеиваются уже сжатые модули; версия файла — в versions."""
    parts = []
    for entry in config.extra_javascript:
        path = str(getattr(entry, "path", entry))
        file = files.get_file_from_path(path)
        if file is None:
            raise ValueError(f"extra_javascript: файла {path} нет в docs/ — поправь mkdocs.yml")
        parts.append(f"/* {path} */\n{file.content_string.strip()}\n;")
    text = "\n".join(parts) + "\n"
    files.append(File.generated(config, BUNDLE, content=text))
    versions[BUNDLE] = version(text.encode("utf-8"))
    config.extra_javascript = [BUNDLE]


_INLINE_RE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
_INLINE_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def minify_inline(html: str, terser: Terser | None = None, memo: dict[tuple[str, str], str] | None = None) -> str:
    """Встроенные в страницу ``<script>`` (исполняемые) и ``<style>`` — сжатыми: скрипты — terser (если
    передан и доступен, иначе rjsmin), стили — rcssmin.

    Их встраивают Material (уже сжатые) и mkdocs-quiz (44 КБ скрипта и 10 КБ стилей на каждой
    странице тезиса: после сжатия на 5,5 КБ gzip меньше). Одинаковые тексты сжимаются один раз за
    сборку (memo), а terser с кешем — один раз, пока текст не изменится.
    """
    memo = {} if memo is None else memo

    def shrink(m: re.Match[str]) -> str:
        tag, attrs, body = m.group(1).lower(), m.group(2), m.group(3)
        if not body.strip() or (tag == "script" and re.search(r"\bsrc\s*=", attrs, re.I)):
            return m.group(0)
        if tag == "script":
            kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]*)""", attrs, re.I)
            if kind and kind.group(1).lower() not in _INLINE_JS_TYPES:
                return m.group(0)  # данные (JSON __config), не код
        key = (tag, body)
        if key not in memo:
            short = terser.one(body) if terser is not None and tag == "script" else None
            memo[key] = short if short is not None else MINIFIERS[".js" if tag == "script" else ".css"](body).strip()
        return f"<{m.group(1)}{attrs}>{memo[key]}</{m.group(1)}>"

    return _INLINE_RE.sub(shrink, html)


_KEEP_SPACE_RE = re.compile(r"<(pre|textarea|script|style|code|kbd|samp)\b.*?</\1\s*>|<div class=\"kb-script__text\".*?</div>",
                            re.S | re.I)
_INDENT_RE = re.compile(r">[ \t]*\n\s*<")  # начинается с «>»: поиск идёт по нему, а не по каждому знаку


_SPACE = " \t\r\n"


def _collapse_into(out: list[str], html: str, start: int, end: int, after_tag: bool, before_tag: bool) -> None:
    """Кусок html[start:end] между сохранёнными частями (pre, script…) — в out, отступы между тегами сжаты."""
    head, i, j = "", start, end
    # края куска — рядом с тегом сохранённой части: пробелы с переводом строки — одним переводом строки
    if after_tag:
        k = start
        while k < end and html[k] in _SPACE:
            k += 1
        if "\n" in html[start:k] and (k < end and html[k] == "<" or k == end and before_tag):
            head, i = "\n", k
    tail = ""
    if before_tag and i < end:
        k = end
        while k > i and html[k - 1] in _SPACE:
            k -= 1
        if "\n" in html[k:end] and (k > i and html[k - 1] == ">" or k == i and after_tag):
            tail, j = "\n", k
    out += (head, _INDENT_RE.sub(">\n<", html[i:j]), tail)


def collapse_indent(html: str) -> str:
    """Отступы между тегами — одним переводом строки: «>\\n      <» → «>\\n<» (−0,8 КБ gzip на странице тезиса).

    Браузер и так показывает любой такой промежуток как один пробел, поэтому страница выглядит
    так же. Не трогаются текст внутри строк, атрибуты и всё, где пробелы значимы: pre, textarea,
    code, kbd, samp, встроенные скрипты и стили (их хеши — в CSP, kb.nginx) и шаблоны скриптов и
    писем (div.kb-script__text показывает текст как есть: white-space: pre-wrap)."""
    out: list[str] = []
    last = 0
    for m in _KEEP_SPACE_RE.finditer(html):
        _collapse_into(out, html, last, m.start(), last > 0, True)
        out.append(m.group(0))
        last = m.end()
    _collapse_into(out, html, last, len(html), last > 0, False)
    return "".join(out)


def finish_page(html: str, page_url: str, versions: dict[str, str], base_path: str, terser: Terser | None,
                memo: dict[tuple[str, str], str], words: "CssWords") -> str:
    """Готовая страница (хук: on_post_page, on_post_template): встроенные скрипты и стили сжаты, отступы
    между тегами сжаты, у своих JS и CSS версия, у скриптов defer; слова тегов — в words для purge_css."""
    html = tag_assets(collapse_indent(minify_inline(html, terser, memo)), page_url, versions, base_path)
    words.add_page(html)
    return html


def tag_assets(html: str, page_url: str, versions: dict[str, str], base_path: str = "/") -> str:
    """Версии в адресах своих JS и CSS и ``defer`` у каждого внешнего скрипта страницы.

    page_url — адрес страницы от корня сайта («тема/тезис/», «index.html»); абсолютные адреса
    («/assets/…» на странице 404) отсчитываются от base_path — пути site_url.
    """

    def path_of(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or parts.query:
            return None
        if url.startswith("/"):
            base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
            return url[len(base):] if url.startswith(base) else None
        return urlsplit(urljoin("http://site/" + page_url, url)).path.lstrip("/")

    def versioned(url: str) -> str:
        path = path_of(html_lib.unescape(url))
        return f"{url}?v={versions[path]}" if path in versions else url

    def rewrite(m: re.Match[str]) -> str:
        name, attrs = m.group(1).lower(), m.group(2)
        found = {a.group(1).lower(): a for a in _ATTR_RE.finditer(attrs)}
        key = "src" if name == "script" else "href"
        if key not in found or found[key].group(2) is None:
            return m.group(0)
        if name == "link" and "stylesheet" not in (found.get("rel") and (found["rel"].group(2) or "").lower() or ""):
            return m.group(0)
        value = found[key].group(2)
        quote = value[0] if value[0] in "\"'" else ""
        url = value.strip("\"'")
        start, end = found[key].span(2)
        attrs = attrs[:start] + quote + versioned(url) + quote + attrs[end:]
        if name == "script" and not ({"defer", "async"} & found.keys()) and "module" not in (
                found.get("type") and (found["type"].group(2) or "").lower() or ""):
            attrs = attrs.rstrip("/ ") + " defer"
        return f"<{m.group(1)}{attrs}>"

    return _TAG_RE.sub(rewrite, html)


# --------------------------------------------------------- стили Material без лишнего ---

PURGE_SCRIPT = Path(__file__).with_name("purge_css.js")
PURGECSS = ROOT / "node_modules" / "purgecss" / "package.json"
#: Кеш PurgeCSS между сборками — в папке кешей сборки (kb.sitebuild.state.CACHE_DIR).
PURGE_CACHE_FILE = "purge-css.json"
MATERIAL_CSS = "assets/stylesheets"  # стили Material в собранном сайте: <имя>.<хеш>.min.css
MATERIAL_STYLES = ("main", "palette")  # их и сокращает purge_css
_OPEN_TAG_RE = re.compile(r"<[a-zA-Z][^>]*>")
_WORD_RE = re.compile(r"[A-Za-z0-9_-]+")


class CssWords:
    """Слова из тегов (классы, id, имена и значения атрибутов) и встроенных скриптов всех страниц сборки.

    Хук передаёт сюда каждую записанную страницу (on_post_page, on_post_template); одинаковые теги и
    скрипты разбираются один раз — на 300 тезисах это меньше секунды на всю сборку."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.words: set[str] = set()

    def add_page(self, html: str) -> None:
        # новые теги и встроенные скрипты и стили (mkdocs-quiz берёт переменные Material) — разностью
        # множеств: страницы сборки в основном из одних и тех же тегов меню
        new = set(_OPEN_TAG_RE.findall(html))
        new.update(m.group(3) for m in _INLINE_RE.finditer(html))
        new -= self.seen
        if new:
            self.seen |= new
            self.words.update(_WORD_RE.findall("\n".join(new)))


def purge_css(site_dir: Path, words: CssWords, cache: Path | None = None, node: str | None = None) -> dict[str, str] | None:
    """Стили Material (main.*.min.css и палитра palette.*.min.css) без правил, которые не нужны ни одной
    странице и ни одному скрипту сайта.

    Пишет их под новыми именами с хешем содержимого (main.<8 hex>.min.css: сервер кеширует такие на
    год, kb.nginx) и возвращает {старое имя: новое} той же длины — ссылки в готовых страницах меняет на
    месте Typesetter.finish (kb.typography.rename_in_pages). None — нет Node.js или PurgeCSS: стили Material как есть.
    Результат — в кеше: ключ — стили, скрипты сайта и слова страниц, которые вообще встречаются в
    стилях (новый заголовок со своим id кеш не сбрасывает). Ошибка PurgeCSS — ValueError."""
    node = node or shutil.which("node")
    folder = Path(site_dir) / MATERIAL_CSS
    found = [sorted(folder.glob(f"{stem}.*.min.css")) for stem in MATERIAL_STYLES]
    if node is None or not PURGECSS.is_file() or any(len(f) != 1 for f in found):
        return None
    originals = [f[0] for f in found]
    texts = {p: p.read_text(encoding="utf-8") for p in originals}
    scripts = sorted(p for p in (Path(site_dir) / "assets" / "javascripts").rglob("*.js") if "lunr" not in p.parts)
    script_texts = [p.read_text(encoding="utf-8") for p in scripts]
    tools = PURGE_SCRIPT.read_text(encoding="utf-8") + PURGECSS.read_text(encoding="utf-8")
    script_digest = hashlib.sha256("\n".join([tools, *script_texts]).encode("utf-8")).hexdigest()
    others = [p.read_text(encoding="utf-8") for p in Path(site_dir).joinpath("assets").rglob("*.css") if p not in texts]
    other_vars = {w for w in words.words if w.startswith("--")}  # встроенные стили и атрибуты style
    for text in others + script_texts:
        other_vars.update(w for w in _WORD_RE.findall(text) if w.startswith("--"))
    stored = node_js.read_cache(cache)
    renamed, keep = {}, {}
    for original, css in texts.items():
        vocabulary = set(_WORD_RE.findall(css))
        # переменные CSS, которые берут другие стили (палитра, стили курса, встроенные) и скрипты:
        # PurgeCSS видит использование переменных только внутри самого файла
        variables = set(other_vars)
        for other, text in texts.items():
            if other != original:
                variables.update(w for w in _WORD_RE.findall(text) if w.startswith("--"))
        raw, variables = sorted(words.words & vocabulary), sorted(variables & vocabulary)
        key = hashlib.sha256("\n".join([css, " ".join(raw), " ".join(variables), script_digest]).encode("utf-8")).hexdigest()
        entry = stored.get(original.name)
        purged = entry.get("css") if isinstance(entry, dict) and entry.get("key") == key else None
        if not isinstance(purged, str):
            request = {"css": str(original), "raw": raw, "js": [str(p) for p in scripts], "variables": variables}
            out = node_js.run(node, PURGE_SCRIPT, "стили Material не сократились", stdin=json.dumps(request))
            purged = json.loads(out)["css"]
        keep[original.name] = {"key": key, "css": purged}
        stem = original.name.split(".")[0]
        renamed[original.name] = f"{stem}.{hashlib.sha256(purged.encode('utf-8')).hexdigest()[:8]}.min.css"
    for original in originals:  # старые файлы — после того, как прочитаны все
        original.unlink()
        original.with_name(original.name + ".map").unlink(missing_ok=True)  # карта исходников — к полному файлу
        (folder / renamed[original.name]).write_text(keep[original.name]["css"], encoding="utf-8")
    node_js.write_cache(cache, keep)
    return renamed
