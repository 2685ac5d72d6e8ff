"""Ничего, что ученик сохранил, не теряется: две вкладки, полное хранилище, слияние при загрузке,
перенос между сайтом, копией с диска и сайтом по другому адресу, изменённые вопросы и пункты."""

from __future__ import annotations

import json

from conftest import answer_all_correct, answer_first_correct, export_progress, play_best_exam
from test_validator import DIR, QUIZ, edit

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
CHECKLIST = T + "podgotovka/chek-list-podgotovki/"
THESIS = T + "podgotovka/"
TOPIC = "kommunikatsiya-i-pr/klienty-i-partnery"


def fresh(page, url):
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()


def load_file(page, path, answer=True):
    """Загрузить файл прогресса на «Моём прогрессе»: согласиться (или нет) и дождаться ответа страницы."""
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.accept() if answer else d.dismiss()))
    page.evaluate("document.querySelector('[data-kb-status]').textContent = ''")
    page.set_input_files("#kb-import", str(path))
    page.wait_for_function("document.querySelector('[data-kb-status]').textContent.length > 0")
    return page.locator("[data-kb-status]").inner_text(), questions


def saved(page, key):
    raw = page.evaluate(f"localStorage.getItem({json.dumps(key)})")
    return json.loads(raw) if raw else None


def export(page, tmp_path, name="progress.json"):
    return export_progress(page, tmp_path / name)


def test_two_tabs_do_not_overwrite_each_other(site_server, browser):
    context = browser.new_context()
    try:
        a, b, progress = context.new_page(), context.new_page(), context.new_page()
        a.goto(site_server.url + CHECKLIST)
        a.evaluate("localStorage.clear()")
        a.reload()
        b.goto(site_server.url + CHECKLIST)
        progress.goto(site_server.url + "progress/")
        a.bring_to_front()  # в фоновой вкладке Chromium притормаживает отрисовку: действия Playwright — по секунде
        a.locator("[data-kb-item]").nth(0).click()  # вкладка A отмечает первый пункт
        b.bring_to_front()
        b.locator("[data-kb-item]").nth(1).click()  # вкладка B — второй, не зная о первом
        key = "kb:v1:checklist:" + CHECKLIST
        state = saved(a, key)
        assert len(state) == 2, "отметка одной вкладки стёрла отметку другой"
        # обе вкладки показывают обе отметки (событие storage), открытый «Мой прогресс» — тоже
        a.wait_for_function("document.querySelector('.kb-checklist-bar__count').textContent.startsWith('Отмечено 2')")
        progress.wait_for_function(
            "document.querySelector('[data-kb-row=\"podgotovka\"]').textContent.includes(': 2 из')")
    finally:
        context.close()


def test_two_tabs_keep_each_others_quiz_answers(site_server, browser):
    """mkdocs-quiz пишет все ответы страницы разом: вкладка, открытая раньше, не стирает ответы другой."""
    context = browser.new_context()
    try:
        a, b = context.new_page(), context.new_page()
        a.goto(site_server.url + THESIS)
        a.evaluate("localStorage.clear()")
        a.reload()
        b.goto(site_server.url + THESIS)
        a.bring_to_front()
        answer_first_correct(a, 0)
        b.bring_to_front()
        answer_first_correct(b, 1)
        ids = [a.locator("div.quiz").nth(i).get_attribute("id") for i in (0, 1)]
        state = saved(a, "quiz_progress_/" + THESIS)
        assert all(state.get(i, {}).get("answered") for i in ids), "ответ одной вкладки стёр ответ другой"
        a.wait_for_selector("[data-kb-quiz-elsewhere]")  # вкладка A узнала, что ответы изменились
        b.reload()
        assert b.locator(f"#{ids[0]} input:checked").count() == 1, "после обновления видны ответы обеих вкладок"
        assert b.locator(f"#{ids[1]} input:checked").count() == 1
    finally:
        context.close()


def test_full_storage_says_what_was_not_saved(site_server, page):
    fresh(page, site_server.url + CHECKLIST)
    page.evaluate("""() => {  // забиваем хранилище до отказа
        let chunk = 'x'.repeat(1 << 20), i = 0;
        while (chunk.length > 16) {
            try { localStorage.setItem('filler-' + i++, chunk); } catch (e) { chunk = chunk.slice(chunk.length / 2); }
        }
    }""")
    page.locator("[data-kb-item]").nth(0).click()
    warning = page.locator("[data-kb-save-failed]")
    assert warning.is_visible()
    assert "Не сохранено: отметка в чек-листе" in warning.inner_text()
    assert "переполнено" in warning.inner_text()
    # счётчик показывает то, что сохранено, а не то, что не удалось сохранить
    assert page.locator(".kb-checklist-bar__count").inner_text().startswith("Отмечено 0 из")
    page.wait_for_timeout(600)
    assert warning.is_visible(), "предупреждение не исчезает само"
    page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('filler-')).forEach(k => localStorage.removeItem(k))")


def test_import_merges_by_recency_asks_first_and_never_deletes(site_server, page, tmp_path):
    fresh(page, site_server.url + THESIS)
    answer_all_correct(page)
    page.goto(site_server.url + "progress/")
    quiz_key = "quiz_progress_/" + THESIS
    answers = saved(page, quiz_key)
    newer = {"topic": TOPIC, "date": "2026-11-20T10:00:00.000Z", "name": "А", "percent": 90, "passed": True,
             "right": 18, "total": 20, "questions": [], "theses": []}
    page.evaluate(f"localStorage.setItem('kb:v1:final:{TOPIC}', {json.dumps(json.dumps(newer))})")
    older = dict(newer, date="2026-10-01T10:00:00.000Z", percent=40, passed=False)
    # ответы файла на те же вопросы — неверные: здешние ответы не заменяются
    theirs = {q: {"answered": True, "correct": False} for q in answers}
    theirs["quiz-qudalennyi0"] = {"answered": True, "correct": False}  # вопроса нет в курсе
    item = page.evaluate("KB.loadedTopics()[0].theses.find(t => t.id === 'podgotovka').checklists[0].items[2]")
    file = tmp_path / "old.json"
    file.write_text(json.dumps({"format": "kb-progress", "version": 1, "entries": {
        f"kb:v1:final:{TOPIC}": older,
        "quiz:" + THESIS: theirs,
        "kb:v1:checklist:" + CHECKLIST: {item: True, "cdeadbeef00": True},
    }}, ensure_ascii=False), encoding="utf-8")

    status, questions = load_file(page, file, answer=False)
    assert status == "Загрузка отменена. Прогресс не изменён."
    assert "отметок в чек-листах — 1" in questions[0] and "ответов в тестах" not in questions[0]
    assert "которых нет в этом курсе (не загрузятся): 2" in questions[0]
    assert "результатов итогового теста" not in questions[0]  # в файле итог старее здешнего

    assert load_file(page, file)[0].startswith("Прогресс загружен")
    merged = saved(page, quiz_key)
    assert merged == answers, "здешние ответы на месте, вопрос не из курса не записан"
    assert saved(page, "kb:v1:checklist:" + CHECKLIST) == {item: True}
    assert saved(page, f"kb:v1:final:{TOPIC}")["percent"] == 90, "более новый результат победил"
    assert page.locator(f'[data-kb-final-result="{TOPIC}"]').inner_text().startswith("Итоговый тест по теме: 90%")

    # файл новее — его итоговый тест заменяет здешний
    file.write_text(json.dumps({"format": "kb-progress", "version": 1, "entries": {
        f"kb:v1:final:{TOPIC}": dict(newer, date="2026-11-22T10:00:00.000Z", percent=95)}}), encoding="utf-8")
    assert "новее здешних — 1" in load_file(page, file)[0]
    assert saved(page, f"kb:v1:final:{TOPIC}")["percent"] == 95


def test_progress_moves_between_site_and_offline_copy(site_server, page, offline_site, tmp_path):
    """Выгрузка с сайта → загрузка в копию с диска (file://) и обратно: ответы и галочки видны."""
    fresh(page, site_server.url + THESIS)
    answer_first_correct(page, 0)
    page.goto(site_server.url + "progress/")
    file = export(page, tmp_path)

    page.goto((offline_site / "progress.html").as_uri())
    page.evaluate("localStorage.clear()")
    page.reload()
    assert load_file(page, file)[0].startswith("Прогресс загружен")
    assert page.locator('[data-kb-quiz="podgotovka"]').inner_text().startswith("1 из ")
    page.goto((offline_site / THESIS / "index.html").as_uri())
    assert page.locator("div.quiz input:checked").count() == 1, "ответ виден в самом тесте"

    back = export_from(page, offline_site, tmp_path)
    data = json.loads(back.read_text(encoding="utf-8"))
    assert "quiz:" + THESIS in data["entries"], "в файле адрес без index.html и без пути к папке"
    page.goto(site_server.url + "progress/")
    page.evaluate("localStorage.clear()")
    page.reload()
    assert load_file(page, back)[0].startswith("Прогресс загружен")
    assert page.locator('[data-kb-quiz="podgotovka"]').inner_text().startswith("1 из ")


def export_from(page, site, tmp_path):
    page.goto((site / "progress.html").as_uri())
    return export(page, tmp_path, "back.json")


def test_site_under_sub_path(sub_path_server, page, tmp_path):
    """Сайт в подпапке (https://intranet/kurs/): ответы считаются, файл прогресса — с адресами от корня курса."""
    server = sub_path_server
    fresh(page, server.url + "kurs/" + THESIS)
    answer_all_correct(page)
    page.goto(server.url + "kurs/progress/")
    assert page.locator('[data-kb-quiz="podgotovka"]').inner_text().endswith("— сдан")
    data = json.loads(export(page, tmp_path).read_text(encoding="utf-8"))
    assert "quiz:" + THESIS in data["entries"]


def test_changed_question_and_item_are_announced(fixture_site, page):
    """Автор изменил вопрос и пункт чек-листа — страница говорит об этом, а не роняет ответ молча."""
    fresh(page, fixture_site.url + "razdel/tema/tezis/")
    answer_first_correct(page, 1)
    page.goto(fixture_site.url + "razdel/tema/tezis/chek-list/")
    page.locator("[data-kb-item]", has_text="Поставь цель").click()
    edit(fixture_site.tree, QUIZ, "Вопрос номер 2?", "Вопрос номер 2, иначе?")
    edit(fixture_site.tree, f"{DIR}/chek-list.md", "Поставь цель", "Поставь цель разговора")
    fixture_site.rebuild()
    page.goto(fixture_site.url + "razdel/tema/tezis/")
    assert "ответь на них заново" in page.locator("[data-kb-quiz-changed]").inner_text()
    page.goto(fixture_site.url + "razdel/tema/tezis/chek-list/")
    assert "изменились (1)" in page.locator("[data-kb-checklist-changed]").inner_text()


def test_dialogue_plays_in_offline_copy_and_under_sub_path(sub_path_server, page, offline_site):
    """Тренажёр — с диска (file://) и с сайта в подпапке: данные грузятся, «Зачёт» записывается."""
    page.goto((offline_site / T / "kritika" / "trenazher.html").as_uri())
    page.evaluate("localStorage.clear()")
    page.reload()
    assert play_best_exam(page, "kritika") == "100"
    page.goto((offline_site / "progress.html").as_uri())
    assert "сдан, 100%" in page.locator('[data-kb-dialogue-result="kritika"]').inner_text()
    server = sub_path_server
    fresh(page, server.url + "kurs/" + T + "istoriya/trenazher/")
    assert play_best_exam(page, "istoriya") == "100"
    page.goto(server.url + "kurs/progress/")
    assert "сдан, 100%" in page.locator('[data-kb-dialogue-result="istoriya"]').inner_text()


def test_read_after_midnight_in_moscow_is_today(site_server, browser):
    """«Прочитан» в 00:30 по Москве — сегодняшним числом (по часам ученика), а не вчерашним по UTC."""
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow")
    try:
        page = context.new_page()
        page.clock.set_fixed_time("2026-12-04T21:30:00Z")  # 5 декабря, 00:30 по Москве
        page.goto(site_server.url + THESIS)
        page.evaluate("localStorage.clear()")
        page.reload()
        page.locator("#итог").scroll_into_view_if_needed()
        page.wait_for_function("localStorage.getItem('kb:v1:visited')")
        assert saved(page, "kb:v1:visited")["podgotovka"] == "2026-12-05"
        page.goto(site_server.url + "progress/")
        assert page.locator('[data-kb-row="podgotovka"] td').nth(0).inner_text() == "да, 05.12.2026"
    finally:
        context.close()
