"""«Повторение»: колода вопросов тестов тезисов в браузере, с часами под контролем теста (page.clock).

Неверный ответ — на повторение назавтра и не раньше; верное повторение отодвигает вопрос, неверное
возвращает; загрузка файла сливает колоды; изменённый вопрос уходит из колоды с пояснением; сессия —
не больше 10 вопросов; две вкладки не затирают друг друга; телефон, клавиатура, подпапка, file://.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from test_scorm import lms  # noqa: F401  (фикстура: пакет SCORM рядом с тестовой LMS)

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
THESIS = T + "podgotovka/"
DECK = "kb:v1:deck"


def at(day, hour=12, minute=0):
    """Время по часам ученика (пояс браузера тот же, что у машины теста)."""
    return datetime(2026, 12, day, hour, minute)


def on_day(due, hour=10):
    """Время в день «ГГГГ-ММ-ДД» (день повторения карточки)."""
    y, m, d = map(int, due.split("-"))
    return datetime(y, m, d, hour)


def go(page, url, when):
    page.clock.set_fixed_time(when)
    page.goto(url)


def deck(page):
    raw = page.evaluate(f"localStorage.getItem({json.dumps(DECK)})")
    return json.loads(raw) if raw else {}


def answer_wrong(page, index=0):
    quiz = page.locator("div.quiz").nth(index)
    wrong = quiz.locator('input[name="answer"]:not([data-correct])').first
    page.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
    submit = quiz.locator('button[type="submit"]')
    if submit.is_visible():
        submit.click()
    return quiz.get_attribute("id")


def current_question(page):
    """Вопрос на экране «Повторения» и id его верных ответов (из данных курса на странице)."""
    qid = page.locator("[data-kb-review-step]").get_attribute("data-kb-review-step")
    correct = page.evaluate("""(id) => Object.values(KB_DATA.review).flatMap(t => Object.values(t).flat())
        .find(q => q.id === id).answers.filter(a => a.correct).map(a => a.id)""", qid)
    return qid, correct


def review_answer(page, right):
    qid, correct = current_question(page)
    inputs = page.locator('[data-kb-review-step] input[name="kb-review-answer"]')
    for i in range(inputs.count()):
        box = inputs.nth(i)
        if (box.get_attribute("value") in correct) == right:
            page.locator(f'label[for="{box.get_attribute("id")}"]').click()
            if not right:
                break
    page.locator("[data-kb-review-submit]").click()
    page.wait_for_selector("[data-kb-review-feedback]")
    return qid


def real_questions(page, n):
    """n настоящих id вопросов тестов тезисов: [(id вопроса, id тезиса, адрес тезиса)]."""
    return page.evaluate("""(n) => KB.loadedTopics().flatMap(t => t.theses)
        .flatMap(t => t.quiz.map(q => [q, t.id, t.url])).slice(0, n)""", n)


def card(thesis, url, due, last, ivl=1, reps=0, entered="wrong"):
    return {"thesis": thesis, "url": url, "added": "2026-12-01T09:00:00.000Z", "last": last, "entered": entered,
            "due": due, "ivl": ivl, "reps": reps, "lapses": 0, "fsrs": None}


def seed(page, value):
    page.evaluate("(v) => { localStorage.clear(); localStorage.setItem('kb:v1:deck', JSON.stringify(v)); }", value)


def test_wrong_answer_is_due_next_day_and_not_before_then_review_moves_it(site_server, page):
    go(page, site_server.url + THESIS, at(5, 23, 50))
    page.evaluate("localStorage.clear()")
    page.reload()
    qid = answer_wrong(page)
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('{DECK}') || '{{}}'))['{qid}']")
    c = deck(page)[qid]
    assert (c["due"], c["entered"], c["thesis"], c["url"]) == ("2026-12-06", "wrong", "podgotovka", THESIS)
    page.reload()  # ответ, который уже в колоде, второй раз не входит и её не меняет
    assert deck(page)[qid] == c

    # в тот же день — не на повторение: главная называет «завтра», страница — что повторять нечего
    go(page, site_server.url, at(5, 23, 59))
    line = page.locator("[data-kb-review-due]")
    assert "следующее — завтра" in line.inner_text() and "На повторение" not in line.inner_text()
    go(page, site_server.url + "povtorenie/", at(5, 23, 59))
    assert "Следующее повторение — завтра" in page.locator("[data-kb-review-idle]").inner_text()

    # с полуночи — на повторение
    go(page, site_server.url, at(6, 0, 1))
    assert page.locator("[data-kb-review-due] a").inner_text() == "На повторение: 1"
    page.locator("[data-kb-review-due] a").click()
    page.wait_for_selector("[data-kb-review-step]")
    assert page.locator("[data-kb-review-count]").inner_text() == "Вопрос 1 из 1"

    # верное повторение отодвигает дальше завтра
    assert review_answer(page, right=True) == qid
    assert page.locator(".kb-qfb__verdict").inner_text() == "Верно."
    first = deck(page)[qid]
    assert first["reps"] == 1 and first["ivl"] > 1 and first["due"] > "2026-12-07"
    assert "Вопрос вернётся через" in page.locator("[data-kb-review-when]").inner_text()
    assert page.locator("[data-kb-review-say]").inner_text().startswith("Верно. Вопрос вернётся")
    page.locator("[data-kb-review-next]").click()
    assert page.locator("[data-kb-review-result]").inner_text().startswith(f"Повторено 1, следующее — через {first['ivl']} ")

    # в день повторения — снова верно: интервал растёт; «Было трудно» — ближе, чем «хорошо»
    go(page, site_server.url + "povtorenie/", on_day(first["due"]))
    review_answer(page, right=True)
    second = deck(page)[qid]
    assert second["ivl"] > first["ivl"]
    page.locator("[data-kb-review-hard]").click()
    assert page.locator("[data-kb-review-hard]").get_attribute("aria-pressed") == "true"
    hard = deck(page)[qid]
    assert first["ivl"] <= hard["ivl"] < second["ivl"] and hard["reps"] == 2  # «трудно» не дальше «хорошо»
    assert "было трудно" in page.locator("[data-kb-review-say]").inner_text()

    # неверное повторение возвращает назавтра
    go(page, site_server.url + "povtorenie/", on_day(hard["due"]))
    review_answer(page, right=False)
    assert page.locator(".kb-qfb__verdict").inner_text() == "Неверно."
    back = deck(page)[qid]
    assert back["ivl"] == 1 and back["lapses"] == 1 and back["reps"] == 3
    assert "Вопрос вернётся завтра" in page.locator("[data-kb-review-when]").inner_text()
    assert page.locator(".kb-srs__thesis a").get_attribute("href").endswith(THESIS)


def test_right_first_time_enters_with_long_interval(site_server, page):
    go(page, site_server.url + THESIS, at(5))
    page.evaluate("localStorage.clear()")
    page.reload()
    quiz = page.locator("div.quiz").first
    for box in quiz.locator('input[data-correct="true"]').all():
        page.locator(f'label[for="{box.get_attribute("id")}"]').click()
    if quiz.locator('button[type="submit"]').is_visible():
        quiz.locator('button[type="submit"]').click()
    qid = quiz.get_attribute("id")
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('{DECK}') || '{{}}'))['{qid}']")
    c = deck(page)[qid]
    assert (c["entered"], c["due"], c["ivl"]) == ("right", "2026-12-19", 14)


def test_import_merges_two_decks(site_server, page, tmp_path):
    go(page, site_server.url + "progress/", at(10))
    (q1, th1, u1), (q2, th2, u2), (q3, th3, u3) = real_questions(page, 3)
    mine_q1 = card(th1, u1, "2026-12-11", "2026-12-09T10:00:00.000Z", ivl=3, reps=1)
    seed(page, {q1: mine_q1, q2: card(th2, u2, "2026-12-11", "2026-12-08T10:00:00.000Z")})
    later_q1 = card(th1, u1, "2026-12-20", "2026-12-09T18:00:00.000Z", ivl=10, reps=2)
    older_q2 = card(th2, u2, "2026-12-09", "2026-12-02T10:00:00.000Z")
    file = tmp_path / "deck.json"
    file.write_text(json.dumps({"format": "kb-progress", "version": 1, "entries": {DECK: {
        q1: later_q1, q2: older_q2, q3: card(th3, u3, "2026-12-12", "2026-12-09T10:00:00.000Z"),
        "quiz-nettakogo0": card(th3, u3, "2026-12-12", "2026-12-09T10:00:00.000Z")}}}), encoding="utf-8")
    page.reload()
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    page.set_input_files("#kb-import", str(file))
    page.wait_for_function("document.querySelector('[data-kb-status]').textContent.startsWith('Прогресс загружен')")
    assert "вопросов повторения — 2" in messages[0]
    assert "Записей, которых нет в этом курсе (не загрузятся): 1" in messages[0]
    merged = deck(page)
    assert set(merged) == {q1, q2, q3}
    assert merged[q1] == later_q1, "более позднее повторение из файла победило"
    assert merged[q2]["last"] == "2026-12-08T10:00:00.000Z", "здешнее более позднее осталось"
    assert page.locator("[data-kb-deck-summary]").inner_text() == "Повторение: в повторении: 3, выучено: 0."

    # колода выгружается в файл прогресса
    page.fill("#kb-learner-name", "Анна Петрова")
    with page.expect_download() as info:
        page.get_by_role("button", name="Выгрузить прогресс в файл").click()
    out = tmp_path / "out.json"
    info.value.save_as(out)
    assert set(json.loads(out.read_text(encoding="utf-8"))["entries"][DECK]) == {q1, q2, q3}


def test_removed_question_leaves_the_deck_with_a_note(site_server, page):
    go(page, site_server.url + "povtorenie/", at(10))
    (q1, th1, u1), = real_questions(page, 1)
    seed(page, {q1: card(th1, u1, "2026-12-20", "2026-12-09T10:00:00.000Z"),
                "quiz-ubrannyi01": card(th1, u1, "2026-12-09", "2026-12-08T10:00:00.000Z")})
    go(page, site_server.url, at(10))
    assert "На повторение" not in page.locator("[data-kb-review-due]").inner_text(), "убранный вопрос не считается"
    go(page, site_server.url + "povtorenie/", at(10))
    note = page.locator("[data-kb-review-removed]")
    assert note.get_attribute("data-kb-review-removed") == "1"
    assert "автор изменил или убрал вопросы (1)" in note.inner_text()
    assert note.locator("a").get_attribute("href").endswith(u1 + "#" + "%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D1%8C-%D1%81%D0%B5%D0%B1%D1%8F")
    assert set(deck(page)) == {q1}
    page.reload()
    assert page.locator("[data-kb-review-removed]").count() == 0, "пояснение — один раз, когда вопрос ушёл"


def test_session_stops_at_ten(site_server, page):
    go(page, site_server.url + "povtorenie/", at(10))
    qs = real_questions(page, 12)
    assert len(qs) == 12
    seed(page, {q: card(th, u, f"2026-12-0{1 + i % 3}", "2026-12-01T10:00:00.000Z") for i, (q, th, u) in enumerate(qs)})
    page.reload()
    assert page.locator("[data-kb-review-due]").inner_text() == "На повторение сегодня: 12, в этот раз — 10."
    seen = []
    for i in range(10):
        assert page.locator("[data-kb-review-count]").inner_text() == f"Вопрос {i + 1} из 10"
        seen.append(review_answer(page, right=i % 2 == 0))
        assert page.locator("[data-kb-review-next]").inner_text() == ("Закончить" if i == 9 else "Следующий вопрос")
        page.locator("[data-kb-review-next]").click()
    assert len(set(seen)) == 10
    assert page.locator("[data-kb-review-result]").inner_text() == "Повторено 10, на сегодня ещё 2."
    assert sum(1 for c in deck(page).values() if c["reps"]) == 10
    page.locator("[data-kb-review-more]").click()
    assert page.locator("[data-kb-review-count]").inner_text() == "Вопрос 1 из 2"


def test_two_tabs_keep_both_reviews(site_server, browser):
    """Вкладка «Повторения» открыта раньше, чем в другой вкладке вопрос вошёл в колоду: её запись
    повторения не стирает новую карточку (каждая запись — одна карточка поверх свежей колоды)."""
    context = browser.new_context(locale="ru-RU")
    try:
        a, b = context.new_page(), context.new_page()
        for p in (a, b):
            p.clock.set_fixed_time(at(10))
        a.goto(site_server.url + "povtorenie/")
        other = [q for q in real_questions(a, 100) if q[1] != "podgotovka"][0]
        seed(a, {other[0]: card(other[1], other[2], "2026-12-09", "2026-12-01T10:00:00.000Z")})
        a.reload()
        a.wait_for_selector("[data-kb-review-step]")
        b.goto(site_server.url + THESIS)
        entered = answer_wrong(b)
        b.wait_for_function(f"(JSON.parse(localStorage.getItem('{DECK}') || '{{}}'))['{entered}']")
        assert review_answer(a, right=True) == other[0]
        final = deck(a)
        assert set(final) == {other[0], entered}
        assert final[other[0]]["reps"] == 1 and final[entered]["entered"] == "wrong"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_phone_keyboard_screen_reader_and_theme(site_server, page, scheme):
    """375 px, только клавиатура, фокус и живая область для вердикта; светлая и тёмная тема без нарушений axe."""
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": 375, "height": 740})
    go(page, site_server.url + "povtorenie/", at(10))
    (q1, th1, u1), = real_questions(page, 1)
    seed(page, {q1: card(th1, u1, "2026-12-09", "2026-12-01T10:00:00.000Z")})
    page.reload()
    page.wait_for_selector("[data-kb-review-step]")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    assert page.evaluate("document.activeElement.hasAttribute('data-kb-review-count')"), "фокус — на номере вопроса"
    page.locator("[data-kb-review-submit]").focus()
    page.keyboard.press("Enter")  # пустой ответ не уходит: подсказка
    assert page.locator("[data-kb-review-hint]").inner_text() == "Сначала выбери ответ."
    assert deck(page)[q1]["reps"] == 0
    _, correct = current_question(page)
    page.locator(f'input[value="{correct[0]}"]').focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    while not page.evaluate("document.activeElement.hasAttribute('data-kb-review-submit')"):
        page.keyboard.press("Tab")  # другие варианты того же вопроса (флажки) — по Tab
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-kb-review-feedback]")
    assert page.evaluate("document.activeElement.hasAttribute('data-kb-review-feedback')"), "фокус — на разборе"
    assert page.locator("[data-kb-review-say]").get_attribute("aria-live") == "polite"
    assert page.locator("[data-kb-review-say]").inner_text().startswith("Верно.")
    page.keyboard.press("Tab")  # ссылка на тезис в разборе или «Было трудно»
    while not page.evaluate("document.activeElement.hasAttribute('data-kb-review-hard')"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.locator("[data-kb-review-hard]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "нет прокрутки вбок на 375 px"
    page.wait_for_timeout(400)  # у Material плавная смена цветов
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(
        [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in serious], ensure_ascii=False)


def test_sub_path(sub_path_server, page):
    server = sub_path_server
    go(page, server.url + "kurs/povtorenie/", at(10))
    (q1, th1, u1), = real_questions(page, 1)
    seed(page, {q1: card(th1, u1, "2026-12-09", "2026-12-01T10:00:00.000Z")})
    page.reload()
    review_answer(page, right=True)
    assert page.locator(".kb-srs__thesis a").get_attribute("href") == server.url + "kurs/" + u1


def test_offline_copy(offline_site, page):
    """Копия с диска (file://): вопросы и планировщик грузятся скриптами, без сервера."""
    go(page, (offline_site / "povtorenie.html").as_uri(), at(10))
    (q1, th1, u1), = real_questions(page, 1)
    seed(page, {q1: card(th1, u1, "2026-12-09", "2026-12-01T10:00:00.000Z")})
    page.reload()
    review_answer(page, right=False)
    assert deck(page)[q1]["due"] == "2026-12-11"


def test_inside_scorm_launch_page_and_not_sent_to_lms(lms, page):
    """В пакете SCORM (сайт внутри страницы запуска, ссылки на файлы): вопрос входит в колоду и
    повторяется на следующий день; в LMS колода не уходит (suspend_data и вызовы LMSSetValue без неё)."""
    from test_scorm import THESIS as SCORM_THESIS
    from test_scorm import launch, open_page

    page.clock.set_fixed_time(at(10))
    _, site = launch(page, lms)
    open_page(site, lms, SCORM_THESIS)
    qid = answer_wrong(site)
    site.wait_for_function(f"(JSON.parse(localStorage.getItem('{DECK}') || '{{}}'))['{qid}']")
    open_page(site, lms, "povtorenie.html")
    assert "Следующее повторение — завтра" in site.locator("[data-kb-review-idle]").inner_text()
    page.clock.set_fixed_time(at(11, 9))
    open_page(site, lms, "povtorenie.html")
    assert review_answer(site, right=True) == qid
    assert site.locator(".kb-srs__thesis a").get_attribute("href").endswith("podgotovka/index.html")
    assert deck(site)[qid]["reps"] == 1
    page.evaluate("API.LMSCommit('')")
    sent = json.dumps(page.evaluate("calls"), ensure_ascii=False)
    assert "deck" not in sent and qid not in sent
