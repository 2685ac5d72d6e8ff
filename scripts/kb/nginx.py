"""Настройка nginx для собранного сайта: её пишет `make build` (scripts/publish.py) в dist/nginx/.

* ``dist/nginx/klientskiy-servis-assistenta.conf`` — для сервера компании: блоки ``map`` и
  ``server`` (файл кладут в /etc/nginx/sites-available/ или conf.d/, он читается внутри ``http``);
  корень сайта — ``KB_NGINX_ROOT`` (по умолчанию /var/www/klientskiy-servis-assistenta), имя
  сервера — хост из ``KB_SITE_URL``;
* ``dist/nginx/nginx.conf`` — целый конфиг, чтобы посмотреть сайт под nginx у себя:
  ``nginx -p dist/nginx -c nginx.conf -e stderr -g 'daemon off;'`` → http://127.0.0.1:8080/,
  отдаёт site/ из репозитория. Такой же (:func:`standalone`) запускает tests/test_nginx.py.

Что задаёт настройка:

* сжатие gzip для HTML, CSS, JS, JSON, SVG;
* кеш: файлы с хешем содержимого в имени (сборки Material: ``bundle.<8 hex>.min.js``) и свои JS и
  CSS с версией в адресе (``?v=<10 hex>``, kb.assets) — год и ``immutable``; всё остальное (HTML,
  данные курса assets/kb/*.js, поисковый индекс, картинки) — ``no-cache``: браузер каждый раз
  спрашивает сервер и при неизменном файле получает короткий ответ 304;
* Content-Security-Policy без 'unsafe-inline': только свои файлы и sha256 ровно тех встроенных
  скриптов, стилей и атрибутов (``on…=``, ``style=``), что есть в HTML этой сборки (Material и
  mkdocs-quiz встраивают их в каждую страницу), — поэтому файл пишется заново при каждой сборке;
  ``frame-ancestors 'self'``: сайт можно показать во фрейме только со своего адреса (страница
  запуска пакета SCORM);
* ``X-Content-Type-Options: nosniff`` — на всех ответах; ``Referrer-Policy``, ``Permissions-Policy``,
  ``X-Frame-Options`` и CSP — на HTML (на документ они и действуют; у скриптов и стилей — лишние байты).
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import html as html_lib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .identity import SLUG

NAME = SLUG
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
DEFAULT_ROOT = f"/var/www/{NAME}"
YEAR = "public, max-age=31536000, immutable"
#: Разрешения браузера, которые сайту не нужны (копирование в буфер — нужно, его не трогаем).
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=()"
REFERRER = "same-origin"
#: Типы встроенного <script>, которые браузер выполняет (остальные — данные, как JSON __config).
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_TAG_WITH_INLINE_RE = re.compile(r"<[a-zA-Z][^>]*?\s(?:on[a-z]+|style)\s*=[^>]*>", re.I)
_ATTR_RE = re.compile(r"""\s([a-zA-Z_:][-\w:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_TYPE_RE = re.compile(r"""\btype\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
_SRC_RE = re.compile(r"\bsrc\s*=", re.I)


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@dataclass
class Inline:
    """Встроенное в HTML сайта: хэши для CSP."""

    scripts: set[str] = field(default_factory=set)  # <script> без src
    styles: set[str] = field(default_factory=set)  # <style>
    handlers: set[str] = field(default_factory=set)  # атрибуты on…=
    style_attrs: set[str] = field(default_factory=set)  # атрибуты style=


def collect_inline(site: Path) -> Inline:
    """Встроенные скрипты, стили и атрибуты всех страниц собранного сайта (как их получит браузер)."""
    found = Inline()
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for m in _SCRIPT_RE.finditer(html):
            attrs = m.group(1)
            kind = _TYPE_RE.search(attrs)
            if _SRC_RE.search(attrs) or (kind and kind.group(1).strip("\"'").lower() not in JS_TYPES):
                continue
            found.scripts.add(csp_hash(m.group(2)))
        for m in _STYLE_RE.finditer(html):
            found.styles.add(csp_hash(m.group(1)))
        markup = _STYLE_RE.sub("", _SCRIPT_RE.sub("", html))  # текст скриптов и стилей — не теги
        for tag in _TAG_WITH_INLINE_RE.finditer(markup):
            for a in _ATTR_RE.finditer(tag.group(0)):
                name, value = a.group(1).lower(), a.group(2)
                if value is None or not (name == "style" or name.startswith("on")):
                    continue
                value = html_lib.unescape(value[1:-1] if value[0] in "\"'" else value)
                (found.style_attrs if name == "style" else found.handlers).add(csp_hash(value))
    return found


def content_security_policy(inline: Inline) -> str:
    def sources(hashes: set[str], attrs: set[str]) -> str:
        # хэши атрибутов браузер применяет только с 'unsafe-hashes' (CSP 3): это не 'unsafe-inline' —
        # разрешены ровно перечисленные тексты атрибутов
        return " ".join(["'self'", *(["'unsafe-hashes'"] if attrs else []), *sorted(hashes | attrs)])

    return "; ".join([
        "default-src 'self'",
        "script-src " + sources(inline.scripts, inline.handlers),
        "style-src " + sources(inline.styles, inline.style_attrs),
        "img-src 'self' data:",  # значки Material — SVG в data: внутри CSS
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def server_block(site: Path, *, root: str, listen: str = "80", server_name: str = "_") -> str:
    """Блоки map и server (контекст http) для сайта, собранного в site; root — где он лежит на сервере."""
    csp = content_security_policy(collect_inline(site))
    return f"""# «Клиентский сервис ассистента» для nginx. Написано `make build` (scripts/kb/nginx.py) вместе с
# сайтом: Content-Security-Policy перечисляет хэши встроенных скриптов и стилей ЭТОЙ сборки —
# обновляй этот файл каждый раз, когда выкладываешь новую сборку site/.

# Год в кеше — файлам с хешем содержимого в имени (сборки Material) и своим JS и CSS с версией
# в адресе (?v=…); остальное браузер проверяет у сервера каждый раз (ответ 304, если не изменилось).
map "$arg_v:$uri" $kb_cache_control {{
    default "no-cache";
    "~^[^:]*:.*\\.[0-9a-f]{{8}}\\.min\\.(js|css)$" "{YEAR}";
    "~^[0-9a-f]{{10}}:.*\\.(js|css)$" "{YEAR}";
}}

# Заголовки, которые действуют только на документ (CSP, разрешения, фрейм, Referer), — только HTML:
# у скриптов и стилей они лишь добавили бы по полтора килобайта к каждому ответу.
map $sent_http_content_type $kb_csp {{
    "~^text/html" "{csp}";
    default "";
}}
map $sent_http_content_type $kb_permissions {{
    "~^text/html" "{PERMISSIONS}";
    default "";
}}
map $sent_http_content_type $kb_referrer {{
    "~^text/html" "{REFERRER}";
    default "";
}}
map $sent_http_content_type $kb_frame_options {{
    "~^text/html" "SAMEORIGIN";
    default "";
}}

server {{
    listen {listen};
    server_name {server_name};
    root {root};
    index index.html;
    server_tokens off;
    charset utf-8;
    charset_types text/css application/javascript application/json text/plain text/xml application/xml image/svg+xml;

    gzip on;
    gzip_vary on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_proxied any;
    gzip_types text/css application/javascript application/json text/plain text/xml application/xml image/svg+xml;

    # заголовки — на уровне server и только здесь: add_header в location отменил бы их там;
    # пустое значение (не HTML) nginx не отправляет
    add_header Cache-Control $kb_cache_control always;
    add_header X-Content-Type-Options "nosniff" always;
    add_header Content-Security-Policy $kb_csp always;
    add_header Permissions-Policy $kb_permissions always;
    add_header Referrer-Policy $kb_referrer always;
    add_header X-Frame-Options $kb_frame_options always;

    location / {{
        try_files $uri $uri/ =404;
    }}
    error_page 404 /404.html;
}}
"""


def standalone(site: Path, *, root: Path, listen: str, user: str | None = None) -> str:
    """Целый nginx.conf: запуск `nginx -p <папка> -c nginx.conf -e stderr -g 'daemon off;'`.

    Журналы, pid и временные файлы — в папке запуска (-p). user — от чьего имени читать сайт, если
    nginx запущен от root (иначе nginx это поле пропускает).
    """
    block = server_block(site, root=str(root), listen=listen, server_name="localhost")
    return f"""# Целый конфиг nginx для проверки сайта у себя (и для tests/test_nginx.py): см. scripts/kb/nginx.py.
user {user or getpass.getuser()};
worker_processes 1;
pid nginx.pid;
error_log error.log warn;
events {{
    worker_connections 256;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path client_body_temp;
    proxy_temp_path proxy_temp;
    fastcgi_temp_path fastcgi_temp;
    uwsgi_temp_path uwsgi_temp;
    scgi_temp_path scgi_temp;

{_indent(block)}}}
"""


def _indent(text: str) -> str:
    return "".join(("    " + line if line.strip() else line) for line in text.splitlines(keepends=True))


def write(site: Path, out: Path) -> list[Path]:
    """dist/nginx/: настройка для сервера компании и целый конфиг для проверки у себя."""
    site = site.resolve()
    out.mkdir(parents=True, exist_ok=True)
    host = urlsplit(os.environ.get("KB_SITE_URL", "")).hostname or "_"
    server = out / f"{NAME}.conf"
    server.write_text(server_block(site, root=os.environ.get("KB_NGINX_ROOT", DEFAULT_ROOT), server_name=host),
                      encoding="utf-8")
    local = out / "nginx.conf"
    local.write_text(standalone(site, root=site, listen="127.0.0.1:8080"), encoding="utf-8")
    return [server, local]


class Running:
    """Настоящий nginx (не демоном) над site на свободном порту 127.0.0.1 с настройкой :func:`standalone`.

    Папка запуска (-p: nginx.conf, pid, журнал ошибок, временные файлы) — своя временная, удаляется
    при выходе. Тесты (tests/test_nginx.py) и замер Lighthouse (scripts/lighthouse.py)::

        with Running(Path("site")) as server:
            print(server.url)
    """

    def __init__(self, site: Path, binary: str = NGINX) -> None:
        self.site = Path(site).resolve()
        self.binary = binary
        self.url = ""
        self.errors = ""  # строки [error] и хуже из журнала — после выхода

    def __enter__(self) -> Running:
        if not Path(self.binary).is_file():
            raise RuntimeError(f"нет {self.binary}: поставь nginx — bash scripts/ensure_nginx.sh (make nginx)")
        self.prefix = Path(tempfile.mkdtemp(prefix="kb-nginx-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        (self.prefix / "nginx.conf").write_text(standalone(self.site, root=self.site, listen=f"127.0.0.1:{port}"),
                                                encoding="utf-8")
        self.proc = subprocess.Popen([self.binary, "-p", str(self.prefix), "-c", "nginx.conf", "-e", "stderr",
                                      "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.proc.kill()
                    output = self.proc.communicate()[0]
                    shutil.rmtree(self.prefix, ignore_errors=True)
                    raise RuntimeError(f"nginx не запустился: {output}") from None
                time.sleep(0.1)
        self.url = f"http://127.0.0.1:{port}/"
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        log = self.prefix / "error.log"
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        self.errors = "".join(line for line in text.splitlines(keepends=True)
                              if re.search(r"\[(error|crit|alert|emerg)\]", line))
        shutil.rmtree(self.prefix, ignore_errors=True)
