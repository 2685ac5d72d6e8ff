"""Готовый индекс поиска: собирается при сборке, браузер его только загружает.

* scripts/kb/search_prebuild.js строит индекс кодом воркера Material и сверяется с lunr.Builder;
* workers/kb-prebuilt.js подменяет построение загрузкой, позиции для подсветки считает сам;
* workers/kb-search.js отвечает, не дожидаясь большого полного индекса, и повторяет ответ с
  фрагментами текста из него;
* без Node.js, с маленьким индексом или если готовый индекс не загрузился — как раньше, индекс
  строит браузер.

Настоящий сайт маленький (готовый индекс с 2 МиБ, extra.kb.search_prebuild_kib), поэтому здесь
он собирается с KB_SEARCH_PREBUILD_KIB=0 — и выдача сравнивается с выдачей сайта без готового индекса.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, ROOT, Server
from test_search import search

sys.path.insert(0, str(ROOT / "scripts"))
from kb import search_index  # noqa: E402

QUERIES = ["жалоба", "срыв срока", "црм", "перезвонить клиенту", "скидка", "письмо итоги встречи"]


@pytest.fixture(scope="module")
def prebuilt_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site-prebuilt")
    result = subprocess.run([MKDOCS, "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                            capture_output=True, text=True, cwd=ROOT, env={**ENV, "KB_SEARCH_PREBUILD_KIB": "0"})
    assert result.returncode == 0, result.stderr
    return out


def stub(site: Path) -> dict:
    return json.loads((site / search_index.INDEX_PATH).read_text(encoding="utf-8"))


def results(browser, url: str, query: str, *, hold_full: bool = False) -> tuple[str, list[str], object]:
    """HTML выдачи на запрос, адреса файлов поиска, которые скачали страница и воркер, и вкладка."""
    context = browser.new_context(locale="ru-RU")
    held: list = []
    if hold_full:
        context.route("**/search_index.full.json", lambda route: held.append(route))
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url.rsplit("/", 1)[-1]) if "/search/" in r.url else None)
    page.goto(url)
    page.held = held  # type: ignore[attr-defined]
    search(page, query)
    return page.locator(".md-search-result__list").inner_html(), asked, page


def test_prebuild_writes_index_with_light_docs(prebuilt_site, tmp_path):
    """Стаб называет готовый индекс и размер полного; индекс совпадает с тем, что построил бы lunr.Builder."""
    config = stub(prebuilt_site)["config"]
    assert config["kb_prebuilt"] == search_index.PREBUILT
    assert config["kb_index_size"] == (prebuilt_site / search_index.FULL_INDEX).stat().st_size
    full = json.loads((prebuilt_site / search_index.FULL_INDEX).read_text(encoding="utf-8"))
    pre = json.loads((prebuilt_site / search_index.PREBUILT).read_text(encoding="utf-8"))
    assert [d["location"] for d in pre["kb_docs"]] == [d["location"] for d in full["docs"]]
    assert {d["text"] for d in pre["kb_docs"]} == {""}, "тексты — только в полном индексе"
    assert pre["kb_config"] == full["config"]

    import material

    js = Path(material.__file__).parent / search_index.MATERIAL_JS
    check = subprocess.run(
        ["node", str(search_index.PREBUILD_SCRIPT), str(js / "workers" / search_index.material_worker()),
         str(js / "lunr" / "min"), str(prebuilt_site / search_index.FULL_INDEX), str(tmp_path / "i.json"),
         "--verify"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert f"совпадает с lunr.Builder: {len(full['docs'])} документов" in check.stdout


def test_prebuilt_search_answers_as_browser_built(site_server, prebuilt_site, browser):
    """Та же выдача, те же подсветки, что у индекса, который строит браузер."""
    server = Server(prebuilt_site)
    try:
        for query in QUERIES:
            expected, asked_plain, page = results(browser, site_server.url, query)
            page.context.close()
            got, asked, page = results(browser, server.url, query)
            page.context.close()
            assert "search_index.full.json" in asked_plain
            assert "search_index.lunr.json" not in asked_plain and "search_index.lunr.json" in asked, asked
            normalize = lambda html, url: html.replace(url, "/")  # noqa: E731
            assert normalize(got, server.url) == normalize(expected, site_server.url), query
            assert "<mark>" in got
    finally:
        server.close()


def test_large_index_answers_before_texts_arrive(prebuilt_site, browser, tmp_path):
    """Большой индекс: ответ — по готовому индексу, пока полный (тексты) ещё не пришёл; потом фрагменты."""
    site = tmp_path / "site"
    shutil.copytree(prebuilt_site, site)
    data = stub(site)
    data["config"]["kb_index_size"] = 10**9
    (site / search_index.INDEX_PATH).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    server = Server(site)
    try:
        _, _, page = results(browser, server.url, "жалоба", hold_full=True)
        teasers = page.locator(".md-search-result__article > p")
        assert page.locator(".md-search-result__item").count() >= 3
        assert all(not t.strip() for t in teasers.all_text_contents())
        assert page.held, "полный индекс не запрошен"
        for route in page.held:
            route.continue_()
        page.wait_for_function("[...document.querySelectorAll('.md-search-result__article > p')]"
                               ".some(p => p.textContent.trim())")
        assert page.locator(".md-search-result__article > p mark").count() > 0
        page.context.close()
    finally:
        server.close()


def test_search_works_when_prebuilt_index_is_missing(prebuilt_site, browser, tmp_path):
    """Готовый индекс не скачался (404) — воркер берёт полный индекс, и Material строит его сам."""
    site = tmp_path / "site"
    shutil.copytree(prebuilt_site, site)
    (site / search_index.PREBUILT).unlink()
    server = Server(site)
    try:
        html, asked, page = results(browser, server.url, "жалоба")
        page.context.close()
        assert "search_index.full.json" in asked and "<mark>" in html
    finally:
        server.close()


def fake_site(tmp_path: Path, text: str = "") -> Path:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / search_index.INDEX_PATH).write_text(json.dumps(
        {"config": {"lang": ["ru"], "separator": "[\\s]+", "pipeline": ["stopWordFilter"],
                    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
         "docs": [{"location": "a/", "title": "Жалоба клиента", "text": text}]}, ensure_ascii=False))
    (site / search_index.PREBUILT).write_text("старое")
    return site


def test_small_index_and_no_node_leave_it_to_browser(tmp_path, monkeypatch, caplog):
    """Меньше порога или без Node.js готового индекса нет (и старый удаляется); стаб его не называет."""
    site = fake_site(tmp_path)
    assert search_index.apply(site, {}, [], prebuild_from=10**6)
    assert "kb_prebuilt" not in stub(site)["config"]
    assert not (site / search_index.PREBUILT).exists()

    site = fake_site(tmp_path / "2")
    monkeypatch.setattr(search_index.shutil, "which", lambda name: None)
    with caplog.at_level("INFO"):
        assert search_index.apply(site, {}, [], prebuild_from=0)
    assert "Node.js не найден" in caplog.text
    assert "kb_prebuilt" not in stub(site)["config"] and not (site / search_index.PREBUILT).exists()


def test_failed_prebuild_stops_with_russian_error(tmp_path):
    site = fake_site(tmp_path)
    search_index.apply(site, {}, [], prebuild_from=10**6)  # полный индекс на месте
    with pytest.raises(ValueError, match="^готовый поисковый индекс не собрался"):
        search_index.prebuild(site, node=shutil.which("false") or "/bin/false")
