"""Доступность: axe-core на каждой странице собранного сайта в светлой теме и на страницах, где вместе
есть каждый вид блока сайта (каждый класс HTML), — в тёмной.

Страницы берём из собранного сайта (все index.html, кроме 404), а не из списка: новая страница
проверяется сама (в тёмной теме — если на ней есть блок, которого нет на других). Тема выбирается
так же, как у ученика, — настройкой системы (prefers-color-scheme), без переключения на лету и
без ожидания анимации. Нарушения уровня serious и critical недопустимы.

Кроме страниц «как открылись» — состояния, которые появляются только после действий ученика:
ответ в тесте (разбор ответа), начатый итоговый тест, открытая выдача поиска, заполненный шаблон.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import answer_first_correct

SCHEMES = {"light": "default", "dark": "slate"}
IMPACT = ("serious", "critical")
AXE = Axe()


def site_pages(site: Path) -> list[str]:
    """Адреса всех страниц сайта от корня: "", "progress/", "раздел/тема/тезис/"…"""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


@pytest.fixture(params=list(SCHEMES), ids=list(SCHEMES))
def themed(request, browser):
    """Вкладка в теме системы «светлая» или «тёмная»; чужие хосты заблокированы, ошибки JS собраны."""
    context = browser.new_context(locale="ru-RU", color_scheme=request.param, viewport={"width": 1280, "height": 900})
    external: list[str] = []

    def guard(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            return route.continue_()
        external.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.scheme = SCHEMES[request.param]  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not external, f"запросы к чужим хостам: {external}"
    assert not errors, f"ошибки JavaScript: {errors}"


def violations(page) -> list[dict]:
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == page.scheme
    # цвета считаем, когда переходы Material (появление выдачи поиска, разбора ответа) закончились
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    result = AXE.run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:4]}
        for v in result.response["violations"] if v["impact"] in IMPACT
    ]


def component_cover(site: Path, pages: list[str]) -> list[str]:
    """Страницы, на которых вместе есть каждый класс HTML сайта (каждый вид блока): по порядку берётся
    страница, у которой есть класс, не встреченный на уже взятых. Тёмная тема меняет цвета блоков, а не
    разметку страниц: для неё этого хватает, светлая проверяет каждую страницу."""
    seen: set[str] = set()
    cover = []
    for url in pages:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        classes = {c for attr in re.findall(r'class="([^"]*)"', html) for c in attr.split()}
        if classes - seen:
            cover.append(url)
            seen |= classes
    return cover


def test_every_page_has_no_serious_violations(site_server, built_site, themed):
    pages = site_pages(built_site)
    assert len(pages) > 40
    if themed.scheme == SCHEMES["dark"]:
        pages = component_cover(built_site, pages)
        assert 10 < len(pages) < len(site_pages(built_site))
    found = {}
    for url in pages:
        themed.goto(site_server.url + url)
        bad = violations(themed)
        if bad:
            found[url or "/"] = bad
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_interactive_states_have_no_serious_violations(site_server, themed):
    base = site_server.url
    found = {}

    # тест тезиса: верный и неверный ответ с разбором
    themed.goto(base + "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/")
    answer_first_correct(themed, 0)
    quiz = themed.locator("div.quiz").nth(1)
    wrong = quiz.locator('input:not([data-correct="true"])').first
    themed.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
    submit = quiz.locator('button[type="submit"]')
    if submit.is_visible():
        submit.click()
    found["ответ в тесте"] = violations(themed)

    # начатый итоговый тест
    themed.goto(base + "itogovyi-test/")
    themed.locator(".kb-final__q").first.wait_for()
    found["итоговый тест"] = violations(themed)

    # выдача поиска с «Отсутствует: …»
    themed.goto(base)
    box = themed.locator("input.md-search__input")
    box.focus()
    box.fill("клиент злится жираф")
    box.press("End")
    themed.locator(".md-search-result__item").first.wait_for()
    found["поиск"] = violations(themed)

    # заполненный шаблон и отмеченный чек-лист
    themed.goto(base + "pered-zvonkom/pervyi-kontakt/")
    themed.locator(".kb-fill input").first.fill("Ирина")
    themed.locator("[data-kb-item]").first.click()
    found["шаблон и чек-лист"] = violations(themed)

    found = {k: v for k, v in found.items() if v}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
