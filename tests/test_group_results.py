"""Браузер: «Результаты группы» — файлы трёх учеников и один негодный, таблица, сортировка, CSV.

Один файл — настоящая выгрузка с «Мой прогресс» (ученик ответил на тест тезиса), два собраны
по данным курса так, как их выгрузил бы сайт; негодный файл добавляется перетаскиванием.
"""

from __future__ import annotations

import json
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from conftest import answer_all_correct, export_progress

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
PAGE = "rezultaty-gruppy/"


def course_data(page) -> list[dict]:
    """Темы курса по порядку, как их видит страница: [{key, title, theses}]."""
    return page.evaluate("""async () => {
        const out = [];
        for (const t of KB.topicList()) out.push({ key: t.key, title: t.title, theses: (await KB.load(t.key, 'data')).theses });
        return out;
    }""")


def progress_file(theses: list[dict], passed: int, final: dict | None, exported: str, visited: str,
                  learner: str | None = None) -> dict:
    """Файл прогресса: первые passed тезисов сданы (все ответы теста верные и «Зачёт» тренажёра),
    у следующего — один ответ."""
    entries: dict = {"kb:v1:visited": {t["id"]: visited for t in theses[:passed + 1]}}
    for i, t in enumerate(theses[:passed + 1]):
        qs = t["quiz"] if i < passed else t["quiz"][:1]
        entries["quiz:" + t["url"]] = {q: {"answered": True, "correct": i < passed, "selectedValues": []} for q in qs}
        if i < passed and t.get("dialogue"):
            entries["kb:v1:dialogue:" + t["dialogue"]["id"]] = {
                "version": t["dialogue"]["version"], "best": {"percent": 100, "passed": True, "date": exported}}
    if theses[0]["checklists"]:
        cl = theses[0]["checklists"][0]
        entries["kb:v1:checklist:" + cl["url"]] = {cl["items"][0]: True}
    if final:
        entries["kb:v1:final:" + final.pop("topic")] = final
    data = {"format": "kb-progress", "version": 1, "course": "Клиентский сервис ассистента",
            "exported": exported, "entries": entries}
    if learner is not None:
        data["learner"] = learner
    return data


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
    real = export_progress(page, tmp_path / "viktor.json", "Виктор Лосев")  # тест сдан, тренажёр — нет

    page.goto(site_server.url + PAGE)
    page.wait_for_selector("[data-kb-group-input]", state="attached")
    topics = course_data(page)
    theses = [t for topic in topics for t in topic["theses"]]
    topic = topics[0]["key"]  # итоговый тест сдавали по первой теме; у остальных — «не пройден»
    total = len(theses)
    about = [""] if len(topics) == 1 else [f" «{t['title']}»" for t in topics]
    dlg = [sum(1 for t in topic_["theses"] if t.get("dialogue")) for topic_ in topics]
    untaken = [x for n in dlg[1:] for x in (f"0 из {n}", "не пройден", "—")]
    blank = [x for n in dlg[1:] for x in ("0", "", "", "")]
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
                       *[h for a in about for h in ("Тренажёры сданы" + a, "Итоговый тест" + a, "Дата итогового теста" + a)],
                       "Последняя активность"]
    d0 = dlg[0]
    assert table(page) == [
        ["Анна Смирнова", f"{total} из {total}", f"{d0} из {d0}", "94% — сдан", "10.03.2026", *untaken, "12.03.2026"],
        ["Борис Ким", f"2 из {total}", f"2 из {d0}", "61% — не сдан", "20.02.2026", *untaken, "21.02.2026"],
        ["Виктор Лосев", f"0 из {total}", f"0 из {d0}", "не пройден", "—", *untaken, today],
    ]
    # у имени — заголовок строки, у столбцов — заголовки столбцов
    assert page.locator("[data-kb-group-table] tbody th[scope=row]").count() == 3
    assert page.locator("[data-kb-group-table] thead th[scope=col]").count() == len(headers)

    # доступность страницы с таблицей и сообщением об ошибке
    serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.screenshot(path=str(tmp_path / "group.png"), full_page=True)

    # сортировка: по итоговому тесту по возрастанию, потом по убыванию (с клавиатуры)
    score = page.locator("[data-kb-group-table] thead th").nth(3)
    score.get_by_role("button").click()
    assert score.get_attribute("aria-sort") == "ascending"
    assert [r[0] for r in table(page)] == ["Виктор Лосев", "Борис Ким", "Анна Смирнова"]
    page.keyboard.press("Enter")  # фокус остался на кнопке заголовка
    assert page.locator("[data-kb-group-table] thead th").nth(3).get_attribute("aria-sort") == "descending"
    assert [r[0] for r in table(page)] == ["Анна Смирнова", "Борис Ким", "Виктор Лосев"]
    assert page.locator("[data-kb-group-table] thead th[aria-sort]").count() == 1
    # по дате последней активности, по числу сданных тезисов и по имени
    page.locator("[data-kb-group-table] thead th").last.get_by_role("button").click()
    assert [r[0] for r in table(page)] == ["Борис Ким", "Анна Смирнова", "Виктор Лосев"]
    page.locator("[data-kb-group-table] thead th").nth(1).get_by_role("button").click()
    assert [r[0] for r in table(page)] == ["Виктор Лосев", "Борис Ким", "Анна Смирнова"]
    page.locator("[data-kb-group-table] thead th").nth(0).get_by_role("button").click()
    assert [r[0] for r in table(page)] == ["Анна Смирнова", "Борис Ким", "Виктор Лосев"]

    # CSV: UTF-8 с BOM, «;», строки в порядке таблицы
    with page.expect_download() as info:
        page.get_by_role("button", name="Скачать таблицу (CSV)").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == ""
    assert [line.split(";") for line in lines[:-1]] == [
        ["Ученик", "Файл", "Тезисов сдано", "Тезисов всего",
         *[h for a in about for h in ("Тренажёры сданы" + a, f"Итоговый тест{a}, %", f"Итоговый тест{a} сдан",
                                      "Дата итогового теста" + a)],
         "Последняя активность"],
        ["Анна Смирнова", "anna.json", str(total), str(total), str(d0), "94", "да", "10.03.2026", *blank, "12.03.2026"],
        ["Борис Ким", "boris.json", "2", str(total), "2", "61", "нет", "20.02.2026", *blank, "21.02.2026"],
        ["Виктор Лосев", "viktor.json", "0", str(total), "0", "", "", "", *blank, today],
    ]

    # тот же ученик прислал файл новее — его строка обновилась, а не появилась вторая
    boris["entries"]["kb:v1:final:" + topic]["percent"] = 85
    boris["entries"]["kb:v1:final:" + topic]["passed"] = True
    boris["exported"] = "2026-02-25T08:00:00.000Z"
    newer = tmp_path / "boris-2.json"
    newer.write_text(json.dumps(boris, ensure_ascii=False), encoding="utf-8")
    page.set_input_files("[data-kb-group-input]", [str(newer)])
    page.wait_for_function("document.querySelector('[data-kb-group-status]').textContent.includes('слито')")
    rows = table(page)
    assert len(rows) == 3 and ["Борис Ким", f"2 из {total}", f"2 из {d0}", "85% — сдан", "20.02.2026", *untaken, "25.02.2026"] in rows
    # более старый файл того же ученика строку не откатывает
    page.set_input_files("[data-kb-group-input]", [files[1]])
    page.wait_for_function("document.querySelector('[data-kb-group-status]').textContent.includes('слито')")
    assert any(r[0] == "Борис Ким" and r[3] == "85% — сдан" for r in table(page))


def test_group_rows_are_learners_not_file_names_and_bad_files_are_named(site_server, page, tmp_path: Path):
    """Три ученика с одним именем файла — три строки; без имени — так и сказано; формулы в CSV
    обезврежены; файл не в UTF-8 и процент вне 0–100 — отказ с названием файла."""
    page.goto(site_server.url + PAGE)
    page.wait_for_selector("[data-kb-group-input]", state="attached")
    assert "сообщил браузер ученика" in page.locator("[data-kb-group-trust]").inner_text()
    topics = course_data(page)
    theses = [t for topic in topics for t in topic["theses"]]
    dirs = []
    for i, name in enumerate(["Анна Смирнова", "=HYPERLINK(\"http://x\")", None]):
        d = tmp_path / f"u{i}"
        d.mkdir()
        f = d / "progress-2026-12-05.json"  # одно имя файла у всех: так выгружал прежний курс
        f.write_text(json.dumps(progress_file(theses, i, None, "2026-12-05T10:00:00.000Z", "2026-12-04", name),
                                ensure_ascii=False), encoding="utf-8")
        dirs.append(str(f))
    bad_pct = progress_file(theses, 1, {"topic": topics[0]["key"], "date": "2026-12-01T10:00:00.000Z", "percent": -50,
                                        "passed": True}, "2026-12-05T10:00:00.000Z", "2026-12-04", "Хитрый Ученик")
    (tmp_path / "minus.json").write_text(json.dumps(bad_pct, ensure_ascii=False), encoding="utf-8")
    cp1251 = json.dumps(progress_file(theses, 1, None, "2026-12-05T10:00:00.000Z", "2026-12-04", "Ольга Ким"),
                        ensure_ascii=False).encode("cp1251")
    (tmp_path / "cp1251.json").write_bytes(cp1251)
    page.set_input_files("[data-kb-group-input]", dirs + [str(tmp_path / "minus.json"), str(tmp_path / "cp1251.json")])
    page.wait_for_selector("[data-kb-group-error]")
    rows = table(page)
    assert [r[0] for r in rows] == ["Анна Смирнова", '=HYPERLINK("http://x")', "без имени (файл «progress-2026-12-05.json»)"]
    errors = page.locator("[data-kb-group-error]").all_inner_texts()
    assert any(e.startswith("Файл «minus.json» пропущен:") and "вне 0–100" in e for e in errors)
    assert any(e.startswith("Файл «cp1251.json» пропущен:") and "UTF-8" in e for e in errors)
    with page.expect_download() as info:
        page.get_by_role("button", name="Скачать таблицу (CSV)").click()
    lines = Path(info.value.path()).read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[2].startswith("\"'=HYPERLINK(\"\"http://x\"\")\";")  # формула не выполнится в Excel
    assert lines[3].startswith("без имени;progress-2026-12-05.json;")
