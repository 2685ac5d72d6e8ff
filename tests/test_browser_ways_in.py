"""Браузер: три входа с главной, «Перед звонком» в два клика, подсказки словаря, печать, копия для file://."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from conftest import ENV, ROOT, answer_all_correct, pass_dialogue, plain

SITUATIONS = {
    "Первый контакт с новым клиентом": "pered-zvonkom/pervyi-kontakt/",
    "Предложение услуги или допродажа": "pered-zvonkom/predlozhenie-uslugi/",
    "Недовольный клиент или жалоба": "pered-zvonkom/nedovolnyi-klient/",
    "Срыв срока или плохая новость": "pered-zvonkom/sryv-sroka/",
    "Повторное обращение или клиент, переданный от коллеги": "pered-zvonkom/povtornoe-obrashchenie/",
    "Переговоры о цене или условиях": "pered-zvonkom/peregovory-o-tsene/",
    "Клиент требует вернуть деньги": "pered-zvonkom/vozvrat-deneg/",
    "Клиент просит позвать руководителя": "pered-zvonkom/prosit-rukovoditelya/",
    "Клиент пропал и молчит": "pered-zvonkom/klient-ne-otvechaet/",
    "Напоминание об оплате": "pered-zvonkom/napominanie-ob-oplate/",
}


def pdf_pages(page) -> int:
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    page.emulate_media(media="screen")
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_home_has_three_entries(site_server, page):
    page.goto(site_server.url)
    cards = page.locator(".kb-home > ul > li")
    assert cards.count() == 3
    titles = [plain(c.locator("strong").first.inner_text()) for c in cards.all()]
    assert titles == ["Пройти курс", "Подготовиться к звонку", "Быстрая справка"]
    # значки Material встроены в страницу (SVG), ни одного внешнего файла
    assert all(c.locator(".twemoji svg").count() >= 1 for c in cards.all())
    assert page.locator("img").count() == 0
    # где остановился: для нового ученика — первый тезис
    assert plain(page.locator("[data-kb-continue]").inner_text()).startswith("Начни с первого тезиса: «Подготовка к общению с клиентами»")
    # прогресс по темам: полоса и числа
    topic = page.locator("[data-kb-dashboard-topic]").first
    assert "Сдано тезисов: 0 из 6" in topic.inner_text()
    assert topic.locator("progress").get_attribute("value") == "0"


def test_home_dashboard_without_javascript_still_leads_somewhere(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_server.url)
    assert pg.locator("[data-kb-continue] a").get_attribute("href").endswith("podgotovka/")
    assert pg.locator("[data-kb-dashboard-progress] a", has_text="Мой прогресс").count() == 1
    context.close()


def test_home_continue_points_to_next_thesis(site_server, page):
    page.goto(site_server.url + "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/")
    page.evaluate("localStorage.clear()")
    page.reload()
    answer_all_correct(page)
    page.goto(site_server.url)
    # тест сдан, «Зачёт» тренажёра — нет: «Продолжи» ведёт на тренажёр этого тезиса
    text = page.locator("[data-kb-continue]").inner_text()
    assert text.startswith("Продолжи: тренажёр «") and "(тезис «Подготовка к общению с клиентами»)" in text
    assert page.locator("[data-kb-continue] a").get_attribute("href").endswith("podgotovka/trenazher/")
    pass_dialogue(page, "podgotovka")
    page.reload()
    text = page.locator("[data-kb-continue]").inner_text()
    assert text.startswith("Продолжи: «Навыки переговоров и убеждения»")
    assert "Сдано тезисов: 1 из 6" in text
    topic = page.locator("[data-kb-dashboard-topic]").first
    assert "Сдано тезисов: 1 из 6" in topic.inner_text()
    assert topic.locator("progress").get_attribute("value") == "1"


@pytest.mark.parametrize("title", list(SITUATIONS))
def test_situation_two_clicks_from_home_and_one_a4(site_server, page, title):
    page.goto(site_server.url)
    page.get_by_role("link", name="Подготовиться к звонку", exact=True).click()  # клик 1
    page.get_by_role("link", name=title, exact=True).first.click()  # клик 2
    assert page.url == site_server.url + SITUATIONS[title]
    body = page.locator("article")
    assert plain(body.locator("h1").inner_text()).replace("¶", "").strip() == title
    for section in ("Чек-лист подготовки", "Скрипт", "Три ошибки", "Ключевые фразы", "Подробнее"):
        assert body.locator("h2", has_text=section).count() == 1, section
    assert body.locator("[data-kb-item]").count() >= 5
    assert body.locator("[data-kb-script]").count() >= 1
    assert pdf_pages(page) == 1


def test_cheatsheet_prints_on_two_pages_and_has_every_thesis(site_server, page):
    page.goto(site_server.url + "shpargalka/")  # шпаргалки всех тем → шпаргалка темы
    page.locator("article a[href*='klienty-i-partnery/shpargalka']").first.click()
    page.wait_for_url("**/klienty-i-partnery/shpargalka/", wait_until="load")
    sections = page.locator(".kb-cheat")
    assert sections.count() == 6
    for sheet in sections.all():
        assert sheet.locator("ol > li").count() >= 3  # шаги одной строкой
        assert sheet.locator("ul").first.locator("li").count() >= 3  # ошибки
        assert sheet.locator("ul").nth(1).locator("li").count() >= 3  # фразы
    assert pdf_pages(page) <= 2


def test_print_hides_navigation_and_keeps_empty_boxes(site_server, page):
    page.goto(site_server.url + "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/chek-list-podgotovki/")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator("[data-kb-item]").first.click()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", "[data-kb-checklist-bar]"):
        assert not page.locator(selector).first.is_visible(), selector
    indicator = page.locator(".task-list-indicator").first
    style = indicator.evaluate("el => { const s = getComputedStyle(el, '::before'); return [s.borderTopStyle, s.backgroundColor]; }")
    assert style == ["solid", "rgba(0, 0, 0, 0)"]  # пустой квадрат даже у отмеченного пункта
    assert page.locator("[data-kb-item] input").count() == page.locator("[data-kb-item]").count() >= 5
    page.emulate_media(media="screen")


def test_glossary_tooltip_and_page_from_one_source(site_server, page):
    entries = yaml.safe_load((ROOT / "docs/includes/glossary.yml").read_text(encoding="utf-8"))
    crm = next(e for e in entries if e["term"] == "CRM")
    page.goto(site_server.url + "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/")
    abbr = page.locator("article abbr", has_text="CRM").first
    assert abbr.get_attribute("title") == crm["definition"]
    abbr.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active")
    tooltip.first.wait_for()
    assert crm["definition"] in tooltip.first.inner_text()

    page.goto(site_server.url + "glossariy/")
    terms = page.locator("article dl dt")
    assert terms.count() == len(entries)
    assert crm["definition"] in plain(page.locator("article").inner_text())


def test_tags_index_lists_letters(site_server, page):
    page.goto(site_server.url + "tegi/")
    tag = page.locator("article").get_by_text("письма", exact=True).first
    assert tag.is_visible()
    text = plain(page.locator("article").inner_text())
    assert "Деловая переписка" in text and "Письмо клиенту с итогами разговора" in text


def test_offline_copy_opens_from_disk_with_search(offline_site, built_site, browser):
    out = offline_site
    # iframe-worker (поиск с диска) — только в копии для file://; на сайте с сервера его нет
    shim = "assets/javascripts/vendor/iframe-worker-shim.js"
    assert shim in (out / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in (built_site / "index.html").read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    pg = context.new_page()
    pg.goto((out / "index.html").as_uri())
    search = pg.locator("input.md-search__input")
    search.click()
    pg.keyboard.type("жалоба", delay=80)  # как человек: индекс в iframe-воркере грузится в это время
    pg.keyboard.press("End")  # кириллицу Playwright вводит без keyup, а Material ищет по keyup
    pg.locator(".md-search-result__item").first.wait_for(timeout=10000)
    assert pg.locator(".md-search-result__item").count() >= 1
    # страница тезиса с диска: тест и модули курса работают
    pg.goto((out / "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/index.html").as_uri())
    assert pg.evaluate("KB_DATA.topics['kommunikatsiya-i-pr/klienty-i-partnery'].theses.length") >= 6
    assert pg.locator("div.quiz").count() >= 8
    context.close()
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []


def test_make_offline_packs_one_archive(tmp_path):
    """`make offline` даёт один zip: index.html внутри, поиск как скрипт."""
    import zipfile

    result = subprocess.run(["make", "offline"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    archive = ROOT / "dist" / "klientskiy-servis-assistenta.zip"
    names = zipfile.ZipFile(archive).namelist()
    assert "index.html" in names and "search/search_index.js" in names
    assert "assets/javascripts/vendor/iframe-worker-shim.js" in names
