"""Собственные JS и CSS курса в собранном сайте: сжатие, версия в адресе, загрузка без блокировки.

* :func:`minify` (хук, ``on_files``) — JS и CSS из ``docs/`` сжимаются (rjsmin, rcssmin: только
  пробелы и комментарии, имена и порядок кода те же) и получают версию — начало sha256 сжатого
  содержимого. Имена файлов не меняются: модули, воркеры и страница запуска SCORM находят их
  по-прежнему.
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
import posixpath
import re
from urllib.parse import urljoin, urlsplit

import rcssmin
import rjsmin

MINIFIERS = {
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
}
VERSION_LEN = 10  # знаков sha256 в ?v=: хватает, чтобы версии двух сборок не совпали случайно
_TAG_RE = re.compile(r"<(script|link)\b([^>]*)>", re.I)
_ATTR_RE = re.compile(r"""\s(src|href|rel|type|defer|async)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""", re.I)


def version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:VERSION_LEN]


def minify_text(name: str, text: str) -> str:
    """Сжатый текст JS или CSS (по расширению name); прочие файлы — как есть."""
    minifier = MINIFIERS.get(posixpath.splitext(name)[1])
    return minifier(text).strip() + "\n" if minifier else text


def minify(files, docs_dir: str) -> dict[str, str]:
    """JS и CSS из docs/ — сжатыми; возвращает {адрес файла в сайте: версия}."""
    versions: dict[str, str] = {}
    root = posixpath.normpath(str(docs_dir).replace("\\", "/"))
    for file in files:
        if posixpath.splitext(file.src_uri)[1] not in MINIFIERS:
            continue
        src = (file.abs_src_path or "").replace("\\", "/")
        if not src.startswith(root + "/"):
            continue  # файлы темы (Material) уже сжаты и с хешем в имени
        text = minify_text(file.src_uri, file.content_string)
        file.content_string = text
        versions[file.url] = version(text.encode("utf-8"))
    return versions


_INLINE_RE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
_INLINE_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_inline_cache: dict[tuple[str, str], str] = {}


def minify_inline(html: str) -> str:
    """Встроенные в страницу ``<script>`` (исполняемые) и ``<style>`` — сжатыми тем же rjsmin и rcssmin.

    Их встраивают Material (уже сжатые) и mkdocs-quiz (44 КБ скрипта и 10 КБ стилей на каждой
    странице тезиса: после сжатия на 4,5 КБ gzip меньше). Одинаковые тексты сжимаются один раз.
    """

    def shrink(m: re.Match[str]) -> str:
        tag, attrs, body = m.group(1).lower(), m.group(2), m.group(3)
        if not body.strip() or (tag == "script" and re.search(r"\bsrc\s*=", attrs, re.I)):
            return m.group(0)
        if tag == "script":
            kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]*)""", attrs, re.I)
            if kind and kind.group(1).lower() not in _INLINE_JS_TYPES:
                return m.group(0)  # данные (JSON __config), не код
        key = (tag, body)
        if key not in _inline_cache:
            _inline_cache[key] = MINIFIERS[".js" if tag == "script" else ".css"](body).strip()
        return f"<{m.group(1)}{attrs}>{_inline_cache[key]}</{m.group(1)}>"

    return _INLINE_RE.sub(shrink, html)


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
