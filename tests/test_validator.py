"""Проверка содержания: на каждое правило — дерево с одной намеренной поломкой.

Каждый случай берёт правильное дерево tests/fixtures/valid, портит его одним
способом и сверяет точный вывод `scripts/check_content.py` и код выхода.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_check

sys.path.insert(0, str(ROOT / "scripts"))
from kb.validate import Problem, validate  # noqa: E402

THESIS = "docs/razdel/tema/tezis/index.md"
DIR = "docs/razdel/tema/tezis"
QUIZ = "quizzes/tezis.md"


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"в {rel} нет «{old}»"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def second_thesis_same_id(root: Path) -> None:
    shutil.copytree(root / DIR, root / "docs/razdel/tema/tezis2")
    shutil.copy(root / QUIZ, root / "quizzes/tezis2.md")
    edit(root, "docs/razdel/tema/tezis2/index.md", "quiz: quizzes/tezis.md", "quiz: quizzes/tezis2.md")


def drop_checklist(root: Path) -> None:
    edit(root, THESIS, "  - title: Тестовый чек-лист\n    kind: checklist\n    page: chek-list.md\n", "")
    (root / DIR / "chek-list.md").unlink()


CASES = {
    "поле front matter отсутствует": (
        lambda r: edit(r, THESIS, "summary: Короткое описание тезиса.\n", ""),
        [f"{THESIS}:1: в front matter тезиса нет поля «summary»; добавь его: одна строка: чему учит тезис"],
    ),
    "поле front matter не того типа": (
        lambda r: edit(r, THESIS, "order: 1", "order: первый"),
        [f"{THESIS}:7: поле «order» заполнено неверно; нужно: место тезиса в порядке изучения, целое число"],
    ),
    "front matter не YAML": (
        lambda r: edit(r, THESIS, "order: 1", "order: [1"),
        [f"{THESIS}:8: front matter не читается как YAML: expected ',' or ']', but got ':'; поправь синтаксис"],
    ),
    "повтор id": (
        second_thesis_same_id,
        ["docs/razdel/tema/tezis2/index.md:3: id «tezis» уже занят тезисом docs/razdel/tema/tezis/index.md; выбери другой"],
    ),
    "нет обязательного раздела": (
        lambda r: edit(r, THESIS, "## Итог\n\nВывод.\n\n", ""),
        [f"{THESIS}:24: нет обязательного раздела «## Итог»; добавь его"],
    ),
    "раздел не на своём месте": (
        lambda r: (edit(r, THESIS, "## Итог\n\nВывод.\n\n", ""),
                   edit(r, THESIS, "## Материалы", "## Итог\n\nВывод.\n\n## Материалы")),
        [f"{THESIS}:58: раздел «## Итог» стоит не на своём месте; порядок: «## Как …» — шаги, "
         "«## Ошибки, которых стоит избегать», «## Материалы», «## Итог», «## Проверь себя»"],
    ),
    "шаг без примера или совета": (
        lambda r: edit(r, THESIS, '!!! tip "Совет"\n    Совет к шагу.\n', ""),
        [f"{THESIS}:36: у шага «2. Второй шаг» нет примера или совета; добавь блок !!! example \"Пример\" или !!! tip \"Совет\""],
    ),
    "нет маркера материалов": (
        lambda r: edit(r, THESIS, "<!-- kb:materials -->", ""),
        [f"{THESIS}:58: в разделе «Материалы» нет маркера <!-- kb:materials -->; вставь его строкой под заголовком"],
    ),
    "файла материала нет": (
        lambda r: (r / DIR / "chek-list.md").unlink(),
        [f"{THESIS}:12: материал «Тестовый чек-лист»: файла {DIR}/chek-list.md нет; создай его или поправь page"],
    ),
    "неизвестный вид материала": (
        lambda r: edit(r, THESIS, "kind: guide", "kind: manual"),
        [f"{THESIS}:18: вид материала «manual» неизвестен; допустимы: checklist, script, guide, list, case, template"],
    ),
    "заголовок материала расходится": (
        lambda r: edit(r, f"{DIR}/skript.md", "title: Тестовый скрипт", "title: Другой скрипт"),
        [f"{DIR}/skript.md:3: заголовок материала «Другой скрипт» не совпадает с объявленным в {THESIS}: "
         "«Тестовый скрипт»; сделай их одинаковыми"],
    ),
    "в чек-листе мало пунктов": (
        lambda r: edit(r, f"{DIR}/chek-list.md", "- [ ] Поставил цель\n- [ ] Подготовил ответы\n", ""),
        [f"{DIR}/chek-list.md:6: в чек-листе 3 пунктов «- [ ] …»; нужно не меньше 5"],
    ),
    "в скрипте нет подстановок": (
        lambda r: edit(r, f"{DIR}/skript.md", "Здравствуйте, [Имя клиента]! Меня зовут [Твоё имя].\nПерезвоню вам [Дата].",
                       "Здравствуйте! Меня зовут Анна."),
        [f"{DIR}/skript.md:9: в блоке ```script нет ни одной подстановки вида [Имя клиента]; отметь, что заполнять"],
    ),
    "в руководстве нет нумерованных шагов": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "1. Найди клиента.\n2. Открой карточку.\n3. Прочитай историю.",
                       "Найди клиента, открой карточку и прочитай историю."),
        [f"{DIR}/rukovodstvo.md:6: в руководстве 0 нумерованных шагов; нужно не меньше 3 («1. …»)"],
    ),
    "у тезиса нет чек-листа": (
        drop_checklist,
        [f"{THESIS}:11: у тезиса нет материала вида «checklist» (Чек-лист); добавь хотя бы один"],
    ),
    "у тезиса два теста": (
        lambda r: edit(r, THESIS, "quiz: quizzes/tezis.md", "quiz: [quizzes/tezis.md, quizzes/drugoi.md]"),
        [f"{THESIS}:21: у тезиса должен быть ровно один тест; укажи в quiz один файл",
         f"{QUIZ}:1: тест не объявлен ни в одном тезисе; укажи его в поле quiz тезиса или удали файл"],
    ),
    "файла теста нет": (
        lambda r: (r / QUIZ).unlink(),
        [f"{THESIS}:21: файла теста quizzes/tezis.md нет; создай его (make thesis делает заготовку) или поправь quiz"],
    ),
    "в тесте мало вопросов": (
        lambda r: edit(r, QUIZ, "<quiz>\nВопрос номер 8?", "Вопрос номер 8?"),
        [f"{QUIZ}:1: в тесте 7 вопросов; нужно не меньше 8"],
    ),
    "в вопросе нет верного ответа": (
        lambda r: edit(r, QUIZ, "- [x] Верный ответ 3", "- [ ] Верный ответ 3"),
        [f"{QUIZ}:17: в вопросе нет верного ответа; отметь верный как «- [x]»"],
    ),
    "в вопросе нет неверного ответа": (
        lambda r: edit(r, QUIZ, "- [ ] Неверный ответ 4", "- [x] Неверный ответ 4"),
        [f"{QUIZ}:25: в вопросе нет неверного ответа; добавь правдоподобный неверный «- [ ]»"],
    ),
    "у ответа нет пояснения": (
        lambda r: edit(r, QUIZ, "- [ ] Неверный ответ 2\n> Неверно, потому что иначе.\n", "- [ ] Неверный ответ 2\n"),
        [f"{QUIZ}:13: у ответа нет пояснения; добавь строку «> …» сразу под ответом: почему он верен или нет"],
    ),
    "пояснение оторвано от ответа": (
        lambda r: edit(r, QUIZ, "- [x] Верный ответ 5\n> Верно", "- [x] Верный ответ 5\n\n> Верно"),
        [f"{QUIZ}:33: вопрос не разбирается mkdocs-quiz: Orphaned feedback line found after answer "
         "'Верный ответ 5'. Feedback blockquotes (> ...) must immediately follow their answer with no blank lines "
         "in between. Found: > Верно, потому что так."],
    ),
    "материал-сирота": (
        lambda r: write(r, "docs/razdel/lishnii.md", "---\ntype: material\ntitle: Лишний\n---\n\n# Лишний\n"),
        ["docs/razdel/lishnii.md:2: материал не объявлен ни в одном тезисе; добавь его в materials тезиса или удали файл"],
    ),
    "необъявленная страница в папке тезиса": (
        lambda r: write(r, f"{DIR}/novyi.md", "# Новый материал\n\nТекст.\n"),
        [f"{DIR}/novyi.md:1: страница в папке тезиса не объявлена в его materials; объяви её или перенеси из папки тезиса"],
    ),
    "тест-сирота": (
        lambda r: shutil.copy(r / QUIZ, r / "quizzes/lishnii.md"),
        ["quizzes/lishnii.md:1: тест не объявлен ни в одном тезисе; укажи его в поле quiz тезиса или удали файл"],
    ),
    "недописанная страница": (
        lambda r: edit(r, f"{DIR}/chek-list.md", "# Тестовый чек-лист", "# Тестовый чек-лист\n\n<!-- НЕ ГОТОВО: пункты -->"),
        [f"{DIR}/chek-list.md:9: страница не дописана (пункты); допиши и убери пометку «НЕ ГОТОВО»"],
    ),
    "мало фраз для шпаргалки": (
        lambda r: edit(r, THESIS, "phrases: [«Здравствуйте!», «Спасибо за ожидание.», «Давайте подведу итог.»]", "phrases: [«Здравствуйте!»]"),
        [f"{THESIS}:22: в phrases нужно не меньше 3 фраз-строк; сейчас 1"],
    ),
    "у материала нет тегов": (
        lambda r: edit(r, f"{DIR}/skript.md", "tags: [скрипт]\n", ""),
        [f"{DIR}/skript.md:1: у материала нет тегов; добавь в front matter tags: [звонок, письма] — по ним материал найдут на странице «Теги»"],
    ),
    "ключевые слова поиска не списком": (
        lambda r: edit(r, THESIS, "quiz: quizzes/tezis.md\n", "quiz: quizzes/tezis.md\nsearch_keywords: 5\n"),
        [f"{THESIS}:22: search_keywords: нужен список фраз, а не int; запиши фразы списком, по строке на пункт"],
    ),
    "неизвестный маркер": (
        lambda r: edit(r, THESIS, "<!-- kb:materials -->", "<!-- kb:materials -->\n<!-- kb:material -->"),
        [f"{THESIS}:61: неизвестный маркер <!-- kb:material -->; допустимы: <!-- kb:cheatsheet -->, <!-- kb:glossary -->, "
         "<!-- kb:materials -->, <!-- kb:quiz -->, <!-- kb:theses -->"],
    ),
    "маркер не на странице тезиса": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "3. Прочитай историю.", "3. Прочитай историю.\n\n<!-- kb:quiz -->"),
        [f"{DIR}/rukovodstvo.md:13: маркер <!-- kb:quiz --> работает только на странице с type: thesis; убери его или поправь type"],
    ),
}


def test_valid_tree_is_clean(valid_tree):
    result = run_check(valid_tree)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "Содержание в порядке: нарушений нет."


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_rule_reports_exact_problem(valid_tree, case):
    break_it, expected = CASES[case]
    break_it(valid_tree)
    result = run_check(valid_tree)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected
    assert "Найдено нарушений" in result.stderr


def test_all_problems_reported_at_once(valid_tree):
    for case in ("файла материала нет", "в вопросе нет верного ответа", "нет обязательного раздела", "тест-сирота"):
        CASES[case][0](valid_tree)
    problems = validate(valid_tree)
    assert len(problems) == 4
    assert all(isinstance(p, Problem) and p.line >= 1 for p in problems)
