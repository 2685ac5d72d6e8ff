"""Чтение сайта: шероховатости, которые мешали ученику, порядок тезиса и шаблоны на время вкладки.

* фокус с клавиатуры на пункте чек-листа виден;
* телефон (375 px), светлая и тёмная тема: таблица прогресса не рвёт слова, длинный ответ теста
  переносится под свой текст, а не под кружок, вопрос итогового теста не вылезает за рамку;
* заголовок меню не залипает над пунктами; «Перед звонком» — в шапке на любой странице;
* словарь: пунктир только у первого упоминания, не в заголовках и не у знакомых слов
  (tooltip: false в docs/includes/glossary.yml);
* печать: пустые квадраты чек-листа на странице «Перед звонком», на листе итогового теста нет ссылок;
* порядок тезис → материалы → «Проверь себя» одинаков в меню и в ссылках «Назад/Вперёд»;
* шаблоны скриптов помнят поля, пока открыта вкладка, и стирают их по «Очистить поля».
"""

from __future__ import annotations

import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Elements

sys.path.insert(0, str(ROOT / "scripts"))
from kb import content, model  # noqa: E402

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
THESIS = T + "podgotovka/"
CHECKLIST = THESIS + "chek-list-podgotovki/"
SITUATION = "pered-zvonkom/pervyi-kontakt/"
SCHEMES = ["light", "dark"]


def open_page(browser, url, width=1280, scheme="light"):
    context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 800}, color_scheme=scheme)
    pg = context.new_page()
    pg.goto(url)
    return context, pg


# ---------------------------------------------------------------- фокус ---


@pytest.mark.parametrize("scheme", SCHEMES)
def test_checklist_focus_is_visible(browser, site_server, scheme):
    context, pg = open_page(browser, site_server.url + CHECKLIST, scheme=scheme)
    pg.locator(".kb-checklist-bar__reset").focus()
    pg.keyboard.press("Tab")  # с клавиатуры — к первому пункту
    item = pg.locator("[data-kb-item]").first
    assert item.evaluate("li => li.contains(document.activeElement)")
    ring = item.evaluate("""li => {
        const s = getComputedStyle(li)
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                 bg: getComputedStyle(document.body).backgroundColor }
    }""")
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert contrast(ring["color"], ring["bg"]) >= 3, ring  # рамка фокуса заметна (WCAG 1.4.11)
    pg.keyboard.press("Tab")
    assert item.evaluate("li => getComputedStyle(li).outlineStyle") == "none"  # ушли — рамки нет
    context.close()


def contrast(a: str, b: str) -> float:
    def lum(c: str) -> float:
        r, g, bl = (int(x) / 255 for x in re.findall(r"\d+", c)[:3])
        f = lambda v: v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl)
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# -------------------------------------------------------------- телефон ---

SPLIT_WORDS = """root => {
    const broken = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.textContent.matchAll(/[А-Яа-яЁёA-Za-z]{2,}/g)) {
            const range = document.createRange()
            range.setStart(node, m.index)
            range.setEnd(node, m.index + m[0].length)
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)))
            if (lines.size > 1) broken.push(m[0])
        }
    }
    return broken
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_progress_table_keeps_words_whole(browser, site_server, scheme):
    context, pg = open_page(browser, site_server.url + "progress/", width=375, scheme=scheme)
    table = pg.locator(".kb-progress__table").first
    table.wait_for()
    assert table.evaluate(SPLIT_WORDS) == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375  # страница не уезжает вбок
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_quiz_answer_wraps_beside_its_button(browser, site_server, scheme):
    context, pg = open_page(browser, site_server.url + THESIS, width=375, scheme=scheme)
    rows = pg.locator(".quiz fieldset > div")
    assert rows.count() > 20
    bad = rows.evaluate_all("""rows => rows.filter(row => {
        const input = row.querySelector("input"), label = row.querySelector("label")
        const edge = input.getBoundingClientRect().right
        const lines = [...label.getClientRects()]
        return lines.length === 0 || lines.some(r => r.left < edge)
    }).map(row => row.querySelector("label").textContent.slice(0, 40))""")
    assert bad == []
    # длинные ответы правда переносятся — иначе проверка ничего не значит
    assert rows.evaluate_all("""rows => rows.some(r => {
        const range = document.createRange()
        range.selectNodeContents(r.querySelector("label"))
        return new Set([...range.getClientRects()].map(x => Math.round(x.top))).size > 1
    })""")
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_final_test_question_stays_inside_box(browser, site_server, scheme):
    context, pg = open_page(browser, site_server.url + "itogovyi-test/", width=375, scheme=scheme)
    pg.locator(".kb-final__q").first.wait_for()
    out = pg.locator(".kb-final__q").evaluate_all("""boxes => boxes.filter(fs => {
        const box = fs.getBoundingClientRect(), q = fs.querySelector("legend").getBoundingClientRect()
        return q.top < box.top + parseFloat(getComputedStyle(fs).borderTopWidth) - 0.5 || q.right > box.right
    }).map(fs => fs.querySelector("legend").textContent.slice(0, 50))""")
    assert out == []
    assert pg.locator(".kb-final__q legend").evaluate_all("ls => ls.some(l => l.getClientRects()[0].height > 40)")
    context.close()


# ---------------------------------------------------------------- меню ---


def test_sidebar_title_does_not_cover_menu(browser, site_server):
    context, pg = open_page(browser, site_server.url + CHECKLIST)
    covered = pg.evaluate("""() => {
        const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap")
        wrap.scrollTop = 60
        const title = document.querySelector(".md-nav--primary > .md-nav__title").getBoundingClientRect()
        return [...document.querySelectorAll(".md-sidebar--primary .md-nav__link")].filter(a => {
            const r = a.getBoundingClientRect()
            return r.height && r.bottom > title.top + 1 && r.top < title.bottom - 1
        }).map(a => a.textContent.trim())
    }""")
    assert covered == []
    context.close()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "dark")])
def test_pered_zvonkom_in_header_on_thesis_page(browser, site_server, width, scheme):
    context, pg = open_page(browser, site_server.url + THESIS, width=width, scheme=scheme)
    link = pg.get_by_role("link", name="Перед звонком", exact=True).and_(pg.locator(".md-header a"))
    assert link.is_visible()
    pg.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert link.is_visible()  # шапка не уезжает
    link.click()
    pg.wait_for_url(site_server.url + "pered-zvonkom/")
    assert pg.locator(".md-header a.kb-call").get_attribute("aria-current") == "page"
    context.close()


# --------------------------------------------------------------- словарь ---


class _Abbrs(HTMLParser):
    """Подсказки словаря в статье: (текст, внутри заголовка?)."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.found: list[tuple[str, bool]] = []
        self.inside = False
        self._abbr: list[str] | None = None
        self._heading = False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.inside = True
        if not self.inside:
            return
        if tag == "abbr":
            self._abbr = []
            self._heading = any(t in self.stack for t in ("h1", "h2", "h3", "h4", "h5", "h6"))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside = False
        if not self.inside:
            return
        if tag == "abbr" and self._abbr is not None:
            self.found.append(("".join(self._abbr), self._heading))
            self._abbr = None
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self._abbr is not None:
            self._abbr.append(data)


def test_glossary_underline_only_first_mention_not_headings_not_everyday(built_site):
    entries = yaml.safe_load((ROOT / content.GLOSSARY).read_text(encoding="utf-8"))
    term_of = {f: e["term"] for e in entries for f in e["forms"]}
    everyday = {e["term"] for e in entries if e.get("tooltip") is False}
    assert {"скрипт", "шаблон", "чек-лист", "объём работ"} <= everyday
    problems = []
    for path in built_site.rglob("index.html"):
        parser = _Abbrs()
        parser.feed(path.read_text(encoding="utf-8"))
        terms = [term_of.get(text, text) for text, _ in parser.found]
        where = path.parent.relative_to(built_site).as_posix()
        problems += [f"{where}: «{t}» в заголовке" for (t, h) in zip(terms, (h for _, h in parser.found)) if h]
        problems += [f"{where}: «{t}» подчёркнут не один раз" for t in set(terms) if terms.count(t) > 1]
        problems += [f"{where}: знакомое слово «{t}» подчёркнуто" for t in set(terms) & everyday]
    assert problems == []


# ---------------------------------------------------------------- печать ---


def test_pre_call_page_prints_empty_square_boxes(site_server, page):
    page.goto(site_server.url + SITUATION)
    page.emulate_media(media="print")
    style = page.locator(".task-list-indicator").first.evaluate("""el => {
        const s = getComputedStyle(el, "::before")
        return [s.maskImage, s.webkitMaskImage, s.borderTopStyle, s.backgroundColor]
    }""")
    assert style == ["none", "none", "solid", "rgba(0, 0, 0, 0)"], style
    page.emulate_media(media="screen")


def test_final_sheet_prints_without_links(site_server, page):
    from test_browser_interactive import take_final

    page.goto(site_server.url + "itogovyi-test/")
    take_final(page, correct=False)
    sheet = page.locator("[data-kb-final-sheet]")
    assert sheet.get_by_role("link", name="Перечитать тезис").count() >= 1
    page.emulate_media(media="print")
    visible = [a.inner_text() for a in sheet.locator("a").all() if a.is_visible()]
    assert visible == []
    page.emulate_media(media="screen")


# --------------------------------------------------------- порядок тезиса ---


def footer(html: str) -> dict[str, str]:
    """«Назад»/«Вперёд» внизу страницы: {"prev": ссылка, "next": ссылка}."""
    return {kind: a["href"] for a in Elements(html).find("a", class_="md-footer__link")
            for kind in ("prev", "next") if f"md-footer__link--{kind}" in a["class"].split()}


def resolve(base: str, href: str) -> str:
    """Адрес от корня сайта («a/b/», «a/b/#якорь») по ссылке href со страницы base."""
    path, _, anchor = href.partition("#")
    if path:
        joined = posixpath.normpath(posixpath.join(base, path))
        url = "" if joined == "." else joined + "/"
    else:
        url = base
    return url + ("#" + anchor if anchor else "")


def test_thesis_order_in_menu(site_server, page):
    """Меню на странице тезиса: его материалы, тренажёр разговора (если есть), затем «Проверь себя» —
    тест внизу страницы тезиса."""
    for thesis in model.load(ROOT).theses:
        home = thesis.src[: -len("index.md")]
        page.goto(site_server.url + home)
        links = page.evaluate("""() => {
            const section = [...document.querySelectorAll(".md-sidebar--primary li.md-nav__item--active")].pop()
            return [...section.querySelectorAll(":scope > nav > ul > li > a.md-nav__link")]
                .map(a => [a.getAttribute("href"), a.textContent.trim()])
        }""")
        materials = [m.src[: -len(".md")] + "/" for m in thesis.materials if m.page is not None]
        materials += [thesis.dialogue_src[: -len(".md")] + "/"] if thesis.dialogue is not None else []
        assert [resolve(home, h) for h, _ in links] == materials + [home + "#проверь-себя"], thesis.title
        assert links[-1][1] == "Проверь себя"


def test_thesis_order_same_in_footer(built_site):
    kb = model.load(ROOT)
    theses = kb.theses
    assert len(theses) >= 6
    url = lambda src: src[: -len("index.md")] if src.endswith("index.md") else src[: -len(".md")] + "/"  # noqa: E731
    for n, thesis in enumerate(theses):
        home = url(thesis.src)
        html = (built_site / home / "index.html").read_text(encoding="utf-8")
        materials = [url(m.src) for m in thesis.materials if m.page is not None]
        # тренажёр разговора — последним после материалов, перед «Проверь себя»
        materials += [url(thesis.dialogue_src)] if thesis.dialogue is not None else []
        quiz = home + "#проверь-себя"
        assert "проверь-себя" in Elements(html).ids()
        # внизу страницы тезиса (над ней — тест): назад к последнему материалу, вперёд — следующий тезис
        links = {k: resolve(home, v) for k, v in footer(html).items()}
        assert links["prev"] == (materials[-1] if materials else links["prev"])
        if n + 1 < len(theses):
            assert links["next"] == url(theses[n + 1].src), thesis.title
        # материалы (и тренажёр): друг за другом, от первого назад — тезис, от последнего вперёд — «Проверь себя»
        for i, m in enumerate(materials):
            links = {k: resolve(m, v) for k, v in footer((built_site / m / "index.html").read_text(encoding="utf-8")).items()}
            assert links["prev"] == (materials[i - 1] if i else home), m
            assert links["next"] == (materials[i + 1] if i + 1 < len(materials) else quiz), m


def test_last_material_leads_to_quiz(site_server, page):
    """Последняя страница тезиса (тренажёр разговора или последний материал): «Вперёд» — к тесту."""
    thesis = next(th for th in model.load(ROOT).theses if th.src == THESIS + "index.md")
    last = (thesis.dialogue_src if thesis.dialogue is not None else thesis.materials[-1].src)[: -len(".md")] + "/"
    page.goto(site_server.url + last)
    page.locator(".md-footer__link--next").click()
    page.wait_for_url(re.compile(re.escape(site_server.url + THESIS) + "#"))
    heading = page.locator("#проверь-себя")
    assert heading.is_visible() and heading.evaluate("h => h.getBoundingClientRect().top < innerHeight")


# ------------------------------------------------------------- шаблоны ---


def test_script_fields_live_for_the_tab_only(browser, site_server):
    context = browser.new_context(locale="ru-RU")
    pg = context.new_page()
    pg.goto(site_server.url + SITUATION)
    assert "закроешь вкладку, ничего не сохранится" in pg.locator(".kb-fill__hint").inner_text()
    pg.get_by_label("Имя клиента", exact=True).fill("Ирина Петровна")

    # к полному скрипту и обратно: имя на месте и там, и тут
    full = pg.locator("article a[href*='skript']").first
    full.click()
    pg.wait_for_load_state()
    assert pg.get_by_label("Имя клиента", exact=True).input_value() == "Ирина Петровна"
    assert pg.locator('.kb-ph[data-ph="Имя клиента"]').first.inner_text() == "Ирина Петровна"
    pg.go_back()
    assert pg.get_by_label("Имя клиента", exact=True).input_value() == "Ирина Петровна"
    assert pg.evaluate("Object.keys(localStorage).filter(k => localStorage.getItem(k).includes('Ирина'))") == []

    # другая вкладка начинает с пустой формы
    other = context.new_page()
    other.goto(site_server.url + SITUATION)
    assert other.get_by_label("Имя клиента", exact=True).input_value() == ""

    # «Очистить поля» стирает всё сразу
    pg.get_by_role("button", name="Очистить поля").click()
    assert pg.get_by_label("Имя клиента", exact=True).input_value() == ""
    assert pg.locator('.kb-ph[data-ph="Имя клиента"]').first.inner_text() == "[Имя клиента]"
    assert pg.evaluate("sessionStorage.getItem('kb:v1:fill')") is None
    pg.reload()
    assert pg.get_by_label("Имя клиента", exact=True).input_value() == ""
    context.close()


# ------------------------------------------------- копии шаблонов Material ---

MATERIAL_FOOTER_SHA1 = "58da3e6dc5877ba140b2ce70535e8ecc9c56ee04"  # partials/footer.html Material 9.8.1, с которого снята копия


def test_template_copies_follow_material():
    """overrides/partials/palette.html и footer.html — копии шаблонов Material с нашими вставками.

    После обновления Material тест покажет, что копии пора сверить с новыми шаблонами.
    """
    import hashlib

    import material

    partials = Path(material.__file__).parent / "templates" / "partials"
    start = '<form class="md-header__option"'
    theirs = (partials / "palette.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides/partials/palette.html").read_text(encoding="utf-8")
    assert ours[ours.index(start):].strip() == theirs[theirs.index(start):].strip()
    footer = hashlib.sha1((partials / "footer.html").read_bytes()).hexdigest()
    assert footer == MATERIAL_FOOTER_SHA1, "footer.html в Material изменился: сверь с ним overrides/partials/footer.html"
