"""Тренажёр разговора в браузере: режимы, концовки и баллы, клавиатура, озвучивание новых реплик,
продолжение после перезагрузки, две вкладки, перенос в файле, «Мой прогресс», главная, меню, axe."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import answer_all_correct

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
DIALOGUE = "kritika"
PAGE = T + DIALOGUE + "/trenazher/"


def data(page, dialogue=DIALOGUE):
    return page.evaluate(f"window.KB_DATA.dialogues[{json.dumps(dialogue)}]")


def open_fresh(page, url, scheme=None):
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()
    if scheme:
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.wait_for_selector("[data-kb-dialogue-start]")


def start(page, mode):
    page.locator(f"#kb-dlg-mode-{mode}").check()
    page.locator("[data-kb-dialogue-start]").click()


def current_node(page, d):
    """id узла, где сейчас разговор: по записи хода в хранилище."""
    run = page.evaluate(f"JSON.parse(localStorage.getItem('kb:v1:dialogue-run:' + {json.dumps(d['id'])}) || 'null')")
    node = d["start"]
    for rid in (run or {}).get("path", []):
        node = next(r for r in d["nodes"][node]["replies"] if r["id"] == rid)["next"]
    return node


def play(page, d, pick, limit=30):
    """Пройти разговор: pick(узел) → id реплики; возвращает пройденные id узлов."""
    visited = []
    for _ in range(limit):
        if page.locator("[data-kb-dialogue-end]").count():
            return visited
        node = current_node(page, d)
        visited.append(node)
        rid = pick(d["nodes"][node])
        page.locator(f'[data-kb-reply="{rid}"]').click()
    raise AssertionError("разговор не кончился")


def best(node):
    return next(r["id"] for r in node["replies"] if r["best"])


def worst(node):
    return min(node["replies"], key=lambda r: r["points"])["id"]


def path_to(d, kind):
    """Путь (id реплик) к концовке вида kind, не по лучшим ответам с первого шага."""
    def dfs(node_id, path, seen):
        node = d["nodes"][node_id]
        if "ending" in node:
            return path if node["ending"]["kind"] == kind else None
        for r in sorted(node["replies"], key=lambda r: -r["points"]):
            if r["next"] in seen:
                continue
            got = dfs(r["next"], path + [r["id"]], seen | {r["next"]})
            if got and any(not _is_best(d, x) for x in got):
                return got
        return None
    return dfs(d["start"], [], {d["start"]})


def _is_best(d, rid):
    node = d["nodes"][rid.rsplit(".", 1)[0]]
    return next(r for r in node["replies"] if r["id"] == rid)["best"]


def result(page, dialogue=DIALOGUE):
    raw = page.evaluate(f"localStorage.getItem('kb:v1:dialogue:' + {json.dumps(dialogue)})")
    return json.loads(raw) if raw else None


def test_best_path_in_exam_is_success_and_counts(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    d = data(page)
    start(page, "exam")
    assert page.locator("[data-kb-dialogue-feedback]").count() == 0
    play(page, d, best)
    end = page.locator("[data-kb-dialogue-end]")
    assert end.get_attribute("data-kb-dialogue-end") == "success"
    assert page.locator("[data-kb-dialogue-score]").get_attribute("data-kb-dialogue-score") == "100"
    assert page.locator("[data-kb-dialogue-verdict]").get_attribute("data-kb-dialogue-verdict") == "passed"
    # в «Зачёте» пояснения — только в конце, в разборе: по шагу на каждый ответ
    assert page.locator("[data-kb-dialogue-review] li").count() >= 5
    assert page.locator(".kb-dlg__review-best").count() == 0  # все ответы лучшие
    rec = result(page)
    assert rec["version"] == d["version"] and rec["best"]["percent"] == 100 and rec["best"]["passed"] is True
    assert page.evaluate("document.activeElement.hasAttribute('data-kb-dialogue-end')")
    assert "100%" in page.locator("[data-kb-dialogue-best]").inner_text()


def test_worst_path_fails_and_review_shows_the_best_reply(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    d = data(page)
    start(page, "exam")
    play(page, d, worst)
    assert page.locator("[data-kb-dialogue-end]").get_attribute("data-kb-dialogue-end") == "failure"
    assert page.locator("[data-kb-dialogue-verdict]").get_attribute("data-kb-dialogue-verdict") == "failed"
    assert page.locator(".kb-dlg__review-best").count() >= 1
    assert result(page)["best"]["passed"] is False


def test_recovery_path_gives_partial(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    d = data(page)
    path = path_to(d, "partial")
    assert path, "в диалоге нет пути к частичному успеху"
    start(page, "exam")
    for rid in path:
        page.locator(f'[data-kb-reply="{rid}"]').click()
    assert page.locator("[data-kb-dialogue-end]").get_attribute("data-kb-dialogue-end") == "partial"
    score = int(page.locator("[data-kb-dialogue-score]").get_attribute("data-kb-dialogue-score"))
    assert 0 < score < 100


def test_training_feedback_each_step_and_one_step_back(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    d = data(page)
    start(page, "training")
    first = d["nodes"][d["start"]]
    weak = worst(first)
    page.locator(f'[data-kb-reply="{weak}"]').click()
    fb = page.locator("[data-kb-dialogue-feedback]")
    assert fb.count() == 1 and "Не лучший ответ" in fb.inner_text()
    assert next(r["feedback"] for r in first["replies"] if r["id"] == weak) in fb.inner_text()
    page.locator("[data-kb-dialogue-back]").click()
    assert page.locator("[data-kb-dialogue-feedback]").count() == 0
    assert page.locator("[data-kb-dialogue-back]").count() == 0  # назад — только на один шаг
    page.locator(f'[data-kb-reply="{best(first)}"]').click()
    assert "Лучший ответ" in page.locator("[data-kb-dialogue-feedback]").inner_text()
    play(page, d, best)
    assert page.locator("[data-kb-dialogue-verdict]").get_attribute("data-kb-dialogue-verdict") == "training"
    assert result(page) is None  # тренировка не записывается


def test_keyboard_only_and_live_region_speaks_new_lines(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    d = data(page)
    page.locator("#kb-dlg-mode-exam").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-kb-dialogue-start')")
    page.keyboard.press("Enter")
    live = page.locator("[data-kb-dialogue-live]")
    assert live.get_attribute("aria-live") == "polite"
    for _ in range(40):
        if page.locator("[data-kb-dialogue-end]").count():
            break
        node = d["nodes"][current_node(page, d)]
        target = best(node)
        # фокус — на подписи шага; до лучшего ответа — клавишей Tab
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('data-kb-reply')") == target:
                break
        assert page.evaluate("document.activeElement.getAttribute('data-kb-reply')") == target
        # видимый фокус: у кнопки ответа есть рамка
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        page.keyboard.press("Enter")
        nxt = d["nodes"][next(r["next"] for r in node["replies"] if r["id"] == target)]
        said = [l["text"] for l in nxt.get("lines", []) if l["who"] == "client"]
        if said:
            page.wait_for_function("(t) => document.querySelector('[data-kb-dialogue-live]').textContent.includes(t)", arg=said[-1][:40])
    assert page.locator("[data-kb-dialogue-end]").get_attribute("data-kb-dialogue-end") == "success"


def test_reload_in_the_middle_resumes_at_the_same_step(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    d = data(page)
    start(page, "exam")
    first = d["nodes"][d["start"]]
    page.locator(f'[data-kb-reply="{best(first)}"]').click()
    node = current_node(page, d)
    order = page.locator("[data-kb-reply]").evaluate_all("bs => bs.map(b => b.dataset.kbReply)")
    page.reload()
    page.wait_for_selector("[data-kb-dialogue-resumed]")
    assert current_node(page, d) == node
    assert page.locator("[data-kb-reply]").evaluate_all("bs => bs.map(b => b.dataset.kbReply)") == order
    assert page.locator(".kb-dlg__line--me").count() == 1
    assert page.locator("[data-kb-dialogue-mode]").get_attribute("data-kb-dialogue-mode") == "exam"
    play(page, d, best)
    assert result(page)["best"]["percent"] == 100


def test_changed_dialogue_asks_to_go_again(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    page.evaluate("localStorage.setItem('kb:v1:dialogue:kritika', JSON.stringify({version: 'old', best: {percent: 100, passed: true}}))")
    page.reload()
    assert "изменился" in page.locator("[data-kb-dialogue-best]").inner_text()
    page.goto(site_server.url + "progress/")
    cell = page.locator('[data-kb-dialogue-result="kritika"]')
    assert "пройди заново" in cell.inner_text()


def test_two_tabs_keep_the_better_result(site_server, browser):
    context = browser.new_context(locale="ru-RU")
    try:
        a, b = context.new_page(), context.new_page()
        open_fresh(a, site_server.url + PAGE)
        b.goto(site_server.url + PAGE)
        d = data(a)
        a.bring_to_front()  # в фоновой вкладке Chromium притормаживает отрисовку: действия Playwright — по секунде
        start(a, "exam")
        play(a, d, best)
        b.bring_to_front()
        start(b, "exam")  # вкладка B не знает о результате A и проходит хуже
        play(b, d, worst)
        rec = result(b)
        assert rec["best"]["percent"] == 100 and rec["last"]["percent"] < 100
        a.wait_for_function("document.querySelector('[data-kb-dialogue-best]').textContent.includes('100%')")
    finally:
        context.close()


def test_passed_dialogue_completes_thesis_everywhere_and_travels_in_file(site_server, page, browser, tmp_path):
    first = "podgotovka"  # первый тезис: на него указывает «Продолжи» на главной
    open_fresh(page, site_server.url + T + first + "/trenazher/")
    page.goto(site_server.url + T + first + "/")
    answer_all_correct(page)
    # тест сдан, тренажёр — нет: тезис не пройден, итог теста ведёт к тренажёру
    box = page.locator("[data-kb-quiz-result]")
    box.wait_for()
    assert "осталось сдать тренажёр" in box.inner_text()
    assert box.locator(f'a[href$="{first}/trenazher/"]').count() == 1
    page.goto(site_server.url)
    assert "тренажёр" in page.locator("[data-kb-continue]").inner_text()
    page.goto(site_server.url + T + first + "/trenazher/")
    d = data(page, first)
    start(page, "exam")
    play(page, d, best)
    page.goto(site_server.url + "progress/")
    assert "сдан, 100%" in page.locator('[data-kb-dialogue-result="podgotovka"]').inner_text()
    assert "сдано 1 из 6" in page.locator("[data-kb-summary]").inner_text()
    page.goto(site_server.url + T + first + "/")
    page.wait_for_selector("nav .kb-nav-passed")
    assert page.locator("nav .kb-nav-passed").count() == 1
    page.goto(site_server.url + "progress/")
    # выгрузка → загрузка в чистом браузере
    page.fill("#kb-learner-name", "Анна Петрова")
    with page.expect_download() as info:
        page.get_by_role("button", name="Выгрузить прогресс в файл").click()
    assert info.value.suggested_filename.startswith("progress-anna-petrova-")
    path = tmp_path / "p.json"
    info.value.save_as(path)
    assert json.loads(path.read_text(encoding="utf-8"))["learner"] == "Анна Петрова"
    other = browser.new_context(locale="ru-RU")
    try:
        p2 = other.new_page()
        p2.goto(site_server.url + "progress/")
        p2.once("dialog", lambda dlg: dlg.accept())
        p2.set_input_files("#kb-import", str(path))
        p2.wait_for_function("document.querySelector('[data-kb-status]').textContent.includes('загружен')")
        assert "тренажёров" in p2.locator("[data-kb-status]").inner_text()
        assert "сдан, 100%" in p2.locator('[data-kb-dialogue-result="podgotovka"]').inner_text()
        assert p2.input_value("#kb-learner-name") == "Анна Петрова"
    finally:
        other.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_dialogue_accessible_at_start_middle_and_end(site_server, page, scheme):
    open_fresh(page, site_server.url + PAGE, scheme)
    d = data(page)

    def serious():
        page.mouse.move(0, 0)  # указатель после щелчка остался над новой кнопкой: не меряем её :hover на полпути
        page.wait_for_timeout(400)  # у Material плавная смена цветов
        found = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]

    assert serious() == []
    start(page, "training")
    page.locator(f'[data-kb-reply="{worst(d["nodes"][d["start"]])}"]').click()
    assert serious() == []
    play(page, d, best)
    assert serious() == []


def test_phone_width_no_sideways_scroll(site_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ru-RU")
    try:
        page = context.new_page()
        open_fresh(page, site_server.url + PAGE)
        start(page, "training")
        d = data(page)
        page.locator(f'[data-kb-reply="{best(d["nodes"][d["start"]])}"]').click()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_review_prints_without_the_chat(site_server, page):
    open_fresh(page, site_server.url + PAGE)
    d = data(page)
    start(page, "exam")
    play(page, d, worst)
    page.emulate_media(media="print")
    assert page.locator("[data-kb-dialogue-review]").is_visible()
    assert not page.locator(".kb-dlg__log").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator("[data-kb-dialogue-again]").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
