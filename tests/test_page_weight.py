"""Лёгкие страницы без потерь: сокращённые стили Material рисуют то же, что полные; один файл модулей.

Сборка заменяет стили Material (main.*.min.css) на сокращённые PurgeCSS (kb.assets.purge_css): правило
пропадает, если его слов нет ни на одной странице и ни в одном скрипте сайта. Ошибка здесь видна
глазами, а не тестами поведения, поэтому страницы каждого вида, в светлой и тёмной теме, с открытым
поиском и тестом с ответами, снимаются дважды — с сокращёнными стилями и с полными стилями Material
(их подставляет перехват запроса) — и снимки должны совпасть до пикселя.
"""

from __future__ import annotations

import json
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


# ------------------------------------------------ terser и PurgeCSS: кеш сборки и ошибки ---

def test_terser_cache_is_used_and_foreign_cache_is_not(tmp_path):
    cache = tmp_path / "minify.json"
    code = "(function () { var longName = 1; window.x = longName + 2; })();"
    first = assets.Terser(cache)
    assert first.many({"a.js": code}) == {"a.js": "window.x=3;"}
    first.save()
    # второй раз terser не запускается: /bin/false упал бы и дал ошибку сборки
    assert assets.Terser(cache, node="/bin/false").many({"a.js": code}) == {"a.js": "window.x=3;"}
    data = json.loads(cache.read_text(encoding="utf-8"))
    cache.write_text(json.dumps({**data, "stamp": "другие правила"}), encoding="utf-8")
    with pytest.raises(ValueError, match="сжатие скриптов не прошло"):
        assets.Terser(cache, node="/bin/false").many({"a.js": code})


def test_terser_syntax_error_names_the_file():
    with pytest.raises(ValueError, match=r"сжатие скриптов не прошло .*x\.js: .*строка 1"):
        assets.Terser().many({"x.js": "var = ;"})


def write_styles(styles: Path) -> None:
    """Стили «Material» для теста PurgeCSS: что берут страница, скрипт и палитра, и что не берёт никто."""
    (styles / "main.00000000.min.css").write_text(
        ":root{--md-used:1;--md-by-palette:2;--md-unused:3}.md-page{color:var(--md-used)}.md-from-js{x:1}"
        ".md-nowhere{x:2}", encoding="utf-8")
    (styles / "palette.11111111.min.css").write_text(
        "[data-md-color-scheme=slate]{y:var(--md-by-palette)}.md-palette-unused{z:1}", encoding="utf-8")


def test_purge_keeps_what_pages_scripts_and_other_styles_use(tmp_path):
    site = tmp_path / "site"
    styles = site / assets.MATERIAL_CSS
    styles.mkdir(parents=True)
    (site / "assets/javascripts").mkdir()
    (site / "assets/javascripts/app.js").write_text('el.classList.add("md-from-js")', encoding="utf-8")
    write_styles(styles)
    words = assets.CssWords()
    words.add_page('<body data-md-color-scheme="slate"><div class="md-page"></div></body>')
    cache = tmp_path / "purge.json"
    renamed = assets.purge_css(site, words, cache)
    main, palette = (styles / renamed["main.00000000.min.css"]), (styles / renamed["palette.11111111.min.css"])
    assert sorted(p.name for p in styles.iterdir()) == sorted([main.name, palette.name])  # старые убраны
    css = main.read_text(encoding="utf-8")
    assert ".md-page" in css and ".md-from-js" in css and ".md-nowhere" not in css
    assert "--md-used" in css and "--md-by-palette" in css and "--md-unused" not in css
    text = palette.read_text(encoding="utf-8")
    assert "data-md-color-scheme=slate" in text and "md-palette-unused" not in text
    assert re.fullmatch(r"main\.[0-9a-f]{8}\.min\.css", main.name)
    # та же сборка ещё раз: результат из кеша (PurgeCSS не запускается — /bin/false упал бы)
    main.unlink()
    palette.unlink()
    write_styles(styles)
    assert assets.purge_css(site, words, cache, node="/bin/false") == renamed
