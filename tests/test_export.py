"""Выгрузки курса: банк вопросов для LMS (make qti) и книга PDF (make pdf)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ENV, PYTHON, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from kb.quizzes import parse_quiz_text  # noqa: E402

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


def quiz_questions() -> dict[str, list]:
    """Вопросы каждого файла quizzes/*.md, разобранные так же, как при сборке."""
    return {path.stem: parse_quiz_text(path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / "quizzes").glob("*.md"))}


def final_questions() -> dict[str, list]:
    """Вопросы итогового теста: quizzes/final/<тест тезиса>.md."""
    return {path.stem: parse_quiz_text(path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / "quizzes" / "final").glob("*.md"))}


def thesis_titles() -> list[str]:
    """Названия тезисов: front matter docs/**/index.md, у которых есть quiz:."""
    titles = []
    for index in sorted((ROOT / "docs").rglob("index.md")):
        text = index.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta = yaml.safe_load(text.split("---", 2)[1]) or {}
        if meta.get("quiz"):
            titles.append(str(meta["title"]))
    return titles


def plain(fragment: str | None) -> str:
    """HTML из пакета → текст без тегов и сущностей, пробелы схлопнуты."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment or ""))
    return " ".join(text.split())


def squash(text: str) -> str:
    return " ".join(text.split())


def test_qti_package_has_every_question_with_feedback(tmp_path: Path):
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "make_qti.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    questions = quiz_questions()
    finals = final_questions()
    assert set(finals) == set(questions)  # у каждого тезиса — свои вопросы итогового теста
    total = sum(len(qs) for qs in questions.values()) + sum(len(qs) for qs in finals.values())
    assert total > 0

    package = tmp_path / "klientskiy-servis-assistenta-qti.zip"
    with zipfile.ZipFile(package) as zf:
        names = set(zf.namelist())
        docs = {name: ET.fromstring(zf.read(name)) for name in names}
    item_files = {n for n in names if n.startswith("items/") and n.endswith(".xml")}
    assert len(item_files) == total

    # манифест ссылается на каждый файл вопроса и на сам тест, лишних ссылок нет
    manifest = docs["imsmanifest.xml"]
    hrefs = {f.get("href") for f in manifest.iter(f"{CP}file")}
    assert hrefs == item_files | {"assessment.xml"}

    # в тесте по разделу на тезис и по разделу «Итоговый тест — тезис», в них ссылки на все вопросы
    assessment = docs["assessment.xml"]
    sections = assessment.findall(f".//{QTI}section")
    titles = thesis_titles()
    assert [s.get("title") for s in sections][len(titles):] == [f"Итоговый тест — {s.get('title')}"
                                                               for s in sections[:len(titles)]]
    assert {s.get("title") for s in sections} == set(titles) | {f"Итоговый тест — {t}" for t in titles}
    final_section = next(s for s in sections if s.get("title").startswith("Итоговый тест — "))
    final_refs = [r.get("linkrefid") for r in final_section.iter(f"{QTI}itemref")]
    assert final_refs and all(ref.startswith("final-") for ref in final_refs)
    refs = [r.get("linkrefid") for r in assessment.iter(f"{QTI}itemref")]
    items = {docs[n].find(f"{QTI}item").get("ident"): docs[n].find(f"{QTI}item") for n in item_files}
    assert sorted(refs) == sorted(items)

    texts, feedbacks = set(), set()
    for item in items.values():
        texts.add(plain(item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text))
        labels = item.findall(f".//{QTI}response_label")
        shown = {d.get("linkrefid") for d in item.iter(f"{QTI}displayfeedback")}
        fbs = {fb.get("ident"): fb for fb in item.findall(f"{QTI}itemfeedback")}
        # пояснение у каждого ответа, и условие, которое его показывает
        assert len(fbs) == len(labels), item.get("ident")
        assert shown == set(fbs), item.get("ident")
        feedbacks |= {plain(fb.find(f".//{QTI}mattext").text) for fb in fbs.values()}

    sample = next(q for qs in questions.values() for q in qs if re.search("[а-яё]", q.text))
    assert squash(sample.text) in texts
    answer = sample.answers[-1]
    assert answer.feedback and squash(answer.feedback) in feedbacks
    final_sample = next(iter(finals.values()))[0]
    assert squash(final_sample.text) in texts
    assert all(squash(a.feedback) in feedbacks for a in final_sample.answers)
    all_answers = [q.answers for group in (questions, finals) for qs in group.values() for q in qs]
    assert len(feedbacks) >= sum(len(a) for a in all_answers) * 0.9

    # тот же банк в Moodle XML: категория на тезис, у ответов пояснения, доли оценки в сумме 100%
    moodle = ET.parse(tmp_path / "klientskiy-servis-assistenta-moodle.xml").getroot()
    categories = [c.findtext("category/text") for c in moodle.findall("question[@type='category']")]
    assert len(categories) == len(questions) + len(finals)
    assert all(c.startswith("top/") for c in categories)
    course = categories[0].rsplit("/", 1)[0]
    assert sorted(c for c in categories if c.startswith(course + "/Итоговый тест/")) == sorted(
        f"{course}/Итоговый тест/{t}" for t in titles)
    multichoice = moodle.findall("question[@type='multichoice']")
    assert len(multichoice) == total
    # вопросы итогового теста лежат под своей категорией: после неё и до следующей
    current, placed = None, {}
    for element in moodle:
        if element.get("type") == "category":
            current = element.findtext("category/text")
        else:
            placed[plain(element.findtext("questiontext/text"))] = current
    assert placed[squash(final_sample.text)].startswith(course + "/Итоговый тест/")
    assert "/Итоговый тест/" not in placed[squash(sample.text)]
    for question in multichoice:
        answers = question.findall("answer")
        assert all(plain(a.findtext("feedback/text")) for a in answers)
        positive = sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0)
        assert positive == pytest.approx(100, abs=0.01)
    assert squash(sample.text) in {plain(q.findtext("questiontext/text")) for q in multichoice}


def test_pdf_book_has_toc_page_numbers_and_answer_key(built_site: Path, tmp_path: Path):
    pdf = tmp_path / "course.pdf"
    printed = tmp_path / "course.html"
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "make_pdf.py"), "--site", str(built_site),
                             "--out", str(pdf), "--html", str(printed)], capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    # неразрывные пробелы — те же, что на сайте (tests/test_typography.py): в статьях, в сценариях
    # тренажёров и в вопросах итогового теста, которые книга берёт из источника
    nbsp = "\u00a0"
    book = printed.read_text(encoding="utf-8").replace("&nbsp;", nbsp)  # так Chromium сохраняет U+00A0
    assert f"Выдели на{nbsp}подготовку 15{nbsp}минут{nbsp}— верхнюю границу" in book
    final_part = book[book.rindex("Итоговый тест: вопросы"): book.rindex("Ответы к тестам")]
    assert final_part.count(nbsp) > 100
    scenario = book[book.index('class="pdf-dialogue__step"'):][:5000]
    assert scenario.count(nbsp) > 10
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [squash(p) for p in text.split("\f")]
    if pages and not pages[-1]:
        pages.pop()
    assert "zqm" not in text  # служебные метки первого прохода печати не остаются в книге
    html_pages = len(list(built_site.rglob("index.html")))
    assert html_pages // 2 <= len(pages) <= html_pages * 10
    assert "Клиентский сервис ассистента" in pages[0]

    # номера страниц в колонтитуле на каждом листе
    for number, page_text in enumerate(pages, 1):
        assert f"стр. {number} из {len(pages)}" in page_text, number

    # содержание с номерами: каждый тезис есть в оглавлении и на своей странице
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout.split("\f")
    assert layout[1].lstrip().startswith("Содержание")
    toc: dict[str, int] = {}
    # содержание — со второго листа до первой страницы, на которую оно ссылается
    for number, sheet in enumerate(layout[1:], 2):
        if toc and number >= min(toc.values()):
            break
        toc.update({squash(m.group(1)): int(m.group(2))
                    for m in re.finditer(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", sheet, re.MULTILINE)})
    assert toc and not any(n == 0 for n in toc.values())
    for title in thesis_titles():
        assert title in toc, f"нет в содержании: {title}"
        assert title in pages[toc[title] - 1], f"«{title}» не на странице {toc[title]}"
    key_page = toc["Ответы к тестам"]
    assert pages[key_page - 1].startswith("Ответы к тестам")

    # тесты — вопросами без отметок; пояснение верного ответа только в ответах, неверного — нигде
    questions = [q for qs in quiz_questions().values() for q in qs]
    finals = [q for qs in final_questions().values() for q in qs]
    body = " ".join(pages[: key_page - 1])
    total = len(questions) + len(finals)
    assert f"Вопрос {total}." in body and f"Вопрос {total + 1}." not in body

    # вопросы итогового теста — своим разделом перед ответами, их ответы — в ключе с пометкой
    final_page = toc["Итоговый тест: вопросы"]
    assert final_page < key_page and pages[final_page - 1].startswith("Итоговый тест: вопросы")
    from kb import model

    first = next(th for th in model.load(ROOT).theses if th.final_questions)
    short = min(first.final_questions, key=lambda q: len(q.text))
    assert squash(short.text) in " ".join(pages[final_page - 1: key_page - 1])
    assert squash(short.text) not in " ".join(pages[: final_page - 1])
    key_text = " ".join(pages[key_page - 1:])
    assert f"Итоговый тест — {first.title}" in key_text
    right_final = next(a for a in short.answers if a.correct)
    assert squash(right_final.feedback) in key_text
    assert all(squash(a.feedback) not in squash(text) for a in short.answers if not a.correct)
    sample = questions[0]
    assert squash(sample.text) in body
    right = next(a for a in sample.answers if a.correct)
    wrong = next(a for a in sample.answers if not a.correct)
    assert squash(right.text) in body
    assert squash(right.feedback) not in body
    assert squash(right.feedback) in " ".join(pages[key_page - 1:])
    assert squash(wrong.feedback) not in squash(text)


def test_pdf_prints_dialogue_as_branching_script(valid_tree: Path, tmp_path: Path):
    """Тренажёр разговора в книге: шаги со «→ шаг N» после материалов тезиса, баллы и разбор — в ответах."""
    from conftest import build_site, fixture_config
    from test_dialogues import with_dialogue

    with_dialogue(valid_tree)
    site = tmp_path / "site"
    built = build_site(fixture_config(valid_tree), site)
    assert built.returncode == 0, built.stderr
    pdf = tmp_path / "book.pdf"
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "make_pdf.py"), "--site", str(site), "--out", str(pdf)],
                            capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    text = squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                                 check=True).stdout)
    body, key = text.split("Ответы к тестам Номер вопроса")
    # после материалов тезиса (последний — руководство) и перед ответами — сценарий
    assert body.index("Найди клиента") < body.index("Тренажёр: Отчёт задерживается Клиент:") < body.index("Шаг 1")
    assert "Шаг 1 Настроение клиента: раздражение" in body
    assert "Ольга Миронова: Я жду отчёт с пятницы. Что происходит?" in body
    assert "Ольга, понимаю, как неприятно ждать. Сейчас проверю и назову срок. → шаг " in body
    assert "Концовка: успех. Ольга получила честный срок и план." in body
    assert "«Тренировка»" not in body  # как пользоваться плеером — только на сайте
    # баллы и пояснения — только в ответах
    feedback = "Шаг «Выслушай и признай чувства»: ты берёшь вопрос на себя."
    assert feedback not in body and feedback in key
    assert "3 балла — лучший ответ. " + feedback in key
    assert "12 баллов, больше не набрать" in key


def test_paper_steps_follow_the_graph_and_hide_the_best_reply(valid_tree: Path):
    """Каждое «→ шаг N» ведёт к узлу реплики; номер шага не выдаёт лучшую реплику."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_pdf import dialogue_paper, paper_order

    from kb import dialogues, model
    from test_dialogues import DLG, with_dialogue

    kb = model.load(with_dialogue(valid_tree))
    data = dialogues.to_data(kb.dialogues[DLG], kb.theses[0], "razdel/tema/tezis/")
    order = paper_order(data)
    assert order[0] == "zvonok" and sorted(order) == sorted(data["nodes"])
    number = {nid: n for n, nid in enumerate(order, 1)}
    steps = dialogue_paper(data)["script"].split('<li class="pdf-dialogue__step">')[1:]
    assert len(steps) == len(order)
    for nid, node in data["nodes"].items():
        step = steps[number[nid] - 1]
        assert step.startswith(f"<h3>Шаг {number[nid]}</h3>")
        for reply in node.get("replies", []):
            assert f"{html.escape(reply['text'])} <span class=\"pdf-dialogue__go\">→ шаг {number[reply['next']]}</span>" in step
    best = [number[r["next"]] - number[nid] for nid, node in data["nodes"].items()
            for r in node.get("replies", []) if r["best"]]
    assert set(best) != {1}  # не «всегда на следующий шаг»
    assert paper_order(data) == order  # одинаково при каждой печати
