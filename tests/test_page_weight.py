"""Лёгкие страницы без потерь: сокращённые стили Material рисуют то же, что полные; один файл модулей.

Сборка заменяет стили Material (main.*.min.css) на сокращённые PurgeCSS (kb.assets.purge_css): правило
пропадает, если его слов нет ни на одной странице и ни в одном скрипте сайта. Ошибка здесь видна
глазами, а не тестами поведения, поэтому страницы каждого вида, в светлой и тёмной теме, с открытым
поиском и тестом с ответами, снимаются дважды — с сокращёнными стилями и с полными стилями Material
(их подставляет перехват запроса) — и снимки должны совпасть до пикселя.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from conftest import ROOT, answer_first_correct

from kb import assets

ORIGINALS = {stem: next((Path(material.__file__).parent / "templates" / assets.MATERIAL_CSS).glob(f"{stem}.*.min.css"))
             for stem in assets.MATERIAL_STYLES}
STYLES = re.compile(r".*/(%s)\.[0-9a-f]{8}\.min\.css.*" % "|".join(assets.MATERIAL_STYLES))
T = "kommunikatsiya-i-pr/klienty-i-partnery/"
PAGES = [
    ("", None),
    (T + "podgotovka/", "quiz"),
    (T + "podgotovka/trenazher/", None),
    (T + "shpargalka/", None),
    ("pered-zvonkom/", None),
    ("itogovyi-test/", None),
    ("", "search"),
    (T + "podgotovka/", "dark"),
]


SEEDED_RANDOM = "(() => { let s = 42; Math.random = () => (s = s * 16807 % 2147483647) / 2147483647; })();"


def snapshot(page, url: str, action: str | None) -> bytes:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if action == "dark":
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    elif action == "search":
        page.keyboard.press("/")
        page.keyboard.type("жалоба")
        page.keyboard.press("End")
        page.wait_for_selector(".md-search-result__item")
    elif action == "quiz":
        answer_first_correct(page)
    page.wait_for_timeout(300)
    # поле поиска закрашено: его подсказка мигает по своим часам (search-warmup.js)
    return page.screenshot(full_page=True, animations="disabled", caret="hide", mask=[page.locator(".md-search__input")])


@pytest.mark.parametrize("path,action", PAGES, ids=[f"{p or 'главная'}{'+' + a if a else ''}" for p, a in PAGES])
def test_purged_material_css_draws_the_same(page, site_server, built_site, path, action):
    for stem, original in ORIGINALS.items():  # сокращённые стили — под своими именами и заметно меньше
        (css,) = (built_site / assets.MATERIAL_CSS).glob(f"{stem}.*.min.css")
        assert css.name != original.name and css.stat().st_size < 0.7 * original.stat().st_size
    page.set_viewport_size({"width": 1280, "height": 900})
    # mkdocs-quiz перемешивает ответы: одно и то же «случайное» в обоих снимках
    page.context.add_init_script(SEEDED_RANDOM)
    url = site_server.url + path
    purged = snapshot(page, url, action)
    served: list[str] = []

    def original(route):
        stem = STYLES.match(route.request.url).group(1)
        served.append(stem)
        route.fulfill(path=str(ORIGINALS[stem]), content_type="text/css")

    page.route(STYLES, original)
    page.context.clear_cookies()
    page.evaluate("localStorage.clear(); sessionStorage.clear()")
    full = snapshot(page, url, action)
    assert sorted(set(served)) == sorted(assets.MATERIAL_STYLES)  # второй снимок — правда с полными стилями
    assert purged == full, f"{path or '/'}: с сокращёнными стилями Material страница выглядит иначе"
