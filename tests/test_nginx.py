"""Выкладка на сервер: настоящий nginx (пакет Debian, scripts/ensure_nginx.sh) с настройкой, которую
пишет `make build` (kb.nginx), над собранным сайтом — заголовки, сжатие, кеш и строгая
Content-Security-Policy в Chromium; site_url из KB_SITE_URL — карта сайта и канонические адреса.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ENV, Elements, answer_first_correct, build_site, fixture_config

from kb import nginx  # noqa: E402

THESIS = "kommunikatsiya-i-pr/klienty-i-partnery/kritika/"
YEAR = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def server(built_site: Path):
    """nginx не демоном на свободном порту: prefix, pid и журнал ошибок — во временной папке."""
    running = nginx.Running(built_site)
    with running:
        yield running
    assert running.errors == ""


def get(url: str, gzip_ok: bool = True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_headers_compression_and_caching(server, built_site):
    status, headers, body = get(server.url + THESIS)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip" and b"<html" in gzip.decompress(body)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-cache"  # HTML меняется с каждой сборкой
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp

    page = Elements((built_site / THESIS / "index.html").read_text(encoding="utf-8"))
    scripts = [a["src"] for a in page.find("script") if "src" in a]
    own = [s for s in scripts if "?v=" in s]
    assert any("/kb-bundle.js?v=" in s for s in own)
    material = next(s for s in scripts if re.search(r"/bundle\.[0-9a-f]{8}\.min\.js$", s))
    data = next(s for s in scripts if "/assets/kb/" in s)

    def url(src: str) -> str:
        return server.url + THESIS + src

    for src in own + [material] + [a["href"] for a in page.find("link", rel="stylesheet")]:
        status, headers, body = get(url(src))
        assert status == 200, src
        assert headers["Cache-Control"] == YEAR, src  # с хешем или версией в адресе — на год
        assert headers["Content-Encoding"] == "gzip", src
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" not in headers and "Permissions-Policy" not in headers  # только у HTML
    _, headers, _ = get(url(own[0]))
    assert headers["Content-Type"] == "application/javascript; charset=utf-8"
    # тот же файл без версии, данные курса, индекс поиска — проверяются у сервера каждый раз
    for path in (url(own[0].split("?")[0]), url(data), server.url + "search/search_index.json"):
        status, headers, _ = get(path)
        assert status == 200 and headers["Cache-Control"] == "no-cache", path
    # повторный запрос с ETag — 304 без тела
    _, headers, _ = get(server.url + "search/search_index.json")
    request = urllib.request.Request(server.url + "search/search_index.json", headers={"If-None-Match": headers["ETag"]})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=10)
    assert not_modified.value.code == 304
    # страница 404 — своя, с теми же заголовками
    status, headers, body = get(server.url + "net-takoy-stranitsy/", gzip_ok=False)
    assert status == 404 and "Content-Security-Policy" in headers and b"404" in body


def test_config_for_company_server(built_site, tmp_path, monkeypatch):
    """make build: dist/nginx/ — блок server для сервера компании и целый конфиг; nginx их принимает."""
    monkeypatch.setenv("KB_SITE_URL", "https://kurs.example.local/")
    monkeypatch.setenv("KB_NGINX_ROOT", "/srv/kurs")
    server_conf, local = nginx.write(built_site, tmp_path / "dist")
    text = server_conf.read_text(encoding="utf-8")
    assert "root /srv/kurs;" in text and "server_name kurs.example.local;" in text and "listen 80;" in text
    assert f"root {built_site.resolve()};" in local.read_text(encoding="utf-8")
    # блок server годится внутрь http {} настоящего nginx
    (tmp_path / "check.conf").write_text(
        "pid nginx.pid;\nevents {}\nhttp {\n    include /etc/nginx/mime.types;\n"
        f"    include {server_conf};\n}}\n", encoding="utf-8")
    checked = subprocess.run([nginx.NGINX, "-t", "-p", str(tmp_path), "-c", "check.conf", "-e", "stderr"],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_hashes_follow_the_build(tmp_path):
    """В CSP — ровно хэши встроенного этой сборки: изменился встроенный скрипт — изменился хэш."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<script>var a=1</script><script src="x.js"></script><script type=application/json>{}</script>'
        '<style>p{color:red}</style><form onsubmit="return false;"><p style=width:0%>x</p></form>', encoding="utf-8")
    inline = nginx.collect_inline(site)
    assert inline.scripts == {nginx.csp_hash("var a=1")}
    assert inline.styles == {nginx.csp_hash("p{color:red}")}
    assert inline.handlers == {nginx.csp_hash("return false;")}
    assert inline.style_attrs == {nginx.csp_hash("width:0%")}
    csp = dict(d.split(" ", 1) for d in nginx.content_security_policy(inline).split("; "))
    assert csp["script-src"].split() == ["'self'", "'unsafe-hashes'", *sorted(
        [nginx.csp_hash("var a=1"), nginx.csp_hash("return false;")])]
    assert csp["style-src"].split() == ["'self'", "'unsafe-hashes'", *sorted(
        [nginx.csp_hash("p{color:red}"), nginx.csp_hash("width:0%")])]
    (site / "index.html").write_text("<script>var a=2</script>", encoding="utf-8")
    again = nginx.collect_inline(site)
    assert again.scripts == {nginx.csp_hash("var a=2")} and not again.handlers
    assert "'unsafe-hashes'" not in nginx.content_security_policy(again)


# ----------------------------------------------------------------- в браузере ---

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


@pytest.fixture
def csp_page(page):
    """Вкладка, которая записывает каждое нарушение CSP (событие и сообщение в консоли)."""
    page.context.add_init_script(WATCH_CSP)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.csp_console = console  # type: ignore[attr-defined]
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.csp_console


def site_pages(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)).replace(".", "") + "/" if p.parent != site else ""
                  for p in site.rglob("index.html"))


def test_every_page_loads_without_csp_violations(server, built_site, csp_page):
    pages = site_pages(built_site)
    assert len(pages) >= 40
    found = {}
    for path in pages:
        csp_page.goto(server.url + path)
        csp_page.wait_for_load_state("load")
        csp_page.wait_for_timeout(50)  # отложенные скрипты и обработчики DOMContentLoaded отработали
        if violations(csp_page):
            found[path] = violations(csp_page)
            csp_page.csp_console.clear()
    assert found == {}
    # политика и правда действует: встроенный скрипт не из этой сборки браузер не выполнит
    csp_page.goto(server.url)
    csp_page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__injected = 1"; document.body.appendChild(s); }""")
    csp_page.wait_for_timeout(100)
    assert csp_page.evaluate("window.__injected") is None
    assert any("script-src" in v for v in violations(csp_page))


def test_search_and_quiz_work_under_csp(server, csp_page):
    csp_page.goto(server.url)
    csp_page.locator("input.md-search__input").click()
    csp_page.keyboard.type("жалоба", delay=50)
    csp_page.keyboard.press("End")  # кириллицу Playwright вводит без keyup, а Material ищет по keyup
    csp_page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert csp_page.locator(".md-search-result__item").count() >= 1

    csp_page.goto(server.url + THESIS)
    quiz = answer_first_correct(csp_page)
    quiz.locator(".quiz-feedback").first.wait_for()
    assert "Верно" in quiz.inner_text()
    saved = csp_page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('quiz_progress_'))")
    assert saved, "ответ теста сохранён"
    csp_page.goto(server.url + "itogovyi-test/")
    csp_page.wait_for_selector("[data-kb-q]")
    assert violations(csp_page) == []


# ------------------------------------------------------------------ site_url ---


def test_site_url_from_environment_gives_sitemap_and_canonical(valid_tree, tmp_path, monkeypatch):
    config = fixture_config(valid_tree)
    monkeypatch.setitem(ENV, "KB_SITE_URL", "https://kurs.example.local/kb/")
    result = build_site(config, tmp_path / "with")
    assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "with/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kurs.example.local/kb/razdel/tema/tezis/</loc>" in sitemap
    page = Elements((tmp_path / "with/razdel/tema/tezis/index.html").read_text(encoding="utf-8"))
    assert [a["href"] for a in page.find("link", rel="canonical")] == ["https://kurs.example.local/kb/razdel/tema/tezis/"]
    # адреса на странице 404 (абсолютные) — от пути site_url, версии своих файлов на месте
    missing = Elements((tmp_path / "with/404.html").read_text(encoding="utf-8"))
    assert any(a["src"].startswith("/kb/assets/javascripts/kb-bundle.js?v=") for a in missing.find("script") if "src" in a)

    monkeypatch.delitem(ENV, "KB_SITE_URL")
    result = build_site(config, tmp_path / "without")
    assert result.returncode == 0, result.stderr
    assert Elements((tmp_path / "without/razdel/tema/tezis/index.html").read_text(encoding="utf-8")).find(
        "link", rel="canonical") == []
    assert "<loc>" not in (tmp_path / "without/sitemap.xml").read_text(encoding="utf-8")
