"""Браузер: «Результаты группы» — файлы трёх учеников и один негодный, таблица, сортировка, CSV.

Один файл — настоящая выгрузка с «Мой прогресс» (ученик ответил на тест тезиса), два собраны
по данным курса так, как их выгрузил бы сайт; негодный файл добавляется перетаскиванием.
"""

from __future__ import annotations

import json
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from conftest import answer_all_correct

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
PAGE = "rezultaty-gruppy/"


def course_data(page) -> list[dict]:
    """Темы курса по порядку, как их видит страница: [{key, title, theses}]."""
    return page.evaluate("""async () => {
        const out = [];
        for (const t of KB.topicList()) out.push({ key: t.key, title: t.title, theses: (await KB.load(t.key, 'data')).theses });
        return out;
    }""")


def progress_file(theses: list[dict], passed: int, final: dict | None, exported: str, visited: str) -> dict:
    """Файл прогресса: первые passed тезисов с верными ответами на все вопросы, у следующего — один ответ."""
    entries: dict = {"kb:v1:visited": {t["id"]: visited for t in theses[:passed + 1]}}
    for i, t in enumerate(theses[:passed + 1]):
        qs = t["quiz"] if i < passed else t["quiz"][:1]
        entries["quiz:" + t["url"]] = {q: {"answered": True, "correct": i < passed, "selectedValues": []} for q in qs}
    if theses[0]["checklists"]:
        cl = theses[0]["checklists"][0]
        entries["kb:v1:checklist:" + cl["url"]] = {cl["items"][0]: True}
    if final:
        entries["kb:v1:final:" + final.pop("topic")] = final
    return {"format": "kb-progress", "version": 1, "course": "Клиентский сервис ассистента",
            "exported": exported, "entries": entries}


def table(page) -> list[list[str]]:
    rows = page.locator("[data-kb-group-table] tbody tr")
    return [[c.strip() for c in r.locator("th, td").all_inner_texts()] for r in rows.all()]


def test_group_results_table_sort_csv_and_bad_file(site_server, page, tmp_path: Path):
    # третий ученик: настоящая выгрузка — тест первого тезиса сдан
    page.goto(site_server.url + T + "podgotovka/")
    page.evaluate("localStorage.clear()")
    page.reload()
    answer_all_correct(page)
    page.goto(site_server.url + "progress/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Выгрузить прогресс в файл").click()
    real = tmp_path / "viktor.json"
    info.value.save_as(real)

    page.goto(site_server.url + PAGE)
    page.wait_for_selector("[data-kb-group-input]", state="attached")
    topics = course_data(page)
    theses = [t for topic in topics for t in topic["theses"]]
    topic = topics[0]["key"]  # итоговый тест сдавали по первой теме; у остальных — «не пройден»
    total = len(theses)
    about = [""] if len(topics) == 1 else [f" «{t['title']}»" for t in topics]
    untaken = ["не пройден", "—"] * (len(topics) - 1)
    blank = ["", "", ""] * (len(topics) - 1)
    anna = progress_file(theses, total, {"topic": topic, "date": "2026-03-10T09:00:00.000Z", "name": "Анна Смирнова",
                                         "percent": 94, "passed": True, "right": 17, "total": 18,
                                         "questions": [], "theses": []},
                         exported="2026-03-12T10:00:00.000Z", visited="2026-03-01")
    boris = progress_file(theses, 2, {"topic": topic, "date": "2026-02-20T15:30:00.000Z", "name": "Борис Ким",
                                      "percent": 61, "passed": False, "right": 11, "total": 18,
                                      "questions": [], "theses": []},
                          exported="2026-02-21T08:00:00.000Z", visited="2026-02-18")
    files = []
    for name, content in (("anna.json", anna), ("boris.json", boris)):
        f = tmp_path / name
        f.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        files.append(str(f))
    page.set_input_files("[data-kb-group-input]", files + [str(real)])
    page.wait_for_selector("[data-kb-group-table] tbody tr")

    # негодный файл — перетаскиванием: запись теста без полей answered и correct
    bad = {"format": "kb-progress", "version": 1, "entries": {"quiz:x/": {"quiz-q1": {"answered": "да"}}}}
    page.evaluate("""(text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'bad.json', { type: 'application/json' }));
        document.querySelector('[data-kb-group-drop]').dispatchEvent(
            new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }""", json.dumps(bad))
    page.wait_for_selector("[data-kb-group-error]")
    assert page.locator("[data-kb-group-error]").all_inner_texts() == [
        "Файл «bad.json» пропущен: запись «quiz:x/» повреждена (ответ на вопрос без полей answered и correct)."]
    assert "пропущено: 1" in page.locator("[data-kb-group-status]").inner_text()

    today = page.evaluate("new Date().toLocaleDateString('ru-RU')")
    headers = [h.strip(" ▲▼↕") for h in page.locator("[data-kb-group-table] thead th").all_inner_texts()]
    assert headers == ["Ученик", "Тезисов сдано",
                       *[h for a in about for h in ("Итоговый тест" + a, "Дата итогового теста" + a)], "Последняя активность"]
    assert table(page) == [
        ["Анна Смирнова", f"{total} из {total}", "94% — сдан", "10.03.2026", *untaken, "12.03.2026"],
        ["Борис Ким", f"2 из {total}", "61% — не сдан", "20.02.2026", *untaken, "21.02.2026"],
        ["viktor.json", f"1 из {total}", "не пройден", "—", *untaken, today],
    ]
    # у имени — заголовок строки, у столбцов — заголовки столбцов
    assert page.locator("[data-kb-group-table] tbody th[scope=row]").count() == 3
    assert page.locator("[data-kb-group-table] thead th[scope=col]").count() == len(headers)

    # доступность страницы с таблицей и сообщением об ошибке
    serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.screenshot(path=str(tmp_path / "group.png"), full_page=True)

    # сортировка: по итоговому тесту по возрастанию, потом по убыванию (с клавиатуры)
    score = page.locator("[data-kb-group-table] thead th").nth(2)
    score.get_by_role("button").click()
    assert score.get_attribute("aria-sort") == "ascending"
    assert [r[0] for r in table(page)] == ["viktor.json", "Борис Ким", "Анна Смирнова"]
    page.keyboard.press("Enter")  # фокус остался на кнопке заголовка
    assert page.locator("[data-kb-group-table] thead th").nth(2).get_attribute("aria-sort") == "descending"
    assert [r[0] for r in table(page)] == ["Анна Смирнова", "Борис Ким", "viktor.json"]
    assert page.locator("[data-kb-group-table] thead th[aria-sort]").count() == 1
    # по дате последней активности, по числу сданных тезисов и по имени
    page.locator("[data-kb-group-table] thead th").last.get_by_role("button").click()
    assert [r[0] for r in table(page)] == ["Борис Ким", "Анна Смирнова", "viktor.json"]
    page.locator("[data-kb-group-table] thead th").nth(1).get_by_role("button").click()
    assert [r[0] for r in table(page)] == ["viktor.json", "Борис Ким", "Анна Смирнова"]
    page.locator("[data-kb-group-table] thead th").nth(0).get_by_role("button").click()
    assert [r[0] for r in table(page)] == ["Анна Смирнова", "Борис Ким", "viktor.json"]

    # CSV: UTF-8 с BOM, «;», строки в порядке таблицы
    with page.expect_download() as info:
        page.get_by_role("button", name="Скачать таблицу (CSV)").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == ""
    assert [line.split(";") for line in lines[:-1]] == [
        ["Ученик", "Файл", "Тезисов сдано", "Тезисов всего",
         *[h for a in about for h in (f"Итоговый тест{a}, %", f"Итоговый тест{a} сдан", "Дата итогового теста" + a)],
         "Последняя активность"],
        ["Анна Смирнова", "anna.json", str(total), str(total), "94", "да", "10.03.2026", *blank, "12.03.2026"],
        ["Борис Ким", "boris.json", "2", str(total), "61", "нет", "20.02.2026", *blank, "21.02.2026"],
        ["viktor.json", "viktor.json", "1", str(total), "", "", "", *blank, today],
    ]

    # файл того же имени заменяет свою строку, а не добавляет вторую
    boris["entries"]["kb:v1:final:" + topic]["percent"] = 85
    boris["entries"]["kb:v1:final:" + topic]["passed"] = True
    Path(files[1]).write_text(json.dumps(boris, ensure_ascii=False), encoding="utf-8")
    page.set_input_files("[data-kb-group-input]", [files[1]])
    page.wait_for_function("document.querySelector('[data-kb-group-status]').textContent.startsWith('Добавлено файлов: 1.')")
    rows = table(page)
    assert len(rows) == 3 and ["Борис Ким", f"2 из {total}", "85% — сдан", "20.02.2026", *untaken, "21.02.2026"] in rows
