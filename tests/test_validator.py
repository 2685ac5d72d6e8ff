"""Проверка содержания: на каждое сообщение проверки — дерево с одной намеренной поломкой.

Каждый случай берёт правильное дерево tests/fixtures/valid, портит его одним
способом и сверяет точный список `путь:строка: сообщение` (в процессе, без
запуска CLI — быстро). Мета-тест в конце падает, если в kb/validate.py появилось
сообщение, для которого здесь нет случая.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_check

sys.path.insert(0, str(ROOT / "scripts"))
from kb import settings as kb_settings  # noqa: E402
from kb.validate import Problem, validate  # noqa: E402

THESIS = "docs/razdel/tema/tezis/index.md"
DIR = "docs/razdel/tema/tezis"
QUIZ = "quizzes/tezis.md"
FINAL = "quizzes/final/tezis.md"
GLOSSARY = "docs/includes/glossary.yml"


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"в {rel} нет «{old}»"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def second_thesis(root: Path, name: str = "tezis2", same_id: bool = True) -> None:
    shutil.copytree(root / DIR, root / f"docs/razdel/tema/{name}")
    shutil.copy(root / QUIZ, root / f"quizzes/{name}.md")
    shutil.copy(root / FINAL, root / f"quizzes/final/{name}.md")
    later = time.time() + 5  # второй тезис изменён позже первого
    for path in (root / f"docs/razdel/tema/{name}").iterdir():
        os.utime(path, (later, later))
    edit(root, f"docs/razdel/tema/{name}/index.md", "quiz: quizzes/tezis.md", f"quiz: quizzes/{name}.md")
    if not same_id:
        edit(root, f"docs/razdel/tema/{name}/index.md", "id: tezis", f"id: {name}")


def drop_checklist(root: Path) -> None:
    edit(root, THESIS, "  - title: Тестовый чек-лист\n    kind: checklist\n    page: chek-list.md\n", "")
    (root / DIR / "chek-list.md").unlink()


def glossary(root: Path, text: str) -> None:
    write(root, GLOSSARY, text)


#: Ответственный и дата проверки: без них тезис, материал и справочная страница не проходят.
REVIEWED = "owner: Методист курса\nreviewed: 2026-01-15\n"
GOOD_TERM = "- term: CRM\n  definition: Система учёта клиентов.\n  forms: [CRM]\n"
ORDER = "место тезиса в порядке изучения, целое число"

CASES = {
    # --- чтение файлов ---
    "файл не в UTF-8": (
        lambda r: (r / f"{DIR}/skript.md").write_bytes("---\ntype: material\ntitle: Скрипт\n---\n".encode("cp1251")),
        [f"{DIR}/skript.md:1: файл не в UTF-8 (например, в Windows-1251); пересохрани его в кодировке UTF-8"],
    ),
    "тест не в UTF-8": (
        lambda r: (r / QUIZ).write_bytes("<quiz>\nВопрос?\n</quiz>\n".encode("cp1251")),
        [f"{QUIZ}:1: файл не в UTF-8 (например, в Windows-1251); пересохрани его в кодировке UTF-8"],
    ),
    "front matter не YAML": (
        lambda r: edit(r, THESIS, "order: 1", "order: [1"),
        [
         "docs/razdel/tema/tezis/index.md:8: front matter не читается как YAML: did not find expected ',' or ']'; поправь синтаксис",
        ],
    ),
    "front matter не закрыт": (
        lambda r: edit(r, f"{DIR}/skript.md", "tags: [скрипт]\n---\n", "tags: [скрипт]\n"),
        [f"{DIR}/skript.md:1: front matter не читается как YAML: front matter не закрыт: нет второй строки «---»; поправь синтаксис"],
    ),
    "front matter не словарь": (
        lambda r: edit(r, f"{DIR}/skript.md", "owner: Методист курса\nreviewed: 2026-01-15\ntype: material\n"
                                 "title: Тестовый скрипт\ntags: [скрипт]", "- просто список"),
        [f"{DIR}/skript.md:1: front matter не читается как YAML: front matter должен быть словарём «ключ: значение»; поправь синтаксис"],
    ),
    "пустой файл материала": (
        lambda r: write(r, f"{DIR}/skript.md", ""),
        [f"{DIR}/skript.md:1: файл пуст; допиши его или удали"],
    ),
    "незакрытая подстановка": (
        lambda r: edit(r, f"{DIR}/skript.md", "Перезвоню вам [Дата].", "Перезвоню вам [Дата."),
        [f"{DIR}/skript.md:13: скобки подстановки не парные: у «[» нет «]» в той же строке (или наоборот); "
         "закрой подстановку, например [Имя клиента]"],
    ),
    "недописанная страница": (
        lambda r: edit(r, f"{DIR}/chek-list.md", "# Тестовый чек-лист", "# Тестовый чек-лист\n\n<!-- НЕ ГОТОВО: пункты -->"),
        [f"{DIR}/chek-list.md:11: страница не дописана (пункты); допиши и убери пометку «НЕ ГОТОВО»"],
    ),
    "пометка «не готово» строчными": (
        lambda r: edit(r, f"{DIR}/chek-list.md", "# Тестовый чек-лист", "# Тестовый чек-лист\n\n<!-- не готово: пункты -->"),
        [f"{DIR}/chek-list.md:11: страница не дописана (пункты); допиши и убери пометку «НЕ ГОТОВО»"],
    ),
    "пометка «Не готово» без пояснения": (
        lambda r: edit(r, f"{DIR}/chek-list.md", "# Тестовый чек-лист", "# Тестовый чек-лист\n\n<!--Не готово-->"),
        [f"{DIR}/chek-list.md:11: страница не дописана: стоит пометка «не готово»; допиши и убери её"],
    ),
    # --- текст заготовки (scripts/new_thesis.py), оставленный без пометки ---
    "заготовка в тексте тезиса": (
        lambda r: edit(r, THESIS, "Введение к тезису.", "Введение: зачем ассистенту этот тезис (1–2 абзаца)."),
        [f"{THESIS}:25: остался текст заготовки «Введение: зачем ассистенту этот тезис»; замени его своим текстом"],
    ),
    "заготовка в нескольких строках, регистр другой": (
        lambda r: edit(r, f"{DIR}/chek-list.md", "- [ ] Открой карточку клиента\n- [ ] Прочитай историю",
                       "- [ ] ПЕРВОЕ ДЕЙСТВИЕ в повелительном наклонении\n- [ ] второе действие"),
        [f"{DIR}/chek-list.md:11: остался текст заготовки «Первое действие в повелительном наклонении» (и ещё в 1 стр.); "
         "замени его своим текстом"],
    ),
    "заготовка страницы темы": (
        lambda r: edit(r, "docs/razdel/tema/index.md", "<!-- kb:theses -->",
                       "О чём тема и кому она нужна (1–2 абзаца). Тезисы темы — ниже.\n\n<!-- kb:theses -->"),
        ["docs/razdel/tema/index.md:12: остался текст заготовки «О чём тема и кому она нужна (1–2 абзаца)»; "
         "замени его своим текстом"],
    ),
    "заготовка в тесте": (
        lambda r: edit(r, QUIZ, "> Тоже мимо.", "> В чём ошибка."),
        [f"{QUIZ}:8: остался текст заготовки «> В чём ошибка.»; замени его своим текстом"],
    ),
    "тег заготовки в front matter": (
        lambda r: edit(r, f"{DIR}/skript.md", "tags: [скрипт]", "tags: [тег-заготовки]"),
        [f"{DIR}/skript.md:6: остался текст заготовки «тег-заготовки»; замени его своим текстом"],
    ),
    # --- ответственный и дата проверки ---
    "нет ответственного": (
        lambda r: edit(r, f"{DIR}/skript.md", "owner: Методист курса\n", ""),
        [f"{DIR}/skript.md:1: в front matter нет поля «owner»: кто отвечает за точность страницы — роль или человек; "
         "добавь, например, owner: Методист курса"],
    ),
    "ответственный не строкой": (
        lambda r: edit(r, THESIS, "owner: Методист курса", "owner: [Анна, Борис]"),
        [f"{THESIS}:2: поле «owner» заполнено неверно; нужно: роль или человек строкой, например Методист курса"],
    ),
    "нет даты проверки": (
        lambda r: edit(r, THESIS, "reviewed: 2026-01-15\n", ""),
        [f"{THESIS}:1: в front matter нет поля «reviewed»: когда страницу последний раз проверили; добавь дату, "
         "например reviewed: 2026-11-20"],
    ),
    "дата проверки не в ГГГГ-ММ-ДД": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "reviewed: 2026-01-15", "reviewed: 15.01.2026"),
        [f"{DIR}/rukovodstvo.md:3: поле «reviewed» — дата ГГГГ-ММ-ДД, например 2026-11-20, а не «15.01.2026»"],
    ),
    "дата со временем": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "reviewed: 2026-01-15", "reviewed: 2026-01-15 10:00"),
        [f"{DIR}/rukovodstvo.md:3: поле «reviewed» — дата ГГГГ-ММ-ДД, например 2026-11-20, а не «2026-01-15 10:00»"],
    ),
    "даты нет в календаре": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "reviewed: 2026-01-15", "reviewed: 2026-02-30"),
        [f"{DIR}/rukovodstvo.md:3: front matter не читается как YAML: даты 2026-02-30 нет в календаре; нужна дата "
         "ГГГГ-ММ-ДД: месяц от 01 до 12, день — какой есть в месяце; поправь синтаксис"],
    ),
    "дата проверки в будущем": (
        lambda r: edit(r, THESIS, "reviewed: 2026-01-15", "reviewed: 2999-01-01"),
        [f"{THESIS}:3: дата в поле «reviewed» (01.01.2999) ещё не наступила; поставь день, когда страницу "
         "действительно проверили или изменили"],
    ),
    "дата проверки — завтра (KB_TODAY)": (
        lambda r: (edit(r, THESIS, "reviewed: 2026-01-15", "reviewed: 2026-03-02"), {"KB_TODAY": "2026-03-01"})[1],
        [f"{THESIS}:3: дата в поле «reviewed» (02.03.2026) ещё не наступила; поставь день, когда страницу "
         "действительно проверили или изменили"],
    ),
    "дата изменения не дата": (
        lambda r: edit(r, THESIS, "reviewed: 2026-01-15", "reviewed: 2026-01-15\nupdated: вчера"),
        [f"{THESIS}:4: поле «updated» — дата ГГГГ-ММ-ДД, например 2026-11-20, а не «вчера»"],
    ),
    "свой срок проверки не число": (
        lambda r: edit(r, THESIS, "reviewed: 2026-01-15", "reviewed: 2026-01-15\nreview_every: полгода"),
        [f"{THESIS}:4: поле «review_every» — через сколько дней перепроверять страницу, целое число больше нуля, "
         "а не «полгода»"],
    ),
    "KB_TODAY не дата": (
        lambda r: {"KB_TODAY": "завтра"},
        ["(переменные окружения):1: KB_TODAY: нужна дата ГГГГ-ММ-ДД, а не «завтра»; поправь её или убери"],
    ),
    # --- меню ---
    "страница в nav рядом с маркером разделов": (
        lambda r: write(r, "mkdocs.yml", 'site_name: x\nnav:\n  - index.md\n  - "<!-- kb:sections -->"\n'
                        "  - Тезис ещё раз: razdel/tema/tezis/index.md\n"),
        ["mkdocs.yml:5: страница razdel/tema/tezis/index.md стоит в nav руками, а в меню её и так ставит строка "
         "«<!-- kb:sections -->» (по папкам); убери её из nav, иначе она в меню дважды"],
    ),
    "страница в nav дважды": (
        lambda r: write(r, "mkdocs.yml", 'site_name: x\nnav:\n  - index.md\n  - "<!-- kb:sections -->"\n'
                        "  - Ещё:\n      - Главная снова: 'index.md'  # по ошибке\n"),
        ["mkdocs.yml:6: страница index.md уже есть в nav в строке 3; оставь её в меню один раз"],
    ),
    # --- HTML, который выполняется ---
    "тег script": (
        lambda r: edit(r, THESIS, "Введение к тезису.", "Введение к тезису. <script>alert(1)</script>"),
        [f"{THESIS}:25: тег <script> в тексте; такой HTML выполняется в браузере ученика; убери его (оформление — средствами Markdown)"],
    ),
    "обработчик onerror в ответе теста": (
        lambda r: edit(r, QUIZ, "- [ ] Другой ответ 2", "- [ ] Другой ответ 2 <img src=x onerror=alert(1)>"),
        [
         "quizzes/tezis.md:17: атрибут-обработчик on…= в тексте; такой HTML выполняется в браузере ученика; убери его (оформление — средствами Markdown)",
        ],
    ),
    "ссылка javascript:": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "1. Найди клиента.", "1. Найди [клиента](javascript:alert(1))."),
        [
         "docs/razdel/tema/tezis/rukovodstvo.md:11: ссылка javascript: в тексте; такой HTML выполняется в браузере ученика; убери его (оформление — средствами Markdown)",
        ],
    ),
    # --- маркеры и ключевые слова ---
    "неизвестный маркер": (
        lambda r: edit(r, THESIS, "<!-- kb:materials -->", "<!-- kb:materials -->\n<!-- kb:material -->"),
        [f"{THESIS}:61: неизвестный маркер <!-- kb:material -->; допустимы: <!-- kb:cheatsheet -->, <!-- kb:cheatsheets -->, "
         "<!-- kb:course-summary -->, <!-- kb:glossary -->, <!-- kb:materials -->, <!-- kb:quiz -->, <!-- kb:theses -->, <!-- kb:topics -->"],
    ),
    "маркер не на странице тезиса": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "3. Прочитай историю.", "3. Прочитай историю.\n\n<!-- kb:quiz -->"),
        [
         "docs/razdel/tema/tezis/rukovodstvo.md:15: маркер <!-- kb:quiz --> работает только на странице с type: thesis; убери его или поправь type",
        ],
    ),
    "ключевые слова поиска не списком": (
        lambda r: edit(r, THESIS, "quiz: quizzes/tezis.md\n", "quiz: quizzes/tezis.md\nsearch_keywords: 5\n"),
        [f"{THESIS}:22: search_keywords: нужен список фраз, а не int; запиши фразы списком, по строке на пункт"],
    ),
    "подстановка после предлога": (
        lambda r: edit(r, f"{DIR}/skript.md", "Перезвоню вам [Дата].", "Перезвоню вам [Дата] по [Услуга]."),
        [
         "docs/razdel/tema/tezis/skript.md:13: подстановка [Услуга] стоит сразу после предлога «по»: введённое слово не согласуется; поставь её туда, где подходит именительный падеж (например, «по теме: [Услуга]»), или подскажи форму в скобках: [Услуга: например, …]",
        ],
    ),
    # --- словарь ---
    "словарь не в UTF-8": (
        lambda r: (r / GLOSSARY).parent.mkdir(parents=True) or (r / GLOSSARY).write_bytes("- term: СРМ\n".encode("cp1251")),
        [f"{GLOSSARY}:1: словарь: файл не в UTF-8; пересохрани его в кодировке UTF-8"],
    ),
    "словарь не YAML": (
        lambda r: glossary(r, GOOD_TERM + "- term: [SLA\n"),
        [
         "docs/includes/glossary.yml:5: словарь не читается как YAML: did not find expected ',' or ']'",
        ],
    ),
    "словарь не список": (
        lambda r: glossary(r, "term: CRM\n"),
        [f"{GLOSSARY}:1: словарь — это список записей «- term: …, definition: …, forms: […]»"],
    ),
    "запись словаря не словарь": (
        lambda r: glossary(r, GOOD_TERM + "- просто строка\n"),
        [f"{GLOSSARY}:4: запись словаря должна быть словарём с полями term, definition, forms"],
    ),
    "у записи словаря нет термина": (
        lambda r: glossary(r, GOOD_TERM + "- definition: Без термина.\n  forms: [SLA]\n"),
        [f"{GLOSSARY}:4: у записи словаря нет поля term (термин)"],
    ),
    "термин словаря повторяется": (
        lambda r: glossary(r, GOOD_TERM + GOOD_TERM.replace("forms: [CRM]", "forms: [СРМ]")),
        [f"{GLOSSARY}:4: термин «CRM» уже есть в строке 1; объедини записи"],
    ),
    "у термина нет определения": (
        lambda r: glossary(r, "- term: CRM\n  forms: [CRM]\n"),
        [f"{GLOSSARY}:1: у термина «CRM» нет определения в одну строку (definition)"],
    ),
    "опасный HTML в определении": (
        lambda r: glossary(r, "- term: CRM\n  definition: 'Система <img src=x onerror=alert(1)>'\n  forms: [CRM]\n"),
        [f"{GLOSSARY}:1: в определении термина «CRM» атрибут-обработчик on…=; такой HTML выполняется в браузере ученика; "
         "убери его (оформление — средствами Markdown)"],
    ),
    "tooltip не да или нет": (
        lambda r: glossary(r, "- term: CRM\n  definition: Система.\n  forms: [CRM]\n  tooltip: иногда\n"),
        [f"{GLOSSARY}:1: у термина «CRM» поле tooltip — true или false (подсказка на страницах или только строка в «Словаре»)"],
    ),
    "у термина нет форм": (
        lambda r: glossary(r, "- term: CRM\n  definition: Система.\n"),
        [f"{GLOSSARY}:1: у термина «CRM» нет списка форм (forms), по которым его находить в тексте"],
    ),
    "форма у двух терминов": (
        lambda r: glossary(r, GOOD_TERM + "- term: СРМ\n  definition: То же.\n  forms: [CRM]\n"),
        [f"{GLOSSARY}:4: форма «CRM» уже есть у термина в строке 1; оставь её у одного термина"],
    ),
    # --- разделы, темы, порядок ---
    "страница раздела не на своём месте": (
        lambda r: write(r, "docs/razdel/tema/drugoi.md", "---\ntype: section\ntitle: Не тут\n---\n\n# Не тут\n"),
        ["docs/razdel/tema/drugoi.md:2: страница раздела должна быть docs/<раздел>/index.md; перенеси её или поправь type"],
    ),
    "тема без раздела": (
        lambda r: write(r, "docs/bez-razdela/tema/index.md", "---\ntype: topic\ntitle: Сирота\n---\n\n# Сирота\n"),
        ["docs/bez-razdela/tema/index.md:2: страница темы должна быть docs/<раздел>/<тема>/index.md, а в папке раздела — "
         "index.md с type: section; перенеси её или создай раздел (make topic)"],
    ),
    "тезис вне темы": (
        lambda r: (shutil.move(str(r / DIR), str(r / "docs/razdel/tezis"))),
        ["docs/razdel/tezis/index.md:4: тезис должен лежать в папке темы: docs/<раздел>/<тема>/<тезис>/index.md, а в папке "
         "темы — index.md с type: topic; перенеси его или создай тему (make topic)"],
    ),
    "шпаргалка вне темы": (
        lambda r: write(r, "docs/shpargalka.md", "---\ntype: cheatsheet\ntitle: Шпаргалка\n---\n\n<!-- kb:cheatsheet -->\n"),
        ["docs/shpargalka.md:2: шпаргалка (type: cheatsheet) работает только в папке темы; сайт и так создаёт её для каждой темы"],
    ),
    "имя шпаргалки занято": (
        lambda r: write(r, "docs/razdel/tema/shpargalka.md", f"---\ntype: reference\ntitle: Своя\n{REVIEWED}---\n\n# Своя\n"),
        ["docs/razdel/tema/shpargalka.md:1: имя shpargalka.md в папке темы занято шпаргалкой, которую собирает сайт; "
         "переименуй файл"],
    ),
    "order темы не число": (
        lambda r: edit(r, "docs/razdel/tema/index.md", "order: 1", "order: первая"),
        ["docs/razdel/tema/index.md:3: поле «order» — целое число: место в меню среди соседей"],
    ),
    "два тезиса с одним order": (
        lambda r: second_thesis(r, same_id=False),
        ["docs/razdel/tema/tezis2/index.md:7: order 1 уже у тезиса docs/razdel/tema/tezis/index.md; у тезисов темы "
         "порядковые номера разные"],
    ),
    # --- сироты ---
    "материал-сирота": (
        lambda r: write(r, "docs/razdel/lishnii.md", f"---\ntype: material\ntitle: Лишний\n{REVIEWED}---\n\n# Лишний\n"),
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
    # --- поля тезиса ---
    "поле front matter отсутствует": (
        lambda r: edit(r, THESIS, "summary: Короткое описание тезиса.\n", ""),
        [f"{THESIS}:1: в front matter тезиса нет поля «summary»; добавь его: одна строка: чему учит тезис"],
    ),
    "поле front matter не того типа": (
        lambda r: edit(r, THESIS, "order: 1", "order: первый"),
        [f"{THESIS}:7: поле «order» заполнено неверно; нужно: {ORDER}"],
    ),
    "отрицательная длительность": (
        lambda r: edit(r, THESIS, "duration: 10", "duration: -5"),
        [f"{THESIS}:9: поле «duration» должно быть больше нуля, а не -5"],
    ),
    "id не латиницей": (
        lambda r: edit(r, THESIS, "id: tezis", "id: Тезис"),
        [f"{THESIS}:5: id «Тезис» недопустим; нужно: латиница, цифры и дефисы"],
    ),
    "повтор id": (
        second_thesis,
        ["docs/razdel/tema/tezis2/index.md:5: id «tezis» уже занят тезисом docs/razdel/tema/tezis/index.md; выбери другой",
         "docs/razdel/tema/tezis2/index.md:7: order 1 уже у тезиса docs/razdel/tema/tezis/index.md; у тезисов темы "
         "порядковые номера разные"],
    ),
    "мало фраз для шпаргалки": (
        lambda r: edit(r, THESIS, "phrases: [«Здравствуйте!», «Спасибо за ожидание.», «Давайте подведу итог.»]", "phrases: [«Здравствуйте!»]"),
        [f"{THESIS}:22: в phrases нужно от 3 до 5 фраз-строк; сейчас 1"],
    ),
    "много фраз для шпаргалки": (
        lambda r: edit(r, THESIS, "«Давайте подведу итог.»]", "«Давайте подведу итог.», «Раз», «Два», «Три»]"),
        [f"{THESIS}:22: в phrases нужно от 3 до 5 фраз-строк; сейчас 6"],
    ),
    "summary в несколько строк": (
        lambda r: edit(r, THESIS, "summary: Короткое описание тезиса.", "summary: |\n  Первая строка.\n  Вторая строка."),
        [f"{THESIS}:8: summary должен быть одной строкой; сократи его"],
    ),
    "путь не латиницей": (
        lambda r: (shutil.move(str(r / DIR), str(r / "docs/razdel/tema/тезис"))),
        ["docs/razdel/tema/тезис/index.md:1: в пути «тезис» не только латиница; папки и файлы называй ASCII-слагами"],
    ),
    # --- разделы страницы тезиса ---
    "нет введения": (
        lambda r: edit(r, THESIS, "Введение к тезису.\n", ""),
        [f"{THESIS}:24: нет введения перед первым разделом; напиши 1–2 абзаца о том, зачем этот тезис"],
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
    "мало шагов": (
        lambda r: edit(r, THESIS, "### 3. Третий шаг\n\nТекст шага.\n\n!!! example \"Пример\"\n    Пример шага.\n\n", ""),
        [f"{THESIS}:27: в разделе «Как сделать хорошо» 2 шагов (### …); нужно не меньше 3"],
    ),
    "шаг без примера или совета": (
        lambda r: edit(r, THESIS, '!!! tip "Совет"\n    Совет к шагу.\n', ""),
        [f"{THESIS}:36: у шага «2. Второй шаг» нет примера или совета; добавь блок !!! example \"Пример\" или !!! tip \"Совет\""],
    ),
    "мало ошибок": (
        lambda r: edit(r, THESIS, "### 3. Третья ошибка\n", ""),
        [f"{THESIS}:50: в разделе «Ошибки, которых стоит избегать» 2 ошибок (### …); нужно не меньше 3"],
    ),
    "нет маркера материалов": (
        lambda r: edit(r, THESIS, "<!-- kb:materials -->", ""),
        [f"{THESIS}:58: в разделе «Материалы» нет маркера <!-- kb:materials -->; вставь его строкой под заголовком"],
    ),
    "пустой итог": (
        lambda r: edit(r, THESIS, "## Итог\n\nВывод.\n", "## Итог\n\n"),
        [f"{THESIS}:62: раздел «Итог» пуст; напиши вывод в 2–4 предложениях"],
    ),
    # --- материалы ---
    "материал не словарь": (
        lambda r: edit(r, THESIS, "  - title: Тестовое руководство\n    kind: guide\n    page: rukovodstvo.md\n",
                       "  - rukovodstvo.md\n"),
        [
         "docs/razdel/tema/tezis/index.md:18: материал записывается словарём с полями title, kind, page",
         "docs/razdel/tema/tezis/rukovodstvo.md:4: материал не объявлен ни в одном тезисе; добавь его в materials тезиса или удали файл",
        ],
    ),
    "у материала нет поля": (
        lambda r: edit(r, THESIS, "    kind: guide\n", ""),
        [
         "docs/razdel/tema/tezis/index.md:18: у материала нет поля «kind»; заполни title, kind и page",
         "docs/razdel/tema/tezis/rukovodstvo.md:4: материал не объявлен ни в одном тезисе; добавь его в materials тезиса или удали файл",
        ],
    ),
    "материал вне docs": (
        lambda r: edit(r, THESIS, "page: rukovodstvo.md", "page: ../../../../../etc/passwd"),
        [
         "docs/razdel/tema/tezis/index.md:18: материал «Тестовое руководство»: путь ../../../../../etc/passwd ведёт за пределы docs/ или не к файлу .md; укажи файл .md рядом со страницей тезиса",
         "docs/razdel/tema/tezis/rukovodstvo.md:4: материал не объявлен ни в одном тезисе; добавь его в materials тезиса или удали файл",
        ],
    ),
    "материал объявлен дважды": (
        lambda r: edit(r, THESIS, "page: rukovodstvo.md", "page: chek-list.md"),
        [
         "docs/razdel/tema/tezis/index.md:18: материал docs/razdel/tema/tezis/chek-list.md уже объявлен в docs/razdel/tema/tezis/index.md; у материала один тезис",
         "docs/razdel/tema/tezis/rukovodstvo.md:4: материал не объявлен ни в одном тезисе; добавь его в materials тезиса или удали файл",
        ],
    ),
    "неизвестный вид материала": (
        lambda r: edit(r, THESIS, "kind: guide", "kind: manual"),
        [f"{THESIS}:18: вид материала «manual» неизвестен; допустимы: checklist, script, guide, list, case, template"],
    ),
    "файла материала нет": (
        lambda r: (r / DIR / "chek-list.md").unlink(),
        [f"{THESIS}:12: материал «Тестовый чек-лист»: файла {DIR}/chek-list.md нет; создай его или поправь page"],
    ),
    "у тезиса нет чек-листа": (
        drop_checklist,
        [f"{THESIS}:11: у тезиса нет материала вида «checklist» (Чек-лист); добавь хотя бы один"],
    ),
    "материал без type": (
        lambda r: edit(r, f"{DIR}/skript.md", "type: material\n", ""),
        [f"{DIR}/skript.md:1: у страницы материала должно быть «type: material» в front matter"],
    ),
    "у материала нет тегов": (
        lambda r: edit(r, f"{DIR}/skript.md", "tags: [скрипт]\n", ""),
        [f"{DIR}/skript.md:1: у материала нет тегов; добавь в front matter tags: [звонок, письма] — по ним материал найдут на странице «Теги»"],
    ),
    "заголовок материала расходится": (
        lambda r: edit(r, f"{DIR}/skript.md", "title: Тестовый скрипт", "title: Другой скрипт"),
        [f"{DIR}/skript.md:5: заголовок материала «Другой скрипт» не совпадает с объявленным в {THESIS}: "
         "«Тестовый скрипт»; сделай их одинаковыми"],
    ),
    "в чек-листе мало пунктов": (
        lambda r: edit(r, f"{DIR}/chek-list.md", "- [ ] Поставь цель\n- [ ] Подготовь ответы\n", ""),
        [f"{DIR}/chek-list.md:8: в чек-листе 3 пунктов «- [ ] …»; нужно не меньше 5"],
    ),
    "в скрипте нет блока": (
        lambda r: edit(r, f"{DIR}/skript.md", "```script", "```text"),
        [f"{DIR}/skript.md:8: в шаблоне нет блока ```script с текстом; оформи скрипт или письмо в таком блоке"],
    ),
    "в скрипте нет подстановок": (
        lambda r: edit(r, f"{DIR}/skript.md", "Здравствуйте, [Имя клиента]! Меня зовут [Твоё имя].\nПерезвоню вам [Дата].",
                       "Здравствуйте! Меня зовут Анна."),
        [f"{DIR}/skript.md:11: в блоке ```script нет ни одной подстановки вида [Имя клиента]; отметь, что заполнять"],
    ),
    "в руководстве нет нумерованных шагов": (
        lambda r: edit(r, f"{DIR}/rukovodstvo.md", "1. Найди клиента.\n2. Открой карточку.\n3. Прочитай историю.",
                       "Найди клиента, открой карточку и прочитай историю."),
        [f"{DIR}/rukovodstvo.md:8: в руководстве 0 нумерованных шагов; нужно не меньше 3 («1. …»)"],
    ),
    "кейс-заготовка": (
        lambda r: edit(r, THESIS, "kind: guide", "kind: case"),
        [
         "docs/razdel/tema/tezis/rukovodstvo.md:8: в материале всего 12 слов; это заготовка, а не материал — допиши его",
        ],
    ),
    # --- тест ---
    "тест вне quizzes": (
        lambda r: edit(r, THESIS, "quiz: quizzes/tezis.md", "quiz: ../tezis.md"),
        [f"{THESIS}:21: тест ../tezis.md лежит вне папки quizzes/; перенеси его туда",
         "quizzes/final/tezis.md:1: вопросы итогового теста без тезиса: файл называется так же, как тест тезиса (quizzes/final/<имя>.md для quizzes/<имя>.md); переименуй его или удали",
         "quizzes/tezis.md:1: тест не объявлен ни в одном тезисе; укажи его в поле quiz тезиса или удали файл"],
    ),
    "файла теста нет": (
        lambda r: (r / QUIZ).unlink(),
        [f"{THESIS}:21: файла теста quizzes/tezis.md нет; создай его (make thesis делает заготовку) или поправь quiz"],
    ),
    "тест у двух тезисов": (
        lambda r: (second_thesis(r, same_id=False), edit(r, "docs/razdel/tema/tezis2/index.md", "order: 1", "order: 2"),
                   edit(r, "docs/razdel/tema/tezis2/index.md", "quiz: quizzes/tezis2.md", "quiz: quizzes/tezis.md")),
        ["docs/razdel/tema/tezis2/index.md:21: тест quizzes/tezis.md уже объявлен в docs/razdel/tema/tezis/index.md; "
         "у каждого тезиса свой тест",
         "quizzes/final/tezis2.md:1: вопросы итогового теста без тезиса: файл называется так же, как тест тезиса (quizzes/final/<имя>.md для quizzes/<имя>.md); переименуй его или удали",
         "quizzes/tezis2.md:1: тест не объявлен ни в одном тезисе; укажи его в поле quiz тезиса или удали файл"],
    ),
    "у тезиса два теста": (
        lambda r: edit(r, THESIS, "quiz: quizzes/tezis.md", "quiz: [quizzes/tezis.md, quizzes/drugoi.md]"),
        [f"{THESIS}:21: у тезиса должен быть ровно один тест; укажи в quiz один файл",
         "quizzes/final/tezis.md:1: вопросы итогового теста без тезиса: файл называется так же, как тест тезиса (quizzes/final/<имя>.md для quizzes/<имя>.md); переименуй его или удали",
         f"{QUIZ}:1: тест не объявлен ни в одном тезисе; укажи его в поле quiz тезиса или удали файл"],
    ),
    "в тесте мало вопросов": (
        lambda r: write(r, QUIZ, (r / QUIZ).read_text(encoding="utf-8").rsplit("<quiz>", 1)[0]),
        [f"{QUIZ}:1: в тесте 7 вопросов; нужно не меньше 8"],
    ),
    "в вариантах слова-абсолюты": (
        lambda r: edit(r, QUIZ, "- [ ] Неверный ответ", "- [ ] Всё это неверный ответ", count=-1),
        [f"{QUIZ}:1: слова-абсолюты (всё, всегда, только, сразу…) стоят в 8 из 16 неверных ответов (50%) и в 0 из 8 "
         "верных (0%): разница больше 15%, по ней угадывают ответ; убери их из неверных ответов или поставь и в верные"],
    ),
    "абсолюты только в верных": (
        lambda r: edit(r, QUIZ, "- [x] Верный ответ", "- [x] ВСЕГДА верный ответ", count=-1),
        [f"{QUIZ}:1: верные ответы в среднем в 1.31 раза длиннее самых длинных неверных (можно не больше 1.15); "
         "уравняй длину вариантов",
         f"{QUIZ}:1: верный ответ — самый длинный в 8 из 8 вопросов с одним ответом (100%; можно не больше 40%); "
         "сделай неверные ответы такими же подробными и конкретными",
         f"{QUIZ}:1: слова-абсолюты (всё, всегда, только, сразу…) стоят в 0 из 16 неверных ответов (0%) и в 8 из 8 "
         "верных (100%): разница больше 15%, по ней угадывают ответ; убери их из верных ответов или поставь и в неверные"],
    ),
    # --- вопросы итогового теста (quizzes/final/) ---
    "нет вопросов итогового теста": (
        lambda r: (r / FINAL).unlink(),
        [f"{THESIS}:21: у тезиса нет вопросов итогового теста: создай {FINAL} — не меньше 6 вопросов <quiz>, как в "
         "тесте тезиса, но других (итоговый тест берёт вопросы только оттуда)"],
    ),
    "мало вопросов итогового теста": (
        lambda r: write(r, FINAL, (r / FINAL).read_text(encoding="utf-8").rsplit("<quiz>", 1)[0]),
        [f"{FINAL}:1: вопросов итогового теста с выбором ответа 5; нужно не меньше 6: каждая попытка берёт из них "
         "новую выборку"],
    ),
    "вопросы итогового теста без тезиса": (
        lambda r: shutil.copy(r / FINAL, r / "quizzes/final/lishnii.md"),
        ["quizzes/final/lishnii.md:1: вопросы итогового теста без тезиса: файл называется так же, как тест тезиса "
         "(quizzes/final/<имя>.md для quizzes/<имя>.md); переименуй его или удали"],
    ),
    "тест тезиса в папке итогового": (
        lambda r: (shutil.move(str(r / QUIZ), str(r / "quizzes/final/svoi.md")),
                   edit(r, THESIS, "quiz: quizzes/tezis.md", "quiz: quizzes/final/svoi.md")),
        [f"{THESIS}:21: тест quizzes/final/svoi.md лежит в quizzes/final/, где живут вопросы итогового теста, которые "
         "сайт не показывает; положи тест тезиса прямо в quizzes/",
         "quizzes/final/svoi.md:1: вопросы итогового теста без тезиса: файл называется так же, как тест тезиса (quizzes/final/<имя>.md для quizzes/<имя>.md); переименуй его или удали",
         "quizzes/final/tezis.md:1: вопросы итогового теста без тезиса: файл называется так же, как тест тезиса (quizzes/final/<имя>.md для quizzes/<имя>.md); переименуй его или удали"],
    ),
    "вопрос с пропуском в итоговом тесте": (
        lambda r: write(r, FINAL, (r / FINAL).read_text(encoding="utf-8") + "\n<quiz>\nВ итоговом пропущено [[слово]].\n</quiz>\n"),
        [f"{FINAL}:61: вопрос с пропуском [[…]] итоговый тест не оценивает; замени его вопросом с выбором ответа"],
    ),
    "вопрос теста тезиса в итоговом тесте": (
        lambda r: edit(r, FINAL, "Итоговый вопрос номер 2?", "Вопрос  номер 2?"),
        [f"{FINAL}:11: этот вопрос есть в тесте тезиса {QUIZ}:11, и его верный ответ ученик уже видел; задай в "
         "итоговом тесте другой вопрос"],
    ),
    "у ответа итогового теста нет пояснения": (
        lambda r: edit(r, FINAL, "- [ ] Другой итоговый ответ 3\n> Тоже мимо.\n", "- [ ] Другой итоговый ответ 3\n"),
        [f"{FINAL}:27: у ответа нет пояснения; добавь строку «> …» сразу под ответом: почему он верен или нет"],
    ),
    "в итоговом тесте верный ответ самый длинный": (
        lambda r: edit(r, FINAL, "- [x] Верный итоговый ответ", "- [x] Верный, подробный итоговый ответ", count=-1),
        [f"{FINAL}:1: верные ответы в среднем в 1.36 раза длиннее самых длинных неверных (можно не больше 1.15); "
         "уравняй длину вариантов",
         f"{FINAL}:1: верный ответ — самый длинный в 6 из 6 вопросов с одним ответом (100%; можно не больше 40%); "
         "сделай неверные ответы такими же подробными и конкретными"],
    ),
    "вопросы только с пропуском слова": (
        lambda r: write(r, QUIZ, "\n".join(f"<quiz>\nВ тесте номер {n} пропущено [[слово]].\n</quiz>\n" for n in range(1, 9))),
        [f"{QUIZ}:1: в тесте 0 вопросов с выбором ответа; нужно не меньше 6: по ним считается, сдан ли тест "
         "(вопросы с пропуском [[…]] не оцениваются)"],
    ),
    "вопрос не закрыт": (
        lambda r: edit(r, QUIZ, "> Тоже мимо.\n</quiz>\n\n<quiz>\nВопрос номер 4?", "> Тоже мимо.\n\n<quiz>\nВопрос номер 4?"),
        [
         "quizzes/tezis.md:21: вопрос не закрыт тегом </quiz>; закрой его перед следующим <quiz>",
        ],
    ),
    "последний вопрос не закрыт": (
        lambda r: edit(r, QUIZ, "> Тоже мимо.\n</quiz>\n", "> Тоже мимо.\n", count=-1) if False else
        write(r, QUIZ, (r / QUIZ).read_text(encoding="utf-8").rstrip("\n").removesuffix("</quiz>") + "\n"),
        [
         "quizzes/tezis.md:71: вопрос не закрыт тегом </quiz>; добавь его в конце вопроса",
        ],
    ),
    "лишний закрывающий тег": (
        lambda r: edit(r, QUIZ, "</quiz>\n\n<quiz>\nВопрос номер 2?", "</quiz>\n</quiz>\n\n<quiz>\nВопрос номер 2?"),
        [
         "quizzes/tezis.md:10: лишний </quiz>: перед ним нет открытого <quiz>",
        ],
    ),
    "повтор вопроса": (
        lambda r: edit(r, QUIZ, "Вопрос номер 2?\n- [x] Верный ответ 2\n> Потому что так.\n- [ ] Неверный ответ 2\n"
                       "> Потому что иначе.\n- [ ] Другой ответ 2", "Вопрос номер 1?\n- [x] Верный ответ 1\n> Потому что так.\n"
                       "- [ ] Неверный ответ 1\n> Потому что иначе.\n- [ ] Другой ответ 1"),
        [
         "quizzes/tezis.md:11: такой же вопрос уже есть в строке 1; удали повтор или измени его",
        ],
    ),
    "пояснение оторвано от ответа": (
        lambda r: edit(r, QUIZ, "- [x] Верный ответ 5\n> Потому", "- [x] Верный ответ 5\n\n> Потому"),
        [
         "quizzes/tezis.md:41: вопрос не разбирается mkdocs-quiz: Orphaned feedback line found after answer 'Верный ответ 5'. Feedback blockquotes (> ...) must immediately follow their answer with no blank lines in between. Found: > Потому что так.",
        ],
    ),
    "нет формулировки вопроса": (
        lambda r: edit(r, QUIZ, "Вопрос номер 3?\n", ""),
        [
         "quizzes/tezis.md:21: у вопроса нет формулировки; напиши её перед ответами",
        ],
    ),
    "в вопросе нет верного ответа": (
        lambda r: edit(r, QUIZ, "- [x] Верный ответ 3", "- [ ] Верный ответ 3"),
        [
         "quizzes/tezis.md:21: в вопросе нет верного ответа; отметь верный как «- [x]»",
        ],
    ),
    "в вопросе нет неверного ответа": (
        lambda r: edit(r, QUIZ, "- [ ] Неверный ответ 4\n> Потому что иначе.\n- [ ] Другой ответ 4",
                       "- [x] Неверный ответ 4\n> Потому что иначе.\n- [x] Другой ответ 4"),
        [
         "quizzes/tezis.md:31: в вопросе нет неверного ответа; добавь правдоподобный неверный «- [ ]»",
        ],
    ),
    "два варианта ответа": (
        lambda r: edit(r, QUIZ, "- [ ] Другой ответ 6\n> Тоже мимо.\n", ""),
        [
         "quizzes/tezis.md:51: в вопросе 2 варианта ответа; нужно не меньше 3: с двумя вариантами ответ угадывается",
        ],
    ),
    "у ответа нет пояснения": (
        lambda r: edit(r, QUIZ, "- [ ] Неверный ответ 2\n> Потому что иначе.\n", "- [ ] Неверный ответ 2\n"),
        [
         "quizzes/tezis.md:15: у ответа нет пояснения; добавь строку «> …» сразу под ответом: почему он верен или нет",
        ],
    ),
    "пояснение начинается с вердикта": (
        lambda r: edit(r, QUIZ, "- [x] Верный ответ 7\n> Потому что так.", "- [x] Верный ответ 7\n> Верно: потому что так."),
        [
         "quizzes/tezis.md:63: пояснение начинается с вердикта («Верно», «Неверно»…): его и так пишет тест; начни сразу с объяснения, почему",
        ],
    ),
    "верный ответ всегда самый длинный": (
        lambda r: write(r, QUIZ, (r / QUIZ).read_text(encoding="utf-8").replace("- [x] Верный ответ", "- [x] Верный и подробный ответ")),
        [
         "quizzes/tezis.md:1: верные ответы в среднем в 1.62 раза длиннее самых длинных неверных (можно не больше 1.15); уравняй длину вариантов",
         "quizzes/tezis.md:1: верный ответ — самый длинный в 8 из 8 вопросов с одним ответом (100%; можно не больше 40%); сделай неверные ответы такими же подробными и конкретными",
        ],
    ),
}

#: Сообщения, которые проверяет не validate(), а другой вызов (ниже отдельный тест).
OTHER_TESTS = {"mkdocs.yml: настройки курса"}


@pytest.fixture(scope="module")
def default_settings():
    return kb_settings.from_dict({})


def test_valid_tree_is_clean(valid_tree, default_settings):
    assert validate(valid_tree, default_settings) == []


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_rule_reports_exact_problem(valid_tree, default_settings, case, monkeypatch):
    break_it, expected = CASES[case]
    env = break_it(valid_tree)
    for name, value in (env if isinstance(env, dict) else {}).items():  # случай со своим «сегодня»
        monkeypatch.setenv(name, value)
    assert [str(p) for p in validate(valid_tree, default_settings)] == expected


def test_boundary_exactly_at_quality_thresholds(valid_tree):
    """Ровно на пороге — не нарушение: доля 40% и отношение 1.15 допустимы."""
    settings = kb_settings.from_dict({"longest_correct_share": 0.5, "length_ratio": 1.0})
    # 4 из 8 вопросов: верный длиннее самого длинного неверного
    text = (valid_tree / QUIZ).read_text(encoding="utf-8")
    for n in range(1, 5):
        text = text.replace(f"- [x] Верный ответ {n}\n", f"- [x] Верный ответ номер {n}\n")
    (valid_tree / QUIZ).write_text(text, encoding="utf-8")
    problems = [str(p) for p in validate(valid_tree, settings)]
    assert not any("самый длинный" in p for p in problems), problems  # 50% при пороге 50%
    stricter = kb_settings.from_dict({"longest_correct_share": 0.4, "length_ratio": 1.0})
    assert any("самый длинный в 4 из 8" in str(p) for p in validate(valid_tree, stricter))


def test_boundary_exactly_at_absolute_words_gap(valid_tree):
    """Разница долей ровно на пороге — не нарушение; на один ответ больше — нарушение."""
    settings = kb_settings.from_dict({"absolute_words_gap": 0.25})
    text = (valid_tree / QUIZ).read_text(encoding="utf-8")
    four = text.replace("- [ ] Неверный ответ", "- [ ] Сразу неверный ответ", 4)  # 4 из 16 неверных = 25%
    (valid_tree / QUIZ).write_text(four, encoding="utf-8")
    assert validate(valid_tree, settings) == []
    (valid_tree / QUIZ).write_text(text.replace("- [ ] Неверный ответ", "- [ ] Сразу неверный ответ", 5), encoding="utf-8")
    assert [str(p) for p in validate(valid_tree, settings)] == [
        f"{QUIZ}:1: слова-абсолюты (всё, всегда, только, сразу…) стоят в 5 из 16 неверных ответов (31%) и в 0 из 8 "
        "верных (0%): разница больше 25%, по ней угадывают ответ; убери их из неверных ответов или поставь и в верные"]


@pytest.mark.parametrize("text, absolute", [
    ("Всё сделать за день", True), ("ВСЕГДА перезванивать", True), ("ничего не обещать", True),
    ("Сразу назвать сумму", True), ("любую просьбу", True), ("всесторонний разбор", False),
    ("всё-таки перезвонить", False), ("толковый ответ", False), ("Всеволод", False), ("в общем", False),
])
def test_absolute_words_are_whole_words(text, absolute):
    from kb.validate import has_absolute

    assert has_absolute(text) is absolute


def test_final_pool_minimum_is_a_setting(valid_tree):
    """Порог пула итогового теста — из extra.kb: 7 при шести вопросах — нарушение."""
    settings = kb_settings.from_dict({"min_final_questions": 7})
    assert [str(p) for p in validate(valid_tree, settings)] == [
        f"{FINAL}:1: вопросов итогового теста с выбором ответа 6; нужно не меньше 7: каждая попытка берёт из них "
        "новую выборку"]
    with pytest.raises(ValueError, match="min_final_questions меньше final_per_thesis"):
        kb_settings.from_dict({"min_final_questions": 2, "final_per_thesis": 3})


def test_bom_and_crlf_are_accepted(valid_tree, default_settings):
    """Обычное сохранение в Windows: BOM и переводы строк CRLF — не ошибка."""
    for rel in (THESIS, QUIZ, f"{DIR}/chek-list.md"):
        path = valid_tree / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert validate(valid_tree, default_settings) == []


def test_symlink_out_of_repository_is_refused(valid_tree, default_settings, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntype: material\ntitle: Чужой\n---\n", encoding="utf-8")
    (valid_tree / DIR / "chuzhoi.md").symlink_to(outside)
    problems = [str(p) for p in validate(valid_tree, default_settings)]
    assert problems == [f"{DIR}/chuzhoi.md:1: файл — ссылка за пределы репозитория; положи сам файл в docs/ вместо ссылки"]


def test_bad_course_settings_are_reported(valid_tree):
    (valid_tree / "mkdocs.yml").write_text("site_name: x\nextra:\n  kb:\n    pass_mark: 2\n    lishnee: 1\n", encoding="utf-8")
    assert [str(p) for p in validate(valid_tree)] == [
        "mkdocs.yml:1: mkdocs.yml: extra.kb.pass_mark: нужна доля от 0 до 1 (например, 0.8 — это 80%), а не 2; "
        "mkdocs.yml: extra.kb.lishnee: такой настройки нет; допустимы: " + ", ".join(kb_settings.KEYS)
    ]


@pytest.mark.parametrize("row, paired", [
    ("Здравствуйте, [Имя клиента]!", True),
    ("[Имя] и [Дата]", True),
    ("без подстановок", True),
    ("", True),
    ("[Имя", False),
    ("Имя]", False),
    ("] и [", False),  # закрыта раньше, чем открыта
    ("[Имя [клиента]]", False),  # вложенная
])
def test_placeholder_brackets_paired_on_the_line(row, paired):
    """Граница правила «скобки подстановки парные»: порядок и вложенность, не только счёт скобок."""
    from kb.validate import _check_placeholders, _Report

    report = _Report()
    _check_placeholders("x.md", 1, row, report)
    assert (not report.problems) is paired, [str(p) for p in report.problems]


def test_unsafe_html_inside_code_fence_is_allowed(valid_tree, default_settings):
    """Пример кода в ограде ``` — не HTML страницы: текст целиком совпадает, но строк с ошибкой нет."""
    edit(valid_tree, THESIS, "Введение к тезису.", "Введение к тезису.\n\n```html\n<script>alert(1)</script>\n```\n")
    assert [str(p) for p in validate(valid_tree, default_settings)] == []


def test_all_problems_reported_at_once(valid_tree, default_settings):
    for case in ("файла материала нет", "в вопросе нет верного ответа", "нет обязательного раздела", "тест-сирота"):
        CASES[case][0](valid_tree)
    problems = validate(valid_tree, default_settings)
    assert len(problems) == 4
    assert all(isinstance(p, Problem) and p.line >= 1 for p in problems)


def test_cli_prints_problems_and_exit_code(valid_tree):
    """Одна проверка точки входа: make check печатает путь:строка: сообщение и выходит с 1."""
    CASES["файла материала нет"][0](valid_tree)
    result = run_check(valid_tree)
    assert result.returncode == 1
    assert result.stdout.splitlines() == CASES["файла материала нет"][1]
    assert "Найдено нарушений: 1" in result.stderr
    clean = run_check(ROOT / "tests" / "fixtures" / "valid")
    assert clean.returncode == 0 and clean.stdout.strip() == "Содержание в порядке: нарушений нет."


def message_parts(module: str) -> list[tuple[int, str]]:
    """Самый длинный постоянный кусок каждого сообщения в report.add(...) из scripts/kb/<module>."""
    source = (ROOT / "scripts" / "kb" / module).read_text(encoding="utf-8")
    parts = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add" and len(node.args) == 3:
            message = node.args[2]
            chunks = [message.value] if isinstance(message, ast.Constant) else [
                v.value for v in ast.walk(message) if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            longest = max(chunks, key=len, default="")
            parts.append((node.lineno, longest.strip(" ;:,.")))
    return parts


def test_every_validator_message_has_a_fixture_case():
    expected = "\n".join(line for _, lines in CASES.values() for line in lines)
    missing = [f"validate.py:{no}: «{part}»" for no, part in message_parts("validate.py") if part and part not in expected]
    assert missing == [], "сообщения проверки без случая в CASES:\n" + "\n".join(missing)


def test_markers_inside_code_are_documentation(valid_tree, default_settings):
    """Маркер в блоке кода или в `коде` строки — пример для авторов, а не маркер: ни «неизвестный», ни «не на своей странице»."""
    edit(valid_tree, f"{DIR}/rukovodstvo.md", "3. Прочитай историю.",
         "3. Прочитай историю.\n\nМаркер `<!-- kb:quiz -->` ставит тест, а ``<!-- kb:foo -->`` — нет.\n\n"
         "```markdown\n<!-- kb:neizvestnyi -->\n<!-- kb:materials -->\n```\n\n~~~\n<!-- kb:drugoi -->\n~~~\n")
    assert [str(p) for p in validate(valid_tree, default_settings)] == []
    # тот же маркер вне кода — снова маркер
    edit(valid_tree, f"{DIR}/rukovodstvo.md", "~~~\n<!-- kb:drugoi -->\n~~~\n", "<!-- kb:drugoi -->\n")
    assert [p.message.split(";")[0] for p in validate(valid_tree, default_settings)] == [
        "неизвестный маркер <!-- kb:drugoi -->"]


def test_replace_markers_leaves_code_alone():
    from kb.content import live_markers, replace_markers

    text = "<!-- kb:a -->\n`<!-- kb:a -->` и <!-- kb:b -->\n```\n<!-- kb:a -->\n```\n    <!--kb:a-->"
    assert [(no, m.group(1)) for no, m in live_markers(text)] == [(1, "a"), (2, "b"), (6, "a")]
    assert replace_markers(text, str.upper) == "A\n`<!-- kb:a -->` и B\n```\n<!-- kb:a -->\n```\n    A"


def test_reviewed_today_is_not_in_the_future(valid_tree, default_settings, monkeypatch):
    """Граница: проверено сегодня — можно; завтра — нет (случай в CASES). SOURCE_DATE_EPOCH — тоже «сегодня»."""
    edit(valid_tree, THESIS, "reviewed: 2026-01-15", "reviewed: 2026-03-01")
    monkeypatch.setenv("KB_TODAY", "2026-03-01")
    assert validate(valid_tree, default_settings) == []
    monkeypatch.delenv("KB_TODAY")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01 00:00 UTC
    assert validate(valid_tree, default_settings) == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1772323200 - 1))  # секундой раньше — 28 февраля
    assert [p.line for p in validate(valid_tree, default_settings)] == [3]


def test_scaffold_phrases_come_from_the_scaffold():
    """Каждая фраза SCAFFOLD_PHRASES есть в заготовках scripts/new_thesis.py: проверка и заготовка не разойдутся."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import new_thesis  # noqa: PLC0415
    from kb.content import SCAFFOLD_PHRASES

    templates = "\n".join([new_thesis.THESIS, new_thesis.CHECKLIST, new_thesis.SCRIPT, new_thesis.QUESTION, new_thesis.DIALOGUE,
                           *(about for about, _, _ in new_thesis.INDEX_KINDS.values())])
    lines = [ln.strip() + "\n" for ln in templates.splitlines()]
    missing = [p for p in SCAFFOLD_PHRASES if not any(p in ln for ln in lines)]
    assert missing == []
