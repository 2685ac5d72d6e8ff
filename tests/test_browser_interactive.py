"""Браузер: чек-листы, шаблоны, устойчивые ответы теста, «Мой прогресс», итоговый тест, доступность.

Каждый тест открывает собранный сайт на свободном порту в чистом контексте
(хранилище пустое, запросы к чужим хостам блокируются — см. conftest.page).
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import answer_all_correct, answer_first_correct, export_progress, pass_dialogue
from test_validator import DIR, QUIZ, edit

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
CHECKLIST = T + "podgotovka/chek-list-podgotovki/"
SCRIPT = T + "podgotovka/skript-pervogo-zvonka/"
THESIS_A = T + "podgotovka/"
THESIS_B = T + "kritika/"


def fresh(page, url):
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()


def storage(page) -> dict:
    """Записи курса в хранилище (ключ палитры Material и прочее чужое не в счёт)."""
    return page.evaluate("""Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('kb:v1:') || k.startsWith('quiz_progress_'))
        .map(k => [k, localStorage.getItem(k)]))""")


# ---------- чек-листы ----------

def test_checklist_ticks_survive_reload_and_reset(site_server, page):
    fresh(page, site_server.url + CHECKLIST)
    items = page.locator("[data-kb-item]")
    total = items.count()
    assert total >= 5
    bar = page.locator("[data-kb-checklist-bar]")
    assert bar.locator(".kb-checklist-bar__count").inner_text() == f"Отмечено 0 из {total}"
    items.nth(0).click()  # щелчок по тексту пункта
    items.nth(2).locator("input").focus()
    page.keyboard.press("Space")  # и с клавиатуры
    assert bar.locator(".kb-checklist-bar__count").inner_text() == f"Отмечено 2 из {total}"

    page.reload()
    boxes = page.locator("[data-kb-item] input")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    assert page.locator(".kb-checklist-bar__count").inner_text() == f"Отмечено 2 из {total}"
    # у каждого флажка есть подпись для скринридера — текст пункта
    assert boxes.nth(0).get_attribute("aria-label") == items.nth(0).inner_text().strip()

    page.get_by_role("button", name="Сбросить все отметки в чек-листе").click()
    assert page.locator(".kb-checklist-bar__count").inner_text() == f"Отмечено 0 из {total}"
    page.reload()
    assert not page.locator("[data-kb-item] input").nth(0).is_checked()




def test_checklist_ticks_follow_items_when_author_reorders(fixture_site, page):
    url = fixture_site.url + "razdel/tema/tezis/chek-list/"
    fresh(page, url)
    page.locator("[data-kb-item]", has_text="Прочитай историю").click()
    page.locator("[data-kb-item]", has_text="Проверь связь").click()

    # автор переставил пункты и вставил новый в начало
    edit(fixture_site.tree, f"{DIR}/chek-list.md",
         "- [ ] Открой карточку клиента\n- [ ] Прочитай историю\n- [ ] Поставь цель\n- [ ] Подготовь ответы\n- [ ] Проверь связь\n",
         "- [ ] Новый первый пункт\n- [ ] Проверь связь\n- [ ] Поставь цель\n- [ ] Открой карточку клиента\n"
         "- [ ] Подготовь ответы\n- [ ] Прочитай историю\n")
    fixture_site.rebuild()
    page.reload()
    ticked = [li.inner_text().strip() for li in page.locator("[data-kb-item]").all()
              if li.locator("input").is_checked()]
    assert ticked == ["Проверь связь", "Прочитай историю"]
    assert page.locator(".kb-checklist-bar__count").inner_text() == "Отмечено 2 из 6"


# ---------- шаблоны скриптов ----------

def test_script_template_fills_and_copies(site_server, page):
    fresh(page, site_server.url + SCRIPT)
    name = page.get_by_label("Имя клиента", exact=True)
    name.fill("Ирина Петровна")
    spans = page.locator('.kb-ph[data-ph="Имя клиента"]')
    assert spans.count() >= 3
    assert all(s.inner_text() == "Ирина Петровна" for s in spans.all())
    # незаполненное остаётся видно помеченным
    other = page.locator('.kb-ph[data-ph="Твоё имя"]').first
    assert other.inner_text() == "[Твоё имя]"
    assert "kb-ph--filled" not in (other.get_attribute("class") or "")

    block = page.locator("[data-kb-script]").first
    block.get_by_role("button", name=re.compile("Скопировать")).click()
    page.wait_for_function("document.querySelector('.kb-script__status').textContent === 'Скопировано'")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = block.locator(".kb-script__text").inner_text()
    assert copied.strip() == expected.strip()
    assert copied.startswith("Ассистент: Здравствуйте, Ирина Петровна! Меня зовут [Твоё имя]")
    assert "\n" in copied  # переносы строк сохранены, разметки нет
    assert "<" not in copied

    name.fill("")
    assert spans.first.inner_text() == "[Имя клиента]"


def test_script_input_is_always_text(site_server, page):
    fresh(page, site_server.url + SCRIPT)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    payload = "<img src=x onerror=alert(1)>"
    page.get_by_label("Имя клиента", exact=True).fill(payload)
    span = page.locator('.kb-ph[data-ph="Имя клиента"]').first
    assert span.inner_text() == payload
    assert page.locator("[data-kb-script] img").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []


def test_script_template_readable_without_javascript(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site_server.url + SCRIPT)
    text = pg.locator(".kb-script__text").first.inner_text()
    assert text.startswith("Ассистент: Здравствуйте, [Имя клиента]!")
    assert pg.locator("[data-kb-fill]").count() == 0
    context.close()


# ---------- устойчивые ответы теста ----------

def test_quiz_answer_stays_with_its_question_after_insert(fixture_site, page):
    url = fixture_site.url + "razdel/tema/tezis/"
    fresh(page, url)
    quiz = page.locator("div.quiz", has_text="Вопрос номер 2?")
    wrong = quiz.locator('input:not([data-correct="true"])').first
    chosen = page.locator(f'label[for="{wrong.get_attribute("id")}"]').inner_text()
    page.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
    quiz.get_by_role("button", name="Ответить").click()
    assert quiz.locator("input:checked").count() == 1

    # автор вставил новый вопрос перед отвеченным
    edit(fixture_site.tree, QUIZ, "<quiz>\nВопрос номер 2?",
         "<quiz>\nСовсем новый вопрос?\n- [x] Да\n> Потому что да.\n- [ ] Нет\n> Потому что нет.\n"
         "- [ ] Не знаю\n> Потому что не знаю.\n</quiz>\n\n<quiz>\nВопрос номер 2?")
    fixture_site.rebuild()
    page.reload()
    new_q = page.locator("div.quiz", has_text="Совсем новый вопрос?")
    old_q = page.locator("div.quiz", has_text="Вопрос номер 2?")
    assert new_q.locator("input:checked").count() == 0
    checked = old_q.locator("input:checked")
    assert checked.count() == 1
    assert page.locator(f'label[for="{checked.get_attribute("id")}"]').inner_text() == chosen
    assert page.locator("#quiz-progress-sidebar .quiz-progress-answered").inner_text() == "1"

    # автор переписал отвеченный вопрос: это новый вопрос, старый ответ не засчитывается
    edit(fixture_site.tree, QUIZ, "Вопрос номер 2?", "Вопрос номер 2, переписанный?")
    fixture_site.rebuild()
    page.reload()
    assert page.locator("div.quiz input:checked").count() == 0
    assert page.locator("#quiz-progress-sidebar .quiz-progress-answered").inner_text() == "0"
    saved = json.loads(page.evaluate("localStorage.getItem('quiz_progress_' + location.pathname)"))
    assert saved == {}


# ---------- «Мой прогресс» ----------

def test_progress_page_shows_two_theses_and_nav_mark(site_server, page):
    fresh(page, site_server.url + THESIS_A)
    answer_all_correct(page)
    pass_dialogue(page, "podgotovka")  # тезис с тренажёром сдан, когда сданы тест и «Зачёт»
    page.goto(site_server.url + THESIS_B)
    answer_first_correct(page, 0)
    page.goto(site_server.url + CHECKLIST)
    page.locator("[data-kb-item]").nth(0).click()

    page.goto(site_server.url + "progress/")
    row_a = page.locator('[data-kb-row="podgotovka"]')
    row_b = page.locator('[data-kb-row="kritika"]')
    total_a = page.evaluate("KB.loadedTopics()[0].theses.find(t => t.id === 'podgotovka').quiz.length")
    assert row_a.locator('[data-kb-quiz="podgotovka"]').inner_text() == f"{total_a} из {total_a} верно — сдан"
    assert row_b.locator('[data-kb-quiz="kritika"]').inner_text().startswith("1 из ")
    assert row_a.locator("td").nth(0).inner_text().startswith("да, ")
    items_a = page.evaluate("KB.loadedTopics()[0].theses.find(t => t.id === 'podgotovka').checklists[0].items.length")
    assert f"1 из {items_a}" in row_a.locator("td").nth(1).inner_text()
    assert page.locator('[data-kb-row="istoriya"] td').nth(0).inner_text() == "нет"
    assert page.locator("[data-kb-summary]").inner_text().startswith("Курс пройден на 17%")
    assert page.locator("[data-kb-topic-summary]").inner_text().startswith("Тема пройдена на 17%")
    # галочка в навигации — только у тезиса со сданным тестом (меню темы видно на её страницах)
    page.goto(site_server.url + THESIS_B)
    marks = page.locator("nav .kb-nav-passed")
    assert marks.count() >= 1
    for m in marks.all():
        assert "Подготовка к общению" in m.locator("xpath=ancestor::a[1]").text_content()


def test_export_clear_import_restores_everything(site_server, page, tmp_path):
    fresh(page, site_server.url + THESIS_A)
    answer_first_correct(page, 0)
    page.goto(site_server.url + CHECKLIST)
    page.locator("[data-kb-item]").nth(1).click()
    page.goto(site_server.url + "progress/")
    before = storage(page)
    assert len(before) == 4  # ответы теста, отметки чек-листа, прочитанные тезисы, колода «Повторения»

    file = export_progress(page, tmp_path / "progress.json")
    before = storage(page)  # с именем ученика: оно тоже вернётся из файла
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["format"] == "kb-progress" and data["version"] == 1
    assert any(k.startswith("quiz:") and not k.startswith("quiz:/") for k in data["entries"])

    page.on("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Сбросить всё").click()
    assert storage(page) == {}
    assert page.locator('[data-kb-quiz="podgotovka"]').inner_text() == "не начат"

    page.set_input_files("#kb-import", str(file))
    page.wait_for_function("document.querySelector('[data-kb-status]').textContent.startsWith('Прогресс загружен')")
    assert storage(page) == before
    assert page.locator('[data-kb-quiz="podgotovka"]').inner_text().startswith("1 из ")


@pytest.mark.parametrize("content, why", [
    ("{not json", "это не JSON"),
    ('{"format": "other-course", "version": 1, "entries": {}}', "это не файл прогресса этого курса"),
    ('{"format": "kb-progress", "version": 7, "entries": {}}', "его выгрузила более новая версия курса"),
    ('{"format": "kb-progress", "version": 0, "entries": {}}', "он выгружен старой версией курса"),
    ('{"format": "kb-progress", "version": 1, "entries": {"kb:v1:visited": {"podgotovka": "2026-01-01"},'
     ' "quiz:x/": {"quiz-q1": {"answered": "да"}}}}', "запись «quiz:x/» повреждена"),
])
def test_bad_import_changes_nothing_and_says_why(site_server, page, tmp_path, content, why):
    fresh(page, site_server.url + CHECKLIST)
    page.locator("[data-kb-item]").nth(0).click()
    page.goto(site_server.url + "progress/")
    before = storage(page)
    file = tmp_path / "bad.json"
    file.write_text(content, encoding="utf-8")
    page.set_input_files("#kb-import", str(file))
    status = page.locator("[data-kb-status]")
    page.wait_for_function("document.querySelector('[data-kb-status]').textContent.length > 0")
    assert why in status.inner_text()
    assert status.inner_text().endswith("Прогресс не изменён.")
    assert storage(page) == before  # ни одна запись не применилась наполовину


def test_corrupt_saved_data_is_reported_not_fatal(site_server, page):
    fresh(page, site_server.url + "progress/")
    page.evaluate("""() => {
        localStorage.setItem('kb:v1:checklist:' + 'kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/chek-list-podgotovki/', '{broken');
        localStorage.setItem('kb:v1:visited', '[1,2,3]');
    }""")
    page.reload()
    problems = page.locator("[data-kb-problems]")
    assert "отметки чек-листа «Чек-лист подготовки к встрече или звонку»" in problems.inner_text()
    assert "отметки о прочитанных тезисах" in problems.inner_text()
    assert page.locator("[data-kb-row]").count() == 6  # страница работает
    # и сам чек-лист открывается, говорит о порче и начинает заново
    page.goto(site_server.url + CHECKLIST)
    assert "повреждены" in page.locator("[data-kb-checklist-bar]").inner_text()


# ---------- итоговый тест ----------

TOPIC = "kommunikatsiya-i-pr/klienty-i-partnery"


def final_flags(page):
    """Для каждого вопроса итогового теста на странице — верен ли каждый вариант (в порядке показа)."""
    return page.evaluate("""() => {
        const right = {};
        Object.values(KB_DATA.final).forEach(topic => Object.values(topic).forEach(qs => qs.forEach(q =>
            q.answers.forEach(a => right[q.id + '/' + a.id] = a.correct))));
        return [...document.querySelectorAll('[data-kb-q]')].map(fs =>
            [...fs.querySelectorAll('input')].map(inp => right[fs.dataset.kbQ + '/' + inp.value]));
    }""")


def take_final(page, correct: bool, name="Анна Смирнова"):
    page.wait_for_selector("[data-kb-q]")
    page.get_by_label("Имя и фамилия для листа результата").fill(name)
    questions = final_flags(page)
    for i, flags in enumerate(questions):
        picks = [j for j, ok in enumerate(flags) if ok] if correct else [flags.index(False)]
        for j in picks:
            page.locator(f"#kb-final-{i}-{j}").check()
    page.get_by_role("button", name="Завершить тест").click()
    return len(questions)


def test_final_test_pass_and_print(site_server, page):
    fresh(page, site_server.url + "itogovyi-test/")
    page.wait_for_selector("[data-kb-q]")
    first_draw = page.eval_on_selector_all("[data-kb-q]", "els => els.map(e => e.dataset.kbQ)")
    theses = page.evaluate(f"KB_DATA.topics['{TOPIC}'].theses.length")
    # ничего не изучено — тест предупреждает, какие тезисы ещё не прочитаны
    assert f"Ещё не изучено тезисов: {theses} из {theses}" in page.locator("[data-kb-final-unstudied]").inner_text()
    assert len(first_draw) == theses * 3

    # без ответов тест не отправляется
    page.get_by_role("button", name="Завершить тест").click()
    assert "Без ответа вопросов: " in page.locator("[data-kb-final-message]").inner_text()

    total = take_final(page, correct=True)
    sheet = page.locator("[data-kb-final-sheet]")
    assert sheet.locator('[data-kb-final-field="Ученик"]').inner_text() == "Анна Смирнова"
    assert sheet.locator('[data-kb-final-field="Результат"]').inner_text() == f"{total} из {total} (100%)"
    assert sheet.locator('[data-kb-final-field="Итог"]').inner_text() == "Тест сдан"
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", sheet.locator('[data-kb-final-field="Дата"]').inner_text())
    assert sheet.locator("[data-kb-final-thesis]").count() == theses

    # лист результата помещается на одну страницу A4 и печатается без навигации
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert sheet.is_visible()
    assert not page.locator(".kb-final__review").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="screen")

    # результат виден на «Моём прогрессе»
    page.goto(site_server.url + "progress/")
    result = page.locator(f'[data-kb-final-result="{TOPIC}"]').inner_text()
    assert result.startswith("Итоговый тест по теме: 100% (сдан)")
    # тезисы не сданы — страница не молчит об этом
    assert "Тезисов сдано не все (0 из 6)" in result
    saved = json.loads(page.evaluate(f"localStorage.getItem('kb:v1:final:{TOPIC}')"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT.+Z", saved["date"]) and saved["questions"] == first_draw
    assert sum(t["total"] for t in saved["theses"]) == total

    # лист результата открывается снова — с «Моего прогресса», на другой день, без пересдачи
    page.locator(f'[data-kb-final-sheet-link="{TOPIC}"]').click()
    sheet = page.locator("[data-kb-final-sheet]")
    sheet.wait_for()
    assert sheet.locator('[data-kb-final-field="Ученик"]').inner_text() == "Анна Смирнова"
    assert sheet.locator('[data-kb-final-field="Результат"]').inner_text() == f"{total} из {total} (100%)"
    assert page.locator("[data-kb-q]").count() == 0
    # верные ответы нигде не показаны: лист называет тезисы, а не ответы
    assert page.locator(".kb-final__review").count() == 0
    page.reload()
    assert page.locator("[data-kb-final-sheet]").count() == 1

    # новая попытка — другая выборка вопросов
    page.goto(site_server.url + "itogovyi-test/")
    draws = {tuple(first_draw)}
    for _ in range(3):
        page.get_by_role("button", name="Начать заново с новыми вопросами").click()
        draws.add(tuple(page.eval_on_selector_all("[data-kb-q]", "els => els.map(e => e.dataset.kbQ)")))
    assert len(draws) > 1


def test_final_test_attempt_survives_reload(site_server, page):
    """Начатый итоговый тест: вопросы, порядок вариантов, ответы и имя — на месте после перезагрузки и ухода."""
    fresh(page, site_server.url + "itogovyi-test/")
    page.wait_for_selector("[data-kb-q]")
    page.get_by_label("Имя и фамилия для листа результата").fill("Лев Котов")  # без ухода из поля
    draw = page.eval_on_selector_all("[data-kb-q]", "els => els.map(e => e.dataset.kbQ)")
    order = page.eval_on_selector_all("[data-kb-q] input", "els => els.map(e => e.value)")
    page.locator("#kb-final-0-1").check()
    page.locator("#kb-final-2-0").check()
    page.goto(site_server.url + THESIS_A)
    page.goto(site_server.url + "itogovyi-test/")
    page.wait_for_selector("[data-kb-q]")
    assert page.locator("[data-kb-final-resumed]").count() == 1
    assert page.eval_on_selector_all("[data-kb-q]", "els => els.map(e => e.dataset.kbQ)") == draw
    assert page.eval_on_selector_all("[data-kb-q] input", "els => els.map(e => e.value)") == order
    assert page.locator("#kb-final-0-1").is_checked() and page.locator("#kb-final-2-0").is_checked()
    assert page.locator("[data-kb-q] input:checked").count() == 2
    assert page.get_by_label("Имя и фамилия для листа результата").input_value() == "Лев Котов"
    # «Начать заново» — новая попытка без старых ответов
    page.get_by_role("button", name="Начать заново с новыми вопросами").click()
    assert page.locator("[data-kb-q] input:checked").count() == 0
    page.reload()
    page.wait_for_selector("[data-kb-q]")
    assert page.locator("[data-kb-q] input:checked").count() == 0


def test_final_test_boundary_exactly_pass_mark(site_server, page):
    """Ровно 80% верных — тест сдан; на один верный меньше — не сдан."""
    fresh(page, site_server.url + "itogovyi-test/")
    page.wait_for_selector("[data-kb-q]")
    flags = final_flags(page)
    total = len(flags)
    need = -(-total * 8 // 10)  # наименьшее число верных, при котором ≥ 80%

    def answer(right: int) -> None:
        for i, f in enumerate(flags):
            picks = [j for j, ok in enumerate(f) if ok] if i < right else [f.index(False)]
            for j in picks:
                page.locator(f"#kb-final-{i}-{j}").check()
        page.get_by_role("button", name="Завершить тест").click()

    answer(need)
    assert page.locator('[data-kb-final-field="Итог"]').inner_text() == "Тест сдан"
    page.get_by_role("button", name="Пройти заново").click()
    flags = final_flags(page)
    answer(need - 1)
    assert page.locator('[data-kb-final-field="Итог"]').inner_text().startswith("Тест не сдан")


def test_final_test_fail_links_back_to_theses(site_server, page):
    fresh(page, site_server.url + "itogovyi-test/")
    take_final(page, correct=False)
    sheet = page.locator("[data-kb-final-sheet]")
    assert sheet.locator('[data-kb-final-field="Итог"]').inner_text() == "Тест не сдан: нужно не меньше 80%"
    assert "(0%)" in sheet.locator('[data-kb-final-field="Результат"]').inner_text()
    link = sheet.locator('[data-kb-final-thesis="kritika"] a')
    assert link.inner_text() == "Перечитать тезис"
    # на бумаге ссылка не нужна: печатается текст без ссылки
    page.emulate_media(media="print")
    assert not link.is_visible()
    assert sheet.locator('[data-kb-final-thesis="kritika"] .kb-print-only').is_visible()
    page.emulate_media(media="screen")
    link.click()
    assert page.url.endswith("/" + THESIS_B)


def test_final_test_two_tabs_merge_answers_and_finished_attempt_stays_finished(site_server, browser):
    """Две вкладки одной попытки: ответы сливаются по вопросу, другая вкладка видит их сразу;
    завершённая в одной вкладке попытка не воскресает, если в другой изменили ответ."""
    context = browser.new_context(locale="ru-RU")
    try:
        a, b = context.new_page(), context.new_page()
        fresh(a, site_server.url + "itogovyi-test/")
        a.wait_for_selector("[data-kb-q]")
        b.goto(site_server.url + "itogovyi-test/")
        b.wait_for_selector("[data-kb-q]")
        # действует вкладка на переднем плане: в фоновой Chromium притормаживает отрисовку, и каждое
        # действие Playwright ждёт её по секунде (ученик в фоновой вкладке тоже не щёлкает)
        a.bring_to_front()
        for i in range(3):
            a.locator(f"#kb-final-{i}-0").check()
        b.bring_to_front()
        b.locator("#kb-final-3-1").check()  # вкладка B не знала об ответах A
        a.bring_to_front()
        attempt = json.loads(a.evaluate(f"localStorage.getItem('kb:v1:attempt:{TOPIC}')"))
        assert len([q for q in attempt["picks"] if attempt["picks"][q]]) == 4
        a.wait_for_function("document.querySelector('#kb-final-3-1').checked")
        assert "другой вкладке" in a.locator("[data-kb-final-elsewhere]").inner_text()
        assert b.locator("#kb-final-0-0").is_checked()
        # вкладка A завершает попытку
        take_final(a, correct=True)
        a.locator("[data-kb-final-sheet]").wait_for()
        # устаревшая вкладка B меняет ответ: попытка не возвращается, B показывает результат
        b.wait_for_selector("[data-kb-final-finished-elsewhere]")
        assert a.evaluate(f"localStorage.getItem('kb:v1:attempt:{TOPIC}')") is None
        b.reload()
        b.wait_for_selector("[data-kb-q]")
        assert b.locator("[data-kb-q] input:checked").count() == 0  # новая попытка, а не старая
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [False, True], ids=["before-script", "after-script"])
def test_final_test_reserves_its_space(site_server, browser, javascript):
    """Итоговый тест рисует скрипт после первой отрисовки: место под него (не меньше экрана телефона)
    занято уже в HTML, поэтому подвал страницы с самого начала за экраном и не сдвигается (CLS)."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_server.url + "itogovyi-test/")
    if javascript:
        page.wait_for_selector("[data-kb-q]")
    else:
        assert page.locator(".kb-final__loading").inner_text() == "Загружаю тест…"
    box = page.locator("[data-kb-final-test]").bounding_box()
    assert box["height"] >= 823
    footer = page.locator("footer.md-footer").bounding_box()
    assert footer["y"] >= 823, "подвал виден на первом экране — отрисовка теста его сдвинет"
    context.close()
