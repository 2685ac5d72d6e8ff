"""Вычитка текста (scripts/kb/lint.py): по случаю на правило, чистый текст и пограничные случаи.

Каждый случай — маленькое дерево во временной папке с одним файлом; проверяется точная строка
`путь:строка: сообщение`. Нужен hunspell с ru_RU (`make hunspell`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kb.lint import lint  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("hunspell") is None,
                                reason="нет hunspell: make hunspell")

NBSP = "\u00a0"
DICT_HINT = "исправь или добавь слово в scripts/kb/slovar.txt"


def tree(tmp_path: Path, text: str, name: str = "docs/x.md", slovar: str | None = None) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if slovar is not None:
        (tmp_path / "scripts/kb").mkdir(parents=True, exist_ok=True)
        (tmp_path / "scripts/kb/slovar.txt").write_text(slovar, encoding="utf-8")
    return tmp_path


def lines(tmp_path: Path, text: str, **kwargs) -> list[str]:
    return [str(p) for p in lint(tree(tmp_path, text, **kwargs))]


PAGE = "---\ntitle: Страница\n---\n\n{}\n"  # текст — на строке 5


# --- По случаю на правило -----------------------------------------------------------------------

def test_spelling(tmp_path):
    assert lines(tmp_path, PAGE.format("Ответь клиенту, пожалуста, сегодня.")) == [
        f"docs/x.md:5: орфография: «пожалуста» нет в словаре (может быть, «пожалуйста»?); {DICT_HINT}"]


def test_spelling_mixed_script(tmp_path):
    # латинская «e» внутри русского слова
    assert lines(tmp_path, PAGE.format("Позвони клиeнту.")) == [
        f"docs/x.md:5: орфография: «клиeнту» нет в словаре (может быть, «клиенту»?); {DICT_HINT}"]


def test_straight_quotes(tmp_path):
    assert lines(tmp_path, PAGE.format('Скажи клиенту "спасибо" в конце.')) == [
        'docs/x.md:5: прямые кавычки "…" в тексте; используй «ёлочки»']


def test_hyphen_as_dash(tmp_path):
    assert lines(tmp_path, PAGE.format("Звонок - это разговор.")) == [
        "docs/x.md:5: дефис вместо тире: «Звонок - это»; ставь тире «—» с пробелами "
        "(между числами — «–» без пробелов)"]


def test_hyphen_as_dash_at_line_end(tmp_path):
    assert lines(tmp_path, PAGE.format("Главное в письме -\nсрок ответа.")) == [
        "docs/x.md:5: дефис вместо тире: «письме -»; ставь тире «—» с пробелами "
        "(между числами — «–» без пробелов)"]


def test_three_dots(tmp_path):
    assert lines(tmp_path, PAGE.format("Клиент подумал... и согласился.")) == [
        'docs/x.md:5: три точки "..." вместо многоточия; используй «…»']


def test_digit_groups_without_nbsp(tmp_path):
    assert lines(tmp_path, PAGE.format("Расчёт на 56 000 рублей.")) == [
        "docs/x.md:5: число «56 000» с обычным пробелом; раздели разряды неразрывным пробелом (U+00A0)"]


@pytest.mark.parametrize("text, frag", [("Отчёт по договору № 45.", "№ 45"),
                                        ("Отчёт по договору №45.", "№45")])
def test_numero_without_nbsp(tmp_path, text, frag):
    assert lines(tmp_path, PAGE.format(text)) == [
        f"docs/x.md:5: «{frag}»: после «№» поставь неразрывный пробел (U+00A0)"]


@pytest.mark.parametrize("text, frag", [("Письмо подписала Иванова Е. вчера.", "Иванова Е."),
                                        ("Письмо подписала Е. Иванова вчера.", "Е. Иванова"),
                                        (f"Письмо подписала Е. А.{NBSP}Иванова вчера.", "Е. А."),
                                        ("Письмо подписала Иванова Е. А. вчера.", "Иванова Е. А."),
                                        ("Письмо подписала Е. А. Иванова вчера.", "Е. А. Иванова")])
def test_initials_without_nbsp(tmp_path, text, frag):
    assert lines(tmp_path, PAGE.format(text), slovar="Иванова\n") == [
        f"docs/x.md:5: инициалы «{frag}» через обычный пробел; свяжи их неразрывным пробелом (U+00A0)"]


def test_full_stop_inside_guillemets_in_phrases(tmp_path):
    text = ("---\ntitle: Тезис\nphrases:\n  - «Спасибо, что сообщили.»\n"
            "  - '«Напишу вам сегодня до 17:00.»'\n  - «Как вам удобнее?»\n---\n\nТекст.\n")
    assert lines(tmp_path, text) == [
        "docs/x.md:4: точка внутри «ёлочек» в «…сообщили.»: убери её или поставь после кавычек",
        "docs/x.md:5: точка внутри «ёлочек» в «…17:00.»: убери её или поставь после кавычек",
    ]


def test_full_stop_inside_guillemets_in_prose(tmp_path):
    assert lines(tmp_path, PAGE.format("Начни с фразы «Рад вас слышать.» и улыбнись.")) == [
        "docs/x.md:5: точка внутри «ёлочек» в «…слышать.»: убери её или поставь после кавычек"]


MASC_HINT = ("пиши нейтрально: «ответь», «ты успеешь», «лично» вместо «сам», "
             "«не сомневайся» вместо «будь уверен»")


@pytest.mark.parametrize("text, frag", [
    ("Тест сдан, когда ты ответил на все вопросы.", "ты ответил"),
    ("Здесь видно, что ты уже прочитал.", "ты уже прочитал"),
    ("Ты бы сказал это вслух?", "Ты бы сказал"),
    ("Проверка: сказал бы ты это вслух?", "сказал бы ты"),
    ("Если ты не уверен в цифре, уточни.", "ты не уверен"),
    ("Готов ли ты к звонку?", "Готов ли ты"),
    ("Пиши так, как сказал бы вслух.", "как сказал бы"),
    ("Будь уверен в цифрах.", "Будь уверен"),
    ("Если ошибка твоя, признай её и исправь сам.", "признай её и исправь сам"),
    ("Плохую новость сообщай сам и сразу.", "Плохую новость сообщай сам и сразу"),
    ("Узнай полномочия: что предлагаешь сам, а что нет.", "что предлагаешь сам"),
    ("Сам не сокращай имя клиента.", "Сам не сокращай имя клиента"),
])
def test_masculine_addressed_to_learner(tmp_path, text, frag):
    assert lines(tmp_path, PAGE.format(text)) == [
        f"docs/x.md:5: мужской род в обращении к ученику: «{frag}»; {MASC_HINT}"]


def test_masculine_across_line_break(tmp_path):
    # «сам» на следующей строке абзаца относится к «ждёшь» с предыдущей
    text = PAGE.format("Отвечай так же быстро, как ждёшь ответа\nсам, и предупреждай заранее.")
    assert lines(tmp_path, text) == [
        f"docs/x.md:6: мужской род в обращении к ученику: «как ждёшь ответа сам»; {MASC_HINT}"]


def test_masculine_in_quiz_explanation(tmp_path):
    text = "<quiz>\nЧто сделать?\n- [x] Позвонить\n> Здесь ты позвонил первым.\n- [ ] Ждать\n> Долго.\n</quiz>\n"
    assert lines(tmp_path, text, name="quizzes/q.md") == [
        f"quizzes/q.md:4: мужской род в обращении к ученику: «ты позвонил»; {MASC_HINT}"]


@pytest.mark.parametrize("text", [
    # нейтрально
    "Тест сдан, когда на все вопросы есть ответ. Ты успеешь, если начнёшь сейчас.",
    "Исправь ошибку и позвони первым. Сама цифра не важна.",
    "Если не уверена или не уверен — это тоже можно, но лучше: не сомневайся.",
    # «сам» о клиенте, а не об ученике
    "Пиши коротко, только если клиент пишет так сам.",
    "Вспоминай то, что клиент рассказал сам, и спроси, как прошла поездка.",
    "Проверь, что перед тобой сам клиент, и спроси номер договора.",
    "Пусть он сам выберет время, а ты предложи два варианта.",
    "Как вести сам разговор, смотри ниже.",
    "В письме — сумма, срок оплаты и сам счёт во вложении.",
    # речь клиента в кавычках и в блоке script
    "Клиент пишет: «Я уже объяснял, ты что, не понял?» — ответь спокойно.",
    "```script\nКлиент: Я сам всё проверил, ты бы видел!\nАссистент: Понимаю.\n```",
    # существительные на «-л», не глаголы
    "Ты знаешь канал клиента и материал встречи, ты интервал помнишь.",
    "Будь на связи и будь таким клиентом, с которым хочется работать.",
])
def test_masculine_false_positives(tmp_path, text):
    assert lines(tmp_path, PAGE.format(text)) == []


# --- Чистый текст и пограничные случаи ----------------------------------------------------------

CLEAN = f"""---
title: Чистая страница
summary: Как ответить клиенту за 10–15 минут — без «воды».
phrases:
  - «Спасибо, что написали»
  - «Как вам удобнее?»
  - «Перезвоню до 12:00!»
---

# Чистая страница

Клиент сказал: «Приду завтра». Ответ — через час… Ещё ёлочки «внутри „лапок“» и число 56{NBSP}000.
Договор №{NBSP}45, письмо подписала Иванова{NBSP}Е.{NBSP}А., копию получила Е.{NBSP}Иванова.
Чек-лист по-русски, из-за срока, 2026 год, 12:00, 10–15 минут, +7 900 123-45-67, т. е. всё.
Ссылка [на страницу](../a-b.md "Заголовок"), адрес https://example.com/a...b и `код "x" - y...`.
Скажи «и т. д.» и «см. п.» — сокращения в кавычках не ошибка.

!!! tip "Совет"
    Пиши коротко: «Отчёт готов».

<div class="kb-x" data-x="..."></div>
<!-- заметка "для себя" - не текст
и её вторая строка... -->

- [x] Карточка клиента открыта
- [ ] Цель звонка записана

```text
Код "как есть" - с тремя точками... и опечатка пожалуста
```

```script
Ассистент: Здравствуйте, [Имя клиетна]! Это [Твоё имя] — звоню по заявке №{NBSP}[Номер заявки].
```
"""


def test_clean_text_has_no_problems(tmp_path):
    assert lines(tmp_path, CLEAN, slovar="# имена\nИванова\n") == []


def test_quiz_file_markers_and_tags(tmp_path):
    text = ("<quiz>\nКлиент пишет: «Где отчёт?» Как ответить?\n- [x] «Отчёт будет в четверг»\n"
            "> Верно: срок назван.\n- [ ] «Скоро»\n> Неясно, когда.\n</quiz>\n")
    assert lines(tmp_path, text, name="quizzes/q.md") == []


def test_admonition_quotes_are_syntax_but_title_is_text(tmp_path):
    text = PAGE.format('!!! note "Заметка"\n    Текст.\n\n??? tip "Пожалуста"\n    Текст.')
    assert lines(tmp_path, text) == [
        f"docs/x.md:8: орфография: «Пожалуста» нет в словаре (может быть, «Пожалуйста»?); {DICT_HINT}"]


def test_compound_words_are_not_dashes(tmp_path):
    assert lines(tmp_path, PAGE.format("Открой чек-лист и поговори по-деловому.")) == []


def test_code_span_is_skipped(tmp_path):
    assert lines(tmp_path, PAGE.format('Команда `make "lint" - ...` не текст.')) == []


def test_year_and_time_are_not_digit_groups(tmp_path):
    assert lines(tmp_path, PAGE.format("В 2026 году, 14 марта в 12:00, 3 отчёта и 100 писем.")) == []


def test_script_block_is_prose_and_placeholders_skip_spelling(tmp_path):
    text = PAGE.format("```script\nАссистент: Здравствуйте, [Имя клиетна]! Я перезвоню... завтра.\n```")
    assert lines(tmp_path, text) == ['docs/x.md:6: три точки "..." вместо многоточия; используй «…»']


def test_other_code_blocks_are_skipped(tmp_path):
    assert lines(tmp_path, PAGE.format('```text\nпожалуста "..." - 56 000\n```')) == []


def test_line_numbers_after_multiline_comment(tmp_path):
    text = PAGE.format("<!-- первая\nвторая\n-->\nПотом... вот.")
    assert lines(tmp_path, text) == ['docs/x.md:8: три точки "..." вместо многоточия; используй «…»']


def test_project_dictionary_with_model_word(tmp_path):
    slovar = "# термины\nдедлайн/лимит\nфоллоу-ап\n"
    text = PAGE.format("Дедлайн важен: до дедлайна — фоллоу-ап, после дедлайнов — разбор.")
    assert lines(tmp_path, text, slovar=slovar) == []
    assert lines(tmp_path, text, slovar="") == [
        f"docs/x.md:5: орфография: «Дедлайн» нет в словаре (может быть, «Драглайн»?); {DICT_HINT}",
        f"docs/x.md:5: орфография: «дедлайна» нет в словаре (может быть, «драглайна»?); {DICT_HINT}",
        f"docs/x.md:5: орфография: «фоллоу-ап» нет в словаре; {DICT_HINT}",
        f"docs/x.md:5: орфография: «дедлайнов» нет в словаре (может быть, «драглайнов»?); {DICT_HINT}",
    ]


def test_front_matter_keys_that_are_not_prose_are_skipped(tmp_path):
    text = ('---\nid: x\ntitle: Тезис\nsearch_keywords:\n  - "клиент орёт"\n  - пожалуста\n'
            "quiz: quizzes/x.md\n---\n\nТекст.\n")
    assert lines(tmp_path, text) == []


def test_glossary_values_are_text(tmp_path):
    text = ("# комментарий \"не текст\"\n- term: SLA\n  definition: 'Ответ за 1 000 минут.'\n"
            "  forms: [скорость ответа, пожалуста]\n")
    assert lines(tmp_path, text, name="docs/includes/glossary.yml") == [
        "docs/includes/glossary.yml:3: число «1 000» с обычным пробелом; "
        "раздели разряды неразрывным пробелом (U+00A0)",
        f"docs/includes/glossary.yml:4: орфография: «пожалуста» нет в словаре "
        f"(может быть, «пожалуйста»?); {DICT_HINT}",
    ]


def test_assets_and_other_includes_are_skipped(tmp_path):
    tree(tmp_path, 'Текст "x" ...', name="docs/assets/a.md")
    tree(tmp_path, 'Текст "x" ...', name="docs/includes/b.md")
    assert lint(tmp_path) == []


# --- CLI ----------------------------------------------------------------------------------------

def test_cli(tmp_path):
    script = str(ROOT / "scripts" / "lint_content.py")
    tree(tmp_path, PAGE.format("Подумай... и ответь."))
    bad = subprocess.run([sys.executable, script, str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stdout == 'docs/x.md:5: три точки "..." вместо многоточия; используй «…»\n'
    assert "Найдено замечаний по тексту: 1" in bad.stderr

    tree(tmp_path, PAGE.format("Подумай… и ответь."))
    good = subprocess.run([sys.executable, script, str(tmp_path)], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.startswith("Текст в порядке")


def test_dialogue_files_are_text(tmp_path):
    """Диалоги тренажёра (dialogues/*.md): ситуация, клиент и реплики — текст; баллы, стрелки и id — разметка."""
    text = ("---\ntype: dialogue\ntitle: Отчёт задерживается\nclient:\n  name: Ольга\n  about: руководитль отдела\n"
            "channel: телефон\nsituation: >-\n  Отчёт не ушёл.\n  Клиентка звонит сама...\nstart: zvonok\n---\n\n"
            "## zvonok\nНастроение: раздражение\nКлиент: Где отчёт - с пятницы жду?\n\n"
            "- [3] Понимаю, сейчас проверю. → proverka\n  > Шаг «Выслушай и признай чувства».\n"
            "- [0] Проверьте спам. -> spor\n  > Спор с \"фактом\".\n")
    assert lines(tmp_path, text, name="dialogues/otchet.md") == [
        f"dialogues/otchet.md:6: орфография: «руководитль» нет в словаре (может быть, «руководить»?); {DICT_HINT}",
        "dialogues/otchet.md:10: три точки \"...\" вместо многоточия; используй «…»",
        "dialogues/otchet.md:16: дефис вместо тире: «отчёт - с»; ставь тире «—» с пробелами (между числами — «–» без пробелов)",
        "dialogues/otchet.md:21: прямые кавычки \"…\" в тексте; используй «ёлочки»",
    ]
