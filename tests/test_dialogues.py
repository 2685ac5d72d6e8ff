"""Тренажёр разговора: разбор и граф диалога (kb/dialogues.py) и каждое сообщение его проверки.

Как в test_validator.py: правильное дерево tests/fixtures/valid плюс правильный диалог
tests/fixtures/dialogue, объявленный тезисом; каждый случай портит его одним способом и
сверяет точный список `путь:строка: сообщение`. Мета-тест в конце падает, если в
kb/dialogues.py появилось сообщение без случая.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, build_site, fixture_config, plain
from test_validator import DIR, THESIS, edit, message_parts, second_thesis, write

sys.path.insert(0, str(ROOT / "scripts"))
from kb import dialogues, model  # noqa: E402
from kb import settings as kb_settings  # noqa: E402
from kb.validate import validate  # noqa: E402

DLG = "dialogues/tezis.md"
SITUATION = "docs/pered-zvonkom/sluchai.md"


def with_dialogue(root: Path) -> Path:
    """Дерево valid + диалог tests/fixtures/dialogue, объявленный тезисом (поле dialogue)."""
    shutil.copytree(FIXTURES / "dialogue", root, dirs_exist_ok=True)
    edit(root, THESIS, "quiz: quizzes/tezis.md\n", f"quiz: quizzes/tezis.md\ndialogue: {DLG}\n")
    return root


def situation(root: Path, ref: str) -> None:
    write(root, SITUATION, f"---\ntype: situation\ntitle: Случай\ndialogue: {ref}\n---\n\n# Случай\n\nТекст.\n")


def append(root: Path, text: str) -> None:
    path = root / DLG
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def dedicated(root: Path, name: str) -> None:
    """Тот же диалог под другим именем файла, объявленный тезисом."""
    (root / DLG).rename(root / f"dialogues/{name}")
    edit(root, THESIS, f"dialogue: {DLG}", f"dialogue: dialogues/{name}")


PREFIX = "- [3] Послушайте, пожалуйста, внимательно: "
UNKNOWN_HINT = ("в диалоге бывают узлы «## id», строки «Настроение:», «Ремарка:», «Клиент:», «Концовка:», «Итог:», "
                "реплики «- [N] текст → id» и пояснения «> …» под ними; поправь строку")

CASES = {
    # --- файл и front matter ---
    "непонятная строка": (
        lambda r: edit(r, DLG, "Клиент: И когда же он будет?", "Клиент: И когда же он будет?\nАссистент: Завтра."),
        [f"{DLG}:31: непонятная строка «Ассистент: Завтра.»: {UNKNOWN_HINT}"],
    ),
    "строка до первого узла": (
        lambda r: edit(r, DLG, "---\n\n## zvonok", "---\n\n# Заголовок\n\n## zvonok"),
        [f"{DLG}:16: непонятная строка «# Заголовок»: {UNKNOWN_HINT}"],
    ),
    "пояснение без реплики": (
        lambda r: edit(r, DLG, "Клиент: И когда же он будет?", "Клиент: И когда же он будет?\n  > Поясняю."),
        [f"{DLG}:31: пояснение «> …» не относится ни к одной реплике: поставь его сразу под репликой «- [N] …»"],
    ),
    "пустая строка клиента": (
        lambda r: edit(r, DLG, "Клиент: И когда же он будет?", "Клиент:"),
        [f"{DLG}:30: после «Клиент:» нет текста; допиши его"],
    ),
    "повтор настроения в узле": (
        lambda r: edit(r, DLG, "Настроение: гнев", "Настроение: гнев\nНастроение: тревога"),
        [f"{DLG}:93: строка «Настроение:» в узле «proval» повторяется (первая — в строке 92); оставь одну"],
    ),
    "не type: dialogue": (
        lambda r: edit(r, DLG, "type: dialogue", "type: material"),
        [f"{DLG}:2: у файла диалога должно быть «type: dialogue» в front matter"],
    ),
    "нет названия": (
        lambda r: edit(r, DLG, "title: Отчёт задерживается\n", ""),
        [f"{DLG}:1: в front matter диалога нет поля «title»; добавь его: название диалога, например «Отчёт задерживается "
         "— клиентка звонит сама»"],
    ),
    "ситуация пустая": (
        lambda r: edit(r, DLG, "situation: >-\n  Отчёт должен был уйти в пятницу, но аналитик заболел, и никто не "
                       "предупредил клиентку.\n  Ольга звонит сама.", 'situation: ""'),
        [f"{DLG}:8: поле «situation» заполнено неверно; нужно: ситуация до разговора в 1–3 предложениях"],
    ),
    "клиент не словарь": (
        lambda r: edit(r, DLG, "client:\n  name: Ольга Миронова\n  about: руководитель маркетинга сети кофеен",
                       "client: Ольга Миронова"),
        [f"{DLG}:4: поле «client» заполнено неверно; нужно: клиент: name (имя) и about (кто он)"],
    ),
    "нет имени клиента": (
        lambda r: edit(r, DLG, "  name: Ольга Миронова\n", ""),
        [f"{DLG}:4: у клиента нет поля «name»; добавь: имя клиента, например Ольга Миронова"],
    ),
    "пустое описание клиента": (
        lambda r: edit(r, DLG, "  about: руководитель маркетинга сети кофеен", '  about: ""'),
        [f"{DLG}:6: у клиента нет поля «about»; добавь: кто клиент, одной строкой"],
    ),
    "неизвестный канал": (
        lambda r: edit(r, DLG, "channel: телефон", "channel: факс"),
        [f"{DLG}:7: канал «факс» неизвестен; допустимы: телефон, чат, мессенджер, почта, встреча"],
    ),
    "нет начала": (
        lambda r: edit(r, DLG, "start: zvonok\n", ""),
        [f"{DLG}:1: в front matter диалога нет поля «start»; добавь его: id первого узла, например zvonok"],
    ),
    "начало — несуществующий узел": (
        lambda r: edit(r, DLG, "start: zvonok", "start: nachalo"),
        [f"{DLG}:11: узла «nachalo» из поля start нет; укажи id первого узла"],
    ),
    "ключевые слова не списком": (
        lambda r: edit(r, DLG, "search_keywords:\n  - клиентка ждёт отчёт", "search_keywords: 5"),
        [f"{DLG}:12: search_keywords: нужен список фраз, а не int; запиши фразы списком, по строке на пункт"],
    ),
    "front matter не YAML": (
        lambda r: edit(r, DLG, "channel: телефон", "channel: [телефон"),
        [f"{DLG}:8: front matter не читается как YAML: did not find expected ',' or ']'; поправь синтаксис"],
    ),
    "файл не в UTF-8": (
        lambda r: (r / DLG).write_bytes("---\ntype: dialogue\n---\n".encode("cp1251") + "## а".encode("cp1251")),
        [f"{DLG}:1: файл не в UTF-8 (например, в Windows-1251); пересохрани его в кодировке UTF-8"],
    ),
    "имя файла не латиницей": (
        lambda r: dedicated(r, "Tezis_1.md"),
        ["dialogues/Tezis_1.md:1: имя файла «Tezis_1.md» недопустимо: нужны латиница, цифры и дефисы, например "
         "dialogues/otchet-zaderzhivaetsya.md"],
    ),
    "нет узлов": (
        lambda r: write(r, DLG, (r / DLG).read_text(encoding="utf-8").split("## zvonok")[0]),
        [f"{DLG}:15: в диалоге нет ни одного узла; начни узел заголовком «## id»"],
    ),
    # --- узлы ---
    "недопустимый id узла": (
        lambda r: append(r, "\n## Лишний узел\nКонцовка: провал\nИтог: Никто сюда не попадёт.\n"),
        [f"{DLG}:95: id узла «Лишний узел» недопустим; нужно: латиница, цифры и дефисы, например zvonok"],
    ),
    "повтор id узла": (
        lambda r: append(r, "\n## proval\nКонцовка: провал\nИтог: Снова.\n"),
        [f"{DLG}:95: узел «proval» уже есть в строке 90; у каждого узла свой id"],
    ),
    "ни решение, ни концовка": (
        lambda r: edit(r, DLG, "Концовка: частично\n", ""),
        [f"{DLG}:86: узел «chastichno» — ни решение, ни концовка: добавь 3–4 реплики «- [N] текст → id» или строки "
         "«Концовка: успех|частично|провал» и «Итог: …»"],
    ),
    "и решение, и концовка": (
        lambda r: edit(r, DLG, "Итог: Ольга пишет руководителю.",
                       "Итог: Ольга пишет руководителю.\n- [1] Подождите! → uspekh\n  > Поздно."),
        [f"{DLG}:90: узел «proval» — и решение, и концовка; оставь реплики или строки «Концовка:» и «Итог:»"],
    ),
    "две реплики": (
        lambda r: edit(r, DLG, "- [0] Не знаю, спрошу у аналитика. → proval\n  > Без срока и без плана.\n", ""),
        [f"{DLG}:28: в узле «vyyasnenie» 2 реплики ассистента; нужно от 3 до 4"],
    ),
    "пять реплик": (
        lambda r: edit(r, DLG, "  > Спор с фактом: клиентка слышит упрёк.\n",
                       "  > Спор с фактом: клиентка слышит упрёк.\n- [0] Перезвоните позже. → proval\n  > Отказ.\n"
                       "- [0] Это не ко мне. → proval\n  > Отказ.\n"),
        [f"{DLG}:16: в узле «zvonok» 5 реплик ассистента; нужно от 3 до 4"],
    ),
    "две лучшие реплики": (
        lambda r: edit(r, DLG, "- [1] Скоро", "- [3] Скоро"),
        [f"{DLG}:28: в узле «vyyasnenie» у 2 реплик наибольшие баллы (3); лучшая реплика должна быть одна — измени баллы"],
    ),
    "реплика без баллов": (
        lambda r: edit(r, DLG, "- [0] Не знаю", "- Не знаю"),
        [f"{DLG}:36: у реплики нет баллов; начни её так: «- [N] текст → id», N — от 0 до 5"],
    ),
    "баллы вне 0–5": (
        lambda r: edit(r, DLG, "- [0] Не знаю", "- [7] Не знаю"),
        [f"{DLG}:36: баллы «7» неверны: нужно целое число от 0 до 5"],
    ),
    "реплика без текста": (
        lambda r: edit(r, DLG, "- [0] Не знаю, спрошу у аналитика. → proval", "- [0] → proval"),
        [f"{DLG}:36: у реплики нет текста: напиши, что говорит ассистент"],
    ),
    "реплика без пояснения": (
        lambda r: edit(r, DLG, "  > Без срока и без плана.\n", ""),
        [f"{DLG}:36: у реплики нет пояснения; добавь под ней строку «  > …»: почему реплика работает или нет, со ссылкой "
         "на шаг или ошибку тезиса"],
    ),
    "реплика без перехода": (
        lambda r: edit(r, DLG, "спрошу у аналитика. → proval", "спрошу у аналитика."),
        [f"{DLG}:36: у реплики нет перехода; закончи её стрелкой «→ id» следующего узла"],
    ),
    "переход в несуществующий узел": (
        lambda r: edit(r, DLG, "спрошу у аналитика. → proval", "спрошу у аналитика. -> provall"),
        [f"{DLG}:36: узла «provall» нет; поправь переход или добавь узел «## provall»"],
    ),
    "неизвестное настроение": (
        lambda r: edit(r, DLG, "Настроение: гнев", "Настроение: скука"),
        [f"{DLG}:92: настроение «скука» неизвестно; допустимы: спокойствие, интерес, сомнение, тревога, раздражение, гнев, "
         "радость, доверие"],
    ),
    "у начала нет настроения": (
        lambda r: edit(r, DLG, "Настроение: раздражение\n", ""),
        [f"{DLG}:16: у первого узла «zvonok» нет строки «Настроение: …»; с неё начинается настроение клиента"],
    ),
    "неизвестный вид концовки": (
        lambda r: edit(r, DLG, "Концовка: частично", "Концовка: ничья"),
        [f"{DLG}:87: вид концовки «ничья» неизвестен; допустимы: успех, частично, провал"],
    ),
    "концовка без итога": (
        lambda r: edit(r, DLG, "Итог: Отчёт будет, но Ольга осталась с сомнениями.\n", ""),
        [f"{DLG}:86: у концовки «chastichno» нет строки «Итог: …»; напиши, чем кончился разговор"],
    ),
    # --- граф ---
    "недостижимый узел": (
        lambda r: append(r, "\n## lishniy\nКонцовка: провал\nИтог: Никто сюда не попадёт.\n"),
        [f"{DLG}:95: до узла «lishniy» не дойти от начала «zvonok»: ни одна реплика не ведёт к нему по пути; добавь переход "
         "или удали узел"],
    ),
    "круг без выхода": (
        lambda r: [edit(r, DLG, a, b) for a, b in (
            ("что с отчётом. → opravdanie", "что с отчётом. → spor"),
            ("только предположение. → proval", "только предположение. → spor"),
            ("там разберутся. → proval", "там разберутся. → spor"))],
        [f"{DLG}:50: из узла «spor» не дойти ни до одной концовки (круг без выхода); добавь реплику, которая ведёт к концовке"],
    ),
    "путь лучших реплик по кругу": (
        lambda r: [edit(r, DLG, a, b) for a, b in (
            ("как только отчёт уйдёт. → uspekh", "как только отчёт уйдёт. → srok"),
            ("вы увидите сами. → chastichno", "вы увидите сами. → uspekh"))],
        [f"{DLG}:73: путь лучших реплик возвращается в узел «srok»; лучшая реплика должна вести дальше, к успеху"],
    ),
    "путь лучших реплик не к успеху": (
        lambda r: [edit(r, DLG, a, b) for a, b in (
            ("как только отчёт уйдёт. → uspekh", "как только отчёт уйдёт. → chastichno"),
            ("вы увидите сами. → chastichno", "вы увидите сами. → uspekh"))],
        [f"{DLG}:86: путь лучших реплик кончается концовкой «chastichno» (частично), а должен — успехом; поправь баллы или "
         "переходы"],
    ),
    "мало решений на пути лучших реплик": (
        lambda r: edit(r, DLG, "я проверю лично. → srok", "я проверю лично. → plan"),
        [f"{DLG}:11: на пути лучших реплик 3 решения; нужно не меньше 4: добавь узлы-решения",
         f"{DLG}:11: путь лучших реплик набирает 9 из возможных 10: больше даёт путь zvonok → vyyasnenie → srok → plan → "
         "uspekh; лучшие реплики должны вести к наибольшей сумме — поправь баллы"],
    ),
    "другой путь набирает больше": (
        lambda r: edit(r, DLG, "- [1] Скоро, мы уже работаем над ним и постараемся успеть побыстрее. → srok",
                       "- [2] Скоро, мы уже работаем над ним и постараемся успеть побыстрее. → opravdanie"),
        [f"{DLG}:11: путь лучших реплик набирает 12 из возможных 13: больше даёт путь zvonok → vyyasnenie → opravdanie → "
         "srok → plan → uspekh; лучшие реплики должны вести к наибольшей сумме — поправь баллы"],
    ),
    "лучшая реплика всегда самая длинная": (
        lambda r: edit(r, DLG, "- [3] ", PREFIX, count=-1),
        [f"{DLG}:1: лучшая реплика — самая длинная в 4 из 6 решений (67%; можно не больше 40%); сделай другие реплики "
         "такими же подробными и конкретными"],
    ),
    # --- объявления ---
    "диалог не объявлен": (
        lambda r: edit(r, THESIS, f"dialogue: {DLG}\n", ""),
        [f"{DLG}:1: диалог не объявлен ни в одном тезисе; укажи его в поле dialogue тезиса или удали файл"],
    ),
    "диалог объявлен дважды": (
        lambda r: second_thesis(r, same_id=False),
        ["docs/razdel/tema/tezis2/index.md:7: order 1 уже у тезиса docs/razdel/tema/tezis/index.md; у тезисов темы "
         "порядковые номера разные",
         f"docs/razdel/tema/tezis2/index.md:22: диалог {DLG} уже объявлен в {THESIS}; у каждого тезиса свой диалог"],
    ),
    "файла диалога нет": (
        lambda r: edit(r, THESIS, f"dialogue: {DLG}", "dialogue: dialogues/net.md"),
        [f"{DLG}:1: диалог не объявлен ни в одном тезисе; укажи его в поле dialogue тезиса или удали файл",
         f"{THESIS}:22: файла диалога dialogues/net.md нет; создай его (make thesis делает заготовку) или поправь dialogue"],
    ),
    "диалог вне dialogues/": (
        lambda r: edit(r, THESIS, f"dialogue: {DLG}", "dialogue: quizzes/tezis.md"),
        [f"{DLG}:1: диалог не объявлен ни в одном тезисе; укажи его в поле dialogue тезиса или удали файл",
         f"{THESIS}:22: диалог quizzes/tezis.md лежит вне папки dialogues/ или это не файл .md; перенеси его туда"],
    ),
    "поле dialogue не строка": (
        lambda r: edit(r, THESIS, f"dialogue: {DLG}", f"dialogue: [{DLG}]"),
        [f"{DLG}:1: диалог не объявлен ни в одном тезисе; укажи его в поле dialogue тезиса или удали файл",
         f"{THESIS}:22: поле «dialogue» заполнено неверно; нужно: путь к файлу диалога, например dialogues/podgotovka.md"],
    ),
    "«Перед звонком» ссылается на необъявленный диалог": (
        lambda r: (shutil.copy(r / DLG, r / "dialogues/drugoi.md"), situation(r, "dialogues/drugoi.md")),
        ["dialogues/drugoi.md:1: диалог не объявлен ни в одном тезисе; укажи его в поле dialogue тезиса или удали файл",
         f"{SITUATION}:4: диалог dialogues/drugoi.md не объявлен ни в одном тезисе, а страница ссылается на его тренажёр; "
         "объяви его в тезисе (поле dialogue) или убери ссылку"],
    ),
    "имя страницы тренажёра занято": (
        lambda r: write(r, f"{DIR}/trenazher.md", "---\ntitle: Мой тренажёр\n---\n\n# Тренажёр\n"),
        [f"{DIR}/trenazher.md:1: имя trenazher.md в папке тезиса занято страницей тренажёра, которую собирает сайт; "
         "переименуй файл",
         f"{DIR}/trenazher.md:1: страница в папке тезиса не объявлена в его materials; объяви её или перенеси из папки тезиса"],
    ),
    # --- текстовые правила страниц ---
    "недописанный диалог": (
        lambda r: edit(r, DLG, "## zvonok", "<!-- НЕ ГОТОВО: реплики -->\n\n## zvonok"),
        [f"{DLG}:16: страница не дописана (реплики); допиши и убери пометку «НЕ ГОТОВО»"],
    ),
    "исполняемый HTML в реплике": (
        lambda r: edit(r, DLG, "Что происходит?", "Что происходит? <img src=x onerror=alert(1)>"),
        [f"{DLG}:19: атрибут-обработчик on…= в тексте; такой HTML выполняется в браузере ученика; убери его (оформление — "
         "средствами Markdown)"],
    ),
    "подстановка после предлога": (
        lambda r: edit(r, DLG, "Добавим их в этот же отчёт.", "Добавим их в отчёт по [Услуга]."),
        [f"{DLG}:63: подстановка [Услуга] стоит сразу после предлога «по»: введённое слово не согласуется; поставь её туда, "
         "где подходит именительный падеж (например, «по теме: [Услуга]»), или подскажи форму в скобках: [Услуга: например, …]"],
    ),
}


@pytest.fixture(scope="module")
def default_settings():
    return kb_settings.from_dict({})


@pytest.fixture
def tree(valid_tree):
    return with_dialogue(valid_tree)


def test_valid_dialogue_is_clean(tree, default_settings):
    assert validate(tree, default_settings) == []


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_dialogue_rule_reports_exact_problem(tree, default_settings, case):
    break_it, expected = CASES[case]
    break_it(tree)
    assert [str(p) for p in validate(tree, default_settings)] == expected


def test_min_decisions_and_longest_share_are_settings(tree):
    """Порог решений и доли самой длинной лучшей реплики — из extra.kb; ровно на пороге — не нарушение."""
    assert validate(tree, kb_settings.from_dict({"dialogue_min_decisions": 4})) == []
    assert [p.message for p in validate(tree, kb_settings.from_dict({"dialogue_min_decisions": 5}))] == [
        "на пути лучших реплик 4 решения; нужно не меньше 5: добавь узлы-решения"]
    edit(tree, DLG, "- [3] Ольга,", PREFIX + "Ольга,")
    edit(tree, DLG, "- [3] Отчёт будет", PREFIX + "Отчёт будет")
    dialogue = model.load(tree).dialogues[DLG]
    longest = [n.id for n in dialogues.decisions(dialogue)
               if len(n.best().text) > max(len(r.text) for r in n.replies if r is not n.best())]
    assert longest == ["zvonok", "vyyasnenie"]  # 2 из 6: 33% — порог 1/3 пропускает, чуть меньший — нет
    assert validate(tree, kb_settings.from_dict({"longest_correct_share": 1 / 3})) == []
    assert [p.message for p in validate(tree, kb_settings.from_dict({"longest_correct_share": 0.33}))] == [
        "лучшая реплика — самая длинная в 2 из 6 решений (33%; можно не больше 33%); сделай другие реплики такими же "
        "подробными и конкретными"]


def test_crlf_bom_and_comments_are_accepted(tree, default_settings):
    path = tree / DLG
    text = path.read_text(encoding="utf-8").replace("## srok", "<!-- заметка автора\nна две строки -->\n## srok")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert validate(tree, default_settings) == []


def test_parse_model_and_graph(tree):
    kb = model.load(tree)
    dialogue = kb.dialogues[DLG]
    assert kb.theses[0].dialogue is dialogue
    assert dialogue.slug == "tezis" and dialogue.start == "zvonok"
    assert dialogue.client == {"name": "Ольга Миронова", "about": "руководитель маркетинга сети кофеен"}
    assert dialogue.line_of("client.name") == 5 and dialogue.line_of("client.about") == 6
    first = dialogue.nodes["zvonok"]
    assert (first.line, first.mood, first.mood_line) == (16, "раздражение", 17)
    assert [(u.who, u.line) for u in first.lines] == [("narration", 18), ("client", 19)]
    reply = first.replies[0]
    assert (reply.line, reply.points, reply.target, reply.feedback_line) == (21, 3, "vyyasnenie", 22)
    assert reply.feedback == "Шаг «Выслушай и признай чувства»: ты берёшь вопрос на себя."
    assert dialogue.nodes["uspekh"].ending == "успех" and dialogue.nodes["uspekh"].summary_line == 84

    assert dialogues.reachable(dialogue) == set(dialogue.nodes)
    assert dialogues.can_end(dialogue) == set(dialogue.nodes)
    path = dialogues.best_path(dialogue)
    assert path.complete and path.nodes == ["zvonok", "vyyasnenie", "srok", "plan", "uspekh"] and path.total == 12
    assert dialogues.max_path(dialogue) == (12, path.nodes)
    order = dialogues.print_order(dialogue)
    assert order[:5] == path.nodes and sorted(order) == sorted(dialogue.nodes)
    moods = dialogues.moods(dialogue)
    # своё настроение; иначе — узла, откуда в него приходит разговор
    assert moods["spor"] == "раздражение" and moods["srok"] == "сомнение" and moods["chastichno"] == "сомнение"


def test_max_path_with_a_loop_that_has_an_exit(tree, default_settings):
    """Круг с выходом допустим; перебор путей без повторов не зацикливается и считает сумму верно."""
    edit(tree, DLG, "только предположение. → proval", "только предположение. → zvonok")
    assert validate(tree, default_settings) == []
    dialogue = model.load(tree).dialogues[DLG]
    assert dialogues.max_path(dialogue) == (12, ["zvonok", "vyyasnenie", "srok", "plan", "uspekh"])


def test_version_changes_with_replies_not_with_feedback(tree):
    before = dialogues.version(model.load(tree).dialogues[DLG])
    assert len(before) == 12 and int(before, 16) >= 0
    edit(tree, DLG, "> Конкретный срок и ответственный.", "> Срок и ответственный названы.")
    assert dialogues.version(model.load(tree).dialogues[DLG]) == before
    edit(tree, DLG, "- [1] Скоро", "- [2] Скоро")
    assert dialogues.version(model.load(tree).dialogues[DLG]) != before


def test_to_data_follows_the_contract(tree):
    kb = model.load(tree)
    thesis = kb.theses[0]
    data = dialogues.to_data(thesis.dialogue, thesis, "razdel/tema/tezis/")
    assert set(data) == {"id", "version", "title", "client", "channel", "situation", "start", "max", "thesis", "nodes"}
    assert data["id"] == "tezis" and data["max"] == 12 and data["channel"] == "телефон"
    assert data["situation"] == ("Отчёт должен был уйти в пятницу, но аналитик заболел, и никто не предупредил "
                                 "клиентку. Ольга звонит сама.")
    assert data["thesis"] == {"id": "tezis", "title": "Тестовый тезис", "url": "razdel/tema/tezis/"}
    first = data["nodes"]["zvonok"]
    assert first["mood"] == "раздражение"
    assert first["lines"] == [{"who": "narration", "text": "Понедельник, 9:05."},
                              {"who": "client", "text": "Я жду отчёт с пятницы. Что происходит?"}]
    assert first["replies"][0] == {
        "id": "zvonok.1", "points": 3, "best": True,
        "text": "Ольга, понимаю, как неприятно ждать. Сейчас проверю и назову срок.",
        "feedback": "Шаг «Выслушай и признай чувства»: ты берёшь вопрос на себя.", "next": "vyyasnenie"}
    assert [r["best"] for r in first["replies"]] == [True, False, False]
    assert "replies" not in data["nodes"]["uspekh"]
    assert data["nodes"]["uspekh"]["ending"] == {"kind": "success", "text": "Ольга получила честный срок и план."}
    assert data["nodes"]["chastichno"]["ending"]["kind"] == "partial"
    assert data["nodes"]["proval"]["ending"]["kind"] == "failure"
    assert data["nodes"]["chastichno"]["mood"] == "сомнение"  # унаследовано


def test_scaffold_dialogue_is_refused_for_its_mark_then_for_its_text(valid_tree, default_settings):
    """make thesis: заготовка диалога объявлена тезисом и сама по себе верна (граф, баллы); проверка не
    пропускает её из-за «НЕ ГОТОВО», а без пометки — из-за текста заготовки."""
    import new_thesis  # scripts/ уже в sys.path

    assert new_thesis.main(["--root", str(valid_tree), "--topic", "razdel/tema", "--slug", "novyi",
                            "--title", "Новый тезис"]) == 0
    dialogue_problems = [str(p) for p in validate(valid_tree, default_settings) if p.path.startswith("dialogues/")]
    assert dialogue_problems == [
        "dialogues/novyi.md:14: страница не дописана (клиент, ситуация, реплики, пояснения и концовки диалога); "
        "допиши и убери пометку «НЕ ГОТОВО»"]
    edit(valid_tree, "dialogues/novyi.md", "<!-- НЕ ГОТОВО: клиент, ситуация, реплики, пояснения и концовки диалога -->\n", "")
    assert [str(p) for p in validate(valid_tree, default_settings) if p.path.startswith("dialogues/")] == [
        "dialogues/novyi.md:6: остался текст заготовки «кто клиент и сколько работает с нами» (и ещё в 3 стр.); "
        "замени его своим текстом"]
    assert model.load(valid_tree).thesis_by_src()["razdel/tema/novyi/index.md"].dialogue is not None


def test_every_dialogue_message_has_a_fixture_case():
    expected = "\n".join(line for _, lines in CASES.values() for line in lines)
    parts = message_parts("dialogues.py")
    assert len(parts) >= 40
    missing = [f"dialogues.py:{no}: «{part}»" for no, part in parts if part and part not in expected]
    assert missing == [], "сообщения проверки диалогов без случая в CASES:\n" + "\n".join(missing)


def test_build_makes_trainer_page_data_and_links(tree, tmp_path):
    """Сборка: страница тренажёра после материалов тезиса и перед «Проверь себя», её данные и ссылки на неё."""
    situation(tree, DLG)
    config = fixture_config(tree)
    config.write_text(config.read_text(encoding="utf-8") + "  - pered-zvonkom/sluchai.md\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build_site(config, out)
    assert result.returncode == 0, result.stderr

    page = plain((out / "razdel/tema/tezis/trenazher/index.html").read_text(encoding="utf-8"))
    article = page[page.index("<article"):page.index("</article>")]
    assert "<h1" in article and "Тренажёр: Отчёт задерживается" in article
    assert "Ольга Миронова — руководитель маркетинга сети кофеен" in article and "телефон" in article
    assert "никто не предупредил клиентку" in article and "«Тренировка»" in article and "«Зачёт»" in article
    assert '<div class="kb-dialogue" data-kb-dialogue="tezis" data-search-exclude><noscript>' in article
    assert '<a href="../">Тестовый тезис</a>' in article
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "../../../../assets/kb/dialogue-tezis.js" in scripts and scripts[-1].split("?")[0].endswith("assets/javascripts/dialogue.js")
    # на странице тезиса — ни данных, ни плеера тренажёра
    thesis = plain((out / "razdel/tema/tezis/index.html").read_text(encoding="utf-8"))
    assert "dialogue-tezis.js" not in thesis and "javascripts/dialogue.js" not in thesis
    assert '<a href="trenazher/">Тренажёр разговора: Отчёт задерживается</a>' in thesis

    # порядок: тезис → материалы → тренажёр → «Проверь себя»; «Вперёд» с тренажёра — тест
    nav = page[page.index('class="md-nav md-nav--primary"'):]
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    start = titles.index("Тестовый тезис")
    assert titles[start:start + 6] == ["Тестовый тезис", "Тестовый чек-лист", "Тестовый скрипт", "Тестовое руководство",
                                       "Тренажёр: Отчёт задерживается", "Проверь себя"]
    assert 'aria-label="Назад: Тестовое руководство"' in page
    assert 'aria-label="Вперед: Проверь себя: тест к тезису «Тестовый тезис»"' in page

    # «Перед звонком» ссылается на тренажёр
    linked = (out / "pered-zvonkom/sluchai/index.html").read_text(encoding="utf-8")
    assert '<a href="../../razdel/tema/tezis/trenazher/">Тренажёр разговора: Отчёт задерживается</a>' in linked

    # данные: плеер — свой файл; прогресс — тезис знает свой тренажёр и его версию
    raw = plain((out / "assets/kb/dialogue-tezis.js").read_text(encoding="utf-8"))  # реплики — с неразрывными пробелами
    assert raw.startswith('(function(d){(d.dialogues=d.dialogues||{})["tezis"]=')
    player = json.loads(raw[raw.index("]=") + 2:raw.rindex(";})")])
    kb = model.load(tree)
    assert player == dialogues.to_data(kb.dialogues[DLG], kb.theses[0], "razdel/tema/tezis/")
    topic = (out / "assets/kb/topic-razdel--tema.js").read_text(encoding="utf-8")
    topic_data = json.loads(topic[topic.index("]=") + 2:topic.rindex(";})")])
    assert topic_data["theses"][0]["dialogue"] == {"id": "tezis", "url": "razdel/tema/tezis/trenazher/",
                                                  "version": player["version"], "title": "Отчёт задерживается"}

    # поиск находит страницу тренажёра по ситуации и по search_keywords диалога, без текста <noscript>
    index = json.loads((out / "search/search_index.full.json").read_text(encoding="utf-8"))
    doc = next(d for d in index["docs"] if d["location"] == "razdel/tema/tezis/trenazher/")
    assert "никто не предупредил клиентку" in doc["text"] and "Ольга Миронова" in doc["text"]
    # одинаковое на всех тренажёрах и ссылка на тезис — не в поиске: не уводят к тренажёру запросы о тезисе
    assert "JavaScript" not in doc["text"] and "Тренировка" not in doc["text"] and "Тестовый тезис" not in doc["text"]
    # ссылки на тренажёр со страницы тезиса и «Перед звонком» — тоже не в поиске
    texts = " ".join(d["text"] for d in index["docs"] if d["location"] != "razdel/tema/tezis/trenazher/")
    assert "Тренажёр разговора" not in texts
    assert doc["keywords"] == ["клиентка ждёт отчёт"]


def test_build_without_dialogue_has_no_trainer(valid_tree, tmp_path):
    out = tmp_path / "out"
    assert build_site(fixture_config(valid_tree), out).returncode == 0
    assert not (out / "razdel/tema/tezis/trenazher").exists()
    assert not list((out / "assets/kb").glob("dialogue-*.js"))
    topic = (out / "assets/kb/topic-razdel--tema.js").read_text(encoding="utf-8")
    assert '"dialogue":null' in topic
    assert "kb-materials__item--dialogue" not in (out / "razdel/tema/tezis/index.html").read_text(encoding="utf-8")



def _play(dialogue: dialogues.Dialogue, pick) -> str | None:
    """Концовка, до которой доходит стратегия pick(узел) → реплика; None — ходит по кругу."""
    node, seen = dialogue.nodes[dialogue.start], set()
    while not node.is_ending:
        if node.id in seen:
            return None
        seen.add(node.id)
        node = dialogue.nodes[pick(node).target]
    return node.ending


def test_test_wise_guessers_do_not_succeed_in_real_dialogues():
    """Кто всегда выбирает самую длинную реплику или всегда первую в файле, до успеха не доходит."""
    kb = model.load(ROOT)
    assert kb.dialogues, "в курсе нет диалогов"
    strategies = {
        "самая длинная": lambda n: max(n.replies, key=lambda r: len(r.text)),
        "первая в файле": lambda n: n.replies[0],
        "лучшая": lambda n: n.best(),
    }
    for rel, dialogue in kb.dialogues.items():
        endings = {name: _play(dialogue, pick) for name, pick in strategies.items()}
        assert endings["лучшая"] == "успех", rel
        assert endings["самая длинная"] != "успех", rel
        assert endings["первая в файле"] != "успех", rel
