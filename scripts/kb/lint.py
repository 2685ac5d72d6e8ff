"""Вычитка текста: орфография (hunspell, ru_RU) и типографика. `make lint`.

``lint(root)`` возвращает список ``Problem`` (тот же, что у ``validate``): `путь:строка: сообщение`,
строка — номер в исходном файле.

Что читается как текст
----------------------
* ``docs/**/*.md`` (кроме ``docs/assets`` и ``docs/includes``), ``quizzes/*.md`` и диалоги
  тренажёра ``dialogues/*.md`` (у них в front matter ещё ``situation`` и ``client``: ``name``, ``about``);
* ``docs/includes/glossary.yml`` — значения ``term``, ``definition``, ``forms``.

В front matter — только ``title``, ``summary`` и пункты ``phrases`` (``title`` и у материалов в
``materials``: их названия тоже видны на сайте); кавычки YAML вокруг значения — синтаксис, они
снимаются. В Markdown пропускаются: блоки кода (кроме ```script — это тексты для
клиентов, они проверяются целиком), код в обратных кавычках, HTML-теги, атрибуты и комментарии,
адреса (URL, почта), адреса ссылок ``](…)`` и ``][…]``, списки атрибутов ``{ .class }``, заголовок
заметки ``!!! tip "Совет"`` (проверяется только сам текст «Совет»), теги ``<quiz>``, метки
``- [x]``/``- [ ]``. Подстановки ``[Имя клиента]`` внутри ```script не проверяются на орфографию
(типографика в них проверяется).

Правила и сообщения
-------------------
1. **Орфография.** Слово с кириллицей проверяет hunspell со словарём ru_RU и словарём проекта
   ``scripts/kb/slovar.txt`` (одно слово в строке; ``слово/образец`` — слово склоняется как
   образец из ru_RU; ``#`` — комментарий). Слова только из латиницы не проверяются: английского
   словаря в проекте нет, а латиница здесь — названия и сокращения (CRM, SLA, FAQ). Слово, где
   смешаны кириллица и латиница («клиeнт» с латинской e), — ошибка. Слово через дефис
   проверяется по частям; его можно внести в словарь проекта и целиком («чек-лист»).
   Не проверяются слова из одной буквы (инициалы, «т. е.») и окончания после цифры
   («12-го», «5-му»). Проверка — один запуск ``hunspell -l`` на весь прогон со списком
   уникальных слов (не по файлу); подсказку «может быть, …» даёт второй запуск ``hunspell -a``
   только по найденным незнакомым словам (подбор вариантов в ru_RU медленный).
   ``орфография: «слово» нет в словаре (может быть, «…»?); исправь или добавь слово в
   scripts/kb/slovar.txt``
2. **Прямые кавычки** ``"`` в тексте (одно сообщение на строку):
   ``прямые кавычки "…" в тексте; используй «ёлочки»``
3. **Дефис вместо тире:** « - » или « -- » между словами (слева буква, цифра, закрывающая скобка,
   кавычка или знак препинания, справа буква, цифра или открывающая скобка/кавычка), а также
   «слово -» в конце строки (продолжение — на следующей). Дефис в начале строки — маркер списка,
   дефис без пробелов — часть слова («чек-лист», «по-русски»).
   ``дефис вместо тире: «а - б»; ставь тире «—» с пробелами (между числами — «–» без пробелов)``
4. **Три точки** ``...`` (одно сообщение на строку):
   ``три точки "..." вместо многоточия; используй «…»``
5. **Неразрывные пробелы** (U+00A0):
   * разряды числа через обычный пробел: «56 000», «1 200 000» (группы по три цифры; год «2026»
     и время «12:00» не затрагиваются, телефон «+7 900 123-45-67» — тоже)::
       число «56 000» с обычным пробелом; раздели разряды неразрывным пробелом (U+00A0)
   * «№» без неразрывного пробела: «№ 45», «№45», «№» в конце строки::
       «№ 45»: после «№» поставь неразрывный пробел (U+00A0)
   * инициалы через обычный пробел: «Иванова Е.», «Е. Иванова», «Е. А.» (инициал — одна
     заглавная кириллическая буква с точкой, фамилия — слово с заглавной)::
       инициалы «Иванова Е.» через обычный пробел; свяжи их неразрывным пробелом (U+00A0)
6. **Точка внутри «ёлочек»:** ``.»`` — точка перед закрывающей кавычкой. По правилам русской
   пунктуации точка законченной цитаты ставится после кавычек: «Приду завтра». — или вовсе
   не ставится, если цитата — весь пункт списка (так в ``phrases`` и вариантах ответа теста).
   Вопросительный и восклицательный знаки и многоточие остаются внутри («Как вам удобнее?») и не
   проверяются. Не считаются: точка сокращения или инициала перед кавычкой («т. д.»,
   «и др.», «г.», «Е.»).
   ``точка внутри «ёлочек» в «…слово.»: убери её или поставь после кавычек``
7. **Мужской род в обращении к ученику.** Курс говорит с учеником на «ты», и ученик может быть кем
   угодно: «ты прочитал», «исправь сам», «будь уверен» исключают половину читателей. Правило ищет
   только формы, у которых подлежащее — сам ученик:
   * «ты» и через 0–2 слова (без знаков препинания между ними) прошедшее время или краткая форма
     мужского рода: «ты ответил», «ты уже прочитал», «ты бы сказал», «ты уверен», «ты готов»,
     «ты сам»; и обратный порядок с «бы»/«ли»: «сказал бы ты», «готов ли ты»;
   * «как …л бы» без подлежащего между ними — «пиши, как сказал бы вслух» (подлежащее — ученик);
   * «будь» и краткое прилагательное мужского рода: «будь уверен», «будь вежлив»;
   * «сам» в той же части предложения (между знаками препинания), где глагол второго лица
     единственного числа или повелительного наклонения: «исправь сам», «сам позвони», «что
     предлагаешь сам», — если перед «сам» не стоит подлежащее третьего лица («клиент сам», «он сам»,
     «кто сам», «который сам» — о клиенте, это не ошибка).
   Прошедшее время узнаётся по окончанию «-л»/«-лся» после гласной, кроме существительных из
   списка ``NOT_PAST`` («канал», «материал»…). Не проверяются строки блоков ```script и текст
   внутри «ёлочек»: это речь клиента или ассистента, к ученику она не обращена («Клиент: Я уже
   объяснял»). Женский род и «сама»/«сами» правило не трогает: ему нужен только нейтральный текст.
   ``мужской род в обращении к ученику: «ты ответил»; пиши нейтрально: «ответь», «ты успеешь»,
   «лично» вместо «сам», «не сомневайся» вместо «будь уверен»``
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .validate import Problem

DICTIONARY = "scripts/kb/slovar.txt"
HUNSPELL_LANG = "ru_RU"
GLOSSARY = "docs/includes/glossary.yml"
FRONT_MATTER_PROSE = ("title", "summary", "phrases")
DIALOGUE_PROSE = (*FRONT_MATTER_PROSE, "situation", "name", "about")
GLOSSARY_PROSE = ("term", "definition", "forms")

NBSP = "\u00a0"
#: Чем заменяется пропущенный фрагмент (код, тег, адрес): не буква, не цифра, не пробел, не кавычка.
MASK = "\ue000"

MSG_SPELL = "орфография: «{word}» нет в словаре{hint}; исправь или добавь слово в " + DICTIONARY
MSG_QUOTES = 'прямые кавычки "…" в тексте; используй «ёлочки»'
MSG_DASH = "дефис вместо тире: «{frag}»; ставь тире «—» с пробелами (между числами — «–» без пробелов)"
MSG_DOTS = 'три точки "..." вместо многоточия; используй «…»'
MSG_DIGITS = "число «{frag}» с обычным пробелом; раздели разряды неразрывным пробелом (U+00A0)"
MSG_NUMERO = "«{frag}»: после «№» поставь неразрывный пробел (U+00A0)"
MSG_INITIALS = "инициалы «{frag}» через обычный пробел; свяжи их неразрывным пробелом (U+00A0)"
MSG_STOP = "точка внутри «ёлочек» в «…{frag}»: убери её или поставь после кавычек"
MSG_MASCULINE = ("мужской род в обращении к ученику: «{frag}»; пиши нейтрально: «ответь», «ты успеешь», "
                 "«лично» вместо «сам», «не сомневайся» вместо «будь уверен»")


# --- Что снимается со строки до проверки -------------------------------------------------------

FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
ADMONITION_RE = re.compile(r'^(?P<head>\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*)(?:"(?P<title>[^"]*)")?\s*$')
CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
COMMENT_RE = re.compile(r"<!--.*?-->")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>")
URL_RE = re.compile(r"\b(?:https?|ftp|mailto|file):[^\s<>()«»]+|\bwww\.[^\s<>()«»]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINK_TARGET_RE = re.compile(r"(?<=\])(?:\([^()\s]*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])")
REF_DEFINITION_RE = re.compile(r'^\s{0,3}\[[^\]]+\]:\s+(?:<[^>]*>|\S+)(?:\s+"[^"]*")?\s*$')
ATTR_LIST_RE = re.compile(r"\{:?\s*[.#][^{}]*\}")
TASK_RE = re.compile(r"^(\s*(?:[-*+]|\d+\.)\s+)\[[ xX]\]")
ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
SNIPPET_RE = re.compile(r"^\s*-{1,2}8<-{1,2}")
PLACEHOLDER_RE = re.compile(r"\[[^\[\]\n]{1,80}\]")

YAML_KEY_RE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?:\s+(?P<value>.*?))?\s*$")
YAML_ITEM_RE = re.compile(r"^(?P<indent>\s*)-\s+(?P<value>.*?)\s*$")


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: MASK * len(m.group(0)), text)


def _mask_markdown(text: str) -> str:
    """Строка Markdown → только текст (длина сохраняется: пропуски заменены на MASK)."""
    if SNIPPET_RE.match(text) or REF_DEFINITION_RE.match(text):
        return MASK * len(text)
    text = _mask(text, CODE_SPAN_RE)
    m = ADMONITION_RE.match(text)
    if m:
        title = m.group("title")
        text = MASK * len(m.group("head")) + (f"{MASK}{title}{MASK}" if title is not None else "")
    text = _mask(text, HTML_TAG_RE)
    text = _mask(text, URL_RE)
    text = _mask(text, LINK_TARGET_RE)
    text = _mask(text, ATTR_LIST_RE)
    text = _mask(text, ENTITY_RE)
    text = TASK_RE.sub(lambda m: m.group(1) + MASK * 3, text)
    return text


@dataclass(frozen=True)
class Line:
    """Строка текста для проверки: номер в файле, текст, из блока ```script ли она."""

    number: int
    text: str
    script: bool = False


def _yaml_scalar(value: str) -> list[str]:
    """Значение YAML из одной строки → строки текста (кавычки и [a, b] снимаются)."""
    value = value.strip()
    if not value or value in {"|", ">", "|-", ">-"}:
        return []
    if value[0] in "'\"[":
        try:
            data = yaml.safe_load(value)
        except yaml.YAMLError:
            return [value]
        if isinstance(data, list):
            return [str(item) for item in data if item is not None]
        return [str(data)] if data is not None else []
    return [value]


def _yaml_lines(lines: list[str], first: int, keys: tuple[str, ...]) -> list[Line]:
    """Текстовые значения ключей ``keys`` из строк YAML (номера строк — от ``first``).

    Построчно: ``ключ: значение``, ``- ключ: значение`` (элемент списка словарей), ``- значение``
    (пункт списка под ключом) и продолжение простого значения на следующей строке. Ключи — латиница.
    """
    out: list[Line] = []
    current: str | None = None
    key_indent = 0
    for offset, raw in enumerate(lines):
        number = first + offset
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key = YAML_KEY_RE.match(raw)
        item = YAML_ITEM_RE.match(raw)
        if key:
            current = key.group("key")
            key_indent = len(key.group("indent"))
            values = _yaml_scalar(key.group("value") or "")
        elif item and current:
            values = _yaml_scalar(item.group("value"))
        elif current and len(raw) - len(raw.lstrip()) > key_indent:
            values = [raw.strip()]
        else:
            current = None
            continue
        if current in keys:
            out.extend(Line(number, _mask(v, URL_RE)) for v in values)
    return out


def _markdown_lines(text: str, prose: tuple[str, ...] = FRONT_MATTER_PROSE) -> list[Line]:
    raw_lines = text.split("\n")
    out: list[Line] = []
    start = 0
    if raw_lines and raw_lines[0].strip() == "---":
        for i in range(1, len(raw_lines)):
            if raw_lines[i].strip() in {"---", "..."}:
                out.extend(_yaml_lines(raw_lines[1:i], 2, prose))
                start = i + 1
                break
    fence: tuple[str, str] | None = None  # (отступ, ограда)
    script = False
    in_comment = False
    for i in range(start, len(raw_lines)):
        raw = raw_lines[i]
        number = i + 1
        if fence is not None:
            m = FENCE_RE.match(raw)
            if m and m.group("fence")[0] == fence[1][0] and len(m.group("fence")) >= len(fence[1]) \
                    and not m.group("lang") and not raw[m.end():].strip():
                fence = None
                script = False
            elif script:
                out.append(Line(number, _mask(raw, URL_RE), script=True))
            continue
        if in_comment:
            end = raw.find("-->")
            if end < 0:
                continue
            raw = MASK * (end + 3) + raw[end + 3:]
            in_comment = False
        m = FENCE_RE.match(raw)
        if m:
            fence = (m.group("indent"), m.group("fence"))
            script = m.group("lang") == "script"
            continue
        raw = _mask(raw, COMMENT_RE)
        opened = raw.find("<!--")
        if opened >= 0:
            raw = raw[:opened] + MASK * (len(raw) - opened)
            in_comment = True
        out.append(Line(number, _mask_markdown(raw)))
    return out


def _files(root: Path) -> list[tuple[str, list[Line]]]:
    files: list[tuple[str, list[Line]]] = []
    docs = root / "docs"
    skip = (docs / "assets", docs / "includes")
    paths = [p for p in sorted(docs.rglob("*.md")) if not any(p.is_relative_to(s) for s in skip)]
    paths += sorted((root / "quizzes").glob("*.md"))
    dialogues = sorted((root / "dialogues").glob("*.md"))
    for path in paths + dialogues:
        rel = path.relative_to(root).as_posix()
        prose = DIALOGUE_PROSE if path in dialogues else FRONT_MATTER_PROSE
        files.append((rel, _markdown_lines(path.read_text(encoding="utf-8"), prose)))
    glossary = root / GLOSSARY
    if glossary.is_file():
        lines = glossary.read_text(encoding="utf-8").split("\n")
        files.append((GLOSSARY, _yaml_lines(lines, 1, GLOSSARY_PROSE)))
    return files


# --- Типографика --------------------------------------------------------------------------------

DASH_RE = re.compile(rf"(?:(?<=[\w»)\]…!?.,:;\"'{MASK}])|(?<=[\w»)\]…!?.,:;\"'{MASK}][*_])) -{{1,2}} "
                     rf"(?=[*_]?[\w«(\[\"{MASK}])")
DASH_EOL_RE = re.compile(r"(?<=[\w»)\]…]) -{1,2}$")
DOTS_RE = re.compile(r"\.{3,}|\.\s\.\s\.")
DIGITS_RE = re.compile(rf"(?<![\d.,+])(?<!\d )(?<!\d{NBSP})\d{{1,3}}(?:[ {NBSP}]\d{{3}})+(?!\d)(?!-\d)")
NUMERO_RE = re.compile(rf"№(?:(?= ?\S)(?!{NBSP})|$)")
_INITIAL = r"(?<![\w.])[А-ЯЁ]\."
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
#: Порядок важен: из пересекающихся совпадений берётся первое («Иванова Е. А.» — одно замечание).
INITIALS_RES = (
    re.compile(rf"(?<![\w-]){_SURNAME} [А-ЯЁ]\.(?:[ {NBSP}]?[А-ЯЁ]\.)?(?!\w)"),  # Иванова Е., Иванова Е. А.
    re.compile(rf"{_INITIAL}(?:[ {NBSP}]?[А-ЯЁ]\.)? {_SURNAME}\b"),            # Е. Иванова, Е. А. Иванова
    re.compile(rf"{_INITIAL} [А-ЯЁ]\."),                                        # Е. А.
)
#: Точка сокращения или инициала перед «»»: «т. д.», «см. п.», «и др.», «руб.», «Е.». Одна строчная
#: буква с точкой — сокращение (кроме «я»).
ABBREVIATION_RE = re.compile(r"(?<!\w)(?:[а-юё]|[А-ЯЁA-Z]|др|пр|см|ср|руб|коп|тыс|млн|млрд|гг|вв|им|ул|"
                             r"стр|рис|мин|сек|тел|напр|прим|англ)\.»$")
STOP_RE = re.compile(r"(?<!\.)\.»")


def _typography(line: Line) -> list[str]:
    text = line.text
    messages: list[str] = []
    if '"' in text:
        messages.append(MSG_QUOTES)
    for m in DASH_RE.finditer(text):
        left = re.search(r"\S*$", text[:m.start()]).group(0)
        right = re.match(r"\S*", text[m.end():]).group(0)
        messages.append(MSG_DASH.format(frag=f"{left}{m.group(0)}{right}".replace(MASK, "…")))
    m = DASH_EOL_RE.search(text.rstrip())
    if m and not re.match(r"^\s*-{1,2}\s*$", text):
        left = re.search(r"\S*$", text.rstrip()[:m.start()]).group(0)
        messages.append(MSG_DASH.format(frag=f"{left}{m.group(0)}".replace(MASK, "…")))
    if DOTS_RE.search(text):
        messages.append(MSG_DOTS)
    for m in DIGITS_RE.finditer(text):
        if " " in m.group(0):
            messages.append(MSG_DIGITS.format(frag=m.group(0).replace(NBSP, " ")))
    for m in NUMERO_RE.finditer(text):
        frag = re.match(r"№ ?[^\s,.;:!?»)]*", text[m.start():]).group(0)
        messages.append(MSG_NUMERO.format(frag=frag))
    taken: list[tuple[int, int]] = []
    for pattern in INITIALS_RES:
        for m in pattern.finditer(text):
            if not any(m.start() < end and start < m.end() for start, end in taken):
                taken.append(m.span())
                messages.append(MSG_INITIALS.format(frag=m.group(0).replace(NBSP, " ")))
    for m in STOP_RE.finditer(text):
        head = text[:m.end()]
        if ABBREVIATION_RE.search(head):
            continue
        word = re.search(r"[^\s«]*$", text[:m.start()]).group(0)
        messages.append(MSG_STOP.format(frag=f"{word}.".replace(MASK, "…")))
    return list(dict.fromkeys(messages))


# --- Мужской род в обращении к ученику ----------------------------------------------------------

#: Существительные на «-л» после гласной, которые не прошедшее время.
NOT_PAST = frozenset("""канал материал сигнал зал стол пол угол финал портал журнал персонал капитал
    интервал терминал протокол символ артикул стул идеал оригинал минимал максимал мол ел пенал
    Павел Михаил Даниил Гавриил""".lower().split())
#: Краткие прилагательные и причастия мужского рода, которыми говорят о человеке.
SHORT_MASCULINE = ("уверен|готов|должен|рад|согласен|прав|неправ|занят|обязан|вынужден|доволен|недоволен|"
                   "свободен|способен|виноват|знаком|спокоен|расстроен|сам|один|нужен|внимателен|вежлив|"
                   "честен|точен|краток|конкретен|осторожен|уверен")
_W = r"[а-яё]"
_PAST = rf"(?!(?:{'|'.join(sorted(NOT_PAST))})(?!{_W})){_W}*[аеёиоуыяю]л(?:ся)?"
_GAP = rf"(?:\s+{_W}+){{0,2}}?"  # до двух слов между «ты» и глаголом, без знаков препинания
MASC_TY_RE = re.compile(rf"(?<!{_W})ты{_GAP}\s+(?P<word>{_PAST}|{SHORT_MASCULINE})(?!{_W})", re.I)
MASC_INVERTED_RE = re.compile(rf"(?<!{_W})(?P<word>{_PAST}|{SHORT_MASCULINE})\s+(?:бы|ли)\s+ты(?!{_W})", re.I)
MASC_KAK_RE = re.compile(rf"(?<!{_W})как\s+(?P<word>{_PAST})\s+бы(?!{_W})", re.I)
MASC_BUD_RE = re.compile(rf"(?<!{_W})будь\s+(?P<word>{_W}{{2,}}[бвгджзклнпрстфхцчшщ])(?!{_W})", re.I)
SAM_RE = re.compile(rf"(?<!{_W})сам(?!{_W})", re.I)
#: Второе лицо единственного числа: «делаешь», «задашь», «свяжешься», «тебе».
SECOND_PERSON_RE = re.compile(rf"(?<!{_W})(?:ты|тебе|тебя|тобой|{_W}+[еёи]шь(?:ся)?|дашь|ешь)(?!{_W})", re.I)
#: Повелительное наклонение по окончанию: «исправь», «позвони», «сообщай», «свяжись» (кроме слов из
#: ``NOT_IMPERATIVE``, инфинитивов на «-ти»/«-чь» — «вести», «помочь» — и существительных на «-ии»).
IMPERATIVE_RE = re.compile(rf"(?<!{_W})(?P<word>{_W}{{2,}}(?:[иь]|[аяу]й)(?:сь|ся)?)(?!{_W})", re.I)
NOT_IMPERATIVE = frozenset("""или ими ими свои твои мои эти при ли ни вами нами ними ними ими теми всеми
    другими своими твоими этими какими такими ними ими жизнь связь цель роль день путь очередь модель
    новость область часть речь помощь ночь дочь вещь мысль дверь власть сеть соль боль рубли дни
    ответственность возможность обязанности""".split())
#: Подлежащее третьего лица прямо перед «сам»: тогда «сам» — о нём, не об ученике.
THIRD_PERSON = frozenset("""он кто который никто каждый тот этот клиент человек собеседник руководитель
    коллега подрядчик ассистент заказчик партнёр автор ученик сервис покупатель исполнитель директор
    менеджер специалист""".split())
#: Строка, которая начинает новый блок (пункт списка, заголовок, цитата, строка таблицы), а не
#: продолжает абзац предыдущей.
BLOCK_START_RE = re.compile(r"^\s*(?:[-*+>|#]|\d+\.|$)")
CLAUSE_RE = re.compile(r"[^.,;:!?—()–\n]+")
GUILLEMETS_RE = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*(?:»|$)|^[^«»]*»")


def _masculine(line: Line, before: str = "") -> list[str]:
    """Мужской род, обращённый к ученику (правило 7); строки ```script и «речь» не проверяются.

    ``before`` — конец предыдущей строки того же абзаца: «как ждёшь ответа» + «сам, и …» на
    следующей строке — одна часть предложения. Замечание получает строка, где кончается находка.
    """
    if line.script:
        return []
    head = f"{before} " if before else ""
    text = _mask(head + line.text, GUILLEMETS_RE)
    frags: list[str] = []
    for pattern in (MASC_TY_RE, MASC_INVERTED_RE, MASC_KAK_RE, MASC_BUD_RE):
        for m in pattern.finditer(text):
            if m.end() > len(head):
                frags.append(m.group(0))
    for clause in CLAUSE_RE.finditer(text):
        words = clause.group(0)
        for m in SAM_RE.finditer(words):
            if clause.start() + m.end() <= len(head):
                continue
            earlier = [w.lower() for w in re.findall(rf"{_W}+", words[:m.start()], re.I)]
            after = re.match(rf"\s*({_W}+)", words[m.end():], re.I)
            if THIRD_PERSON.intersection(earlier) or (earlier and earlier[-1] == "ты") \
                    or (after and after.group(1).lower() in THIRD_PERSON):
                continue  # «клиент ставит их сам», «сам клиент»; «ты сам» найдено выше
            verbs = SECOND_PERSON_RE.findall(words)
            verbs += [v.group("word") for v in IMPERATIVE_RE.finditer(words)
                      if v.group("word").lower() not in NOT_IMPERATIVE
                      and not re.search(r"(?:ти|чь)(?:сь|ся)?$|ии$", v.group("word").lower())]
            if verbs:
                frags.append(words.strip())
    return [MSG_MASCULINE.format(frag=re.sub(r"\s+", " ", f.strip())) for f in frags]


# --- Орфография ---------------------------------------------------------------------------------

WORD_RE = re.compile(r"(?<!\w)(?<!\d-)[^\W\d_][^\W\d_\u0301\u00ad]*(?:[\u0301\u00ad][^\W\d_]*)*(?:-[^\W\d_\u0301\u00ad]+)*")
CYRILLIC_RE = re.compile(r"[А-Яа-яЁё]")
NON_CYRILLIC_LETTER_RE = re.compile(r"[^\W\d_А-Яа-яЁё\u0301\u00ad]")


def read_dictionary(path: Path) -> list[str]:
    """Строки словаря проекта без комментариев: ``слово`` или ``слово/образец``."""
    if not path.is_file():
        return []
    entries: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def _words(line: Line) -> list[str]:
    text = line.text
    if line.script:
        text = _mask(text, PLACEHOLDER_RE)
    words = (w.replace("\u0301", "").replace("\u00ad", "") for w in WORD_RE.findall(text))
    return [w for w in words if len(w) > 1]  # одна буква — инициал, сокращение, пункт «а)»


def _parts_to_check(word: str, known: set[str]) -> list[str]:
    """Части слова, которые нужно отдать hunspell (пусто — слово в порядке)."""
    if word in known or word.lower() in known:
        return []
    parts = word.split("-")
    return [p for p in parts if CYRILLIC_RE.search(p) and p not in known and p.lower() not in known]


MAX_HINTS = 40


class HunspellMissing(RuntimeError):
    pass


def hunspell_command() -> str:
    exe = shutil.which("hunspell")
    if not exe:
        raise HunspellMissing("hunspell не найден: поставь его командой `make hunspell` "
                              "(пакеты Debian hunspell и hunspell-ru)")
    return exe


def _run_hunspell(args: list[str], words: list[str], entries: list[str]) -> str:
    exe = hunspell_command()
    with tempfile.TemporaryDirectory() as tmp:
        personal = Path(tmp) / "slovar.dic"
        personal.write_text("".join(f"{e}\n" for e in entries if "-" not in e.split("/")[0]),
                            encoding="utf-8")
        result = subprocess.run(
            [exe, *args, "-i", "UTF-8", "-d", HUNSPELL_LANG, "-p", str(personal)],
            input="".join(f"^{w}\n" for w in words), capture_output=True, text=True,
            encoding="utf-8", env={**os.environ, "LC_ALL": "C.UTF-8"}, check=False)
    if result.returncode != 0:
        raise HunspellMissing(f"hunspell -d {HUNSPELL_LANG} не запустился: {result.stderr.strip()} "
                              "(нужен пакет hunspell-ru: `make hunspell`)")
    return result.stdout


def misspelled(words: list[str], entries: list[str]) -> dict[str, str]:
    """Слова не из словаря → {слово: подсказка hunspell или ''}.

    Проверка — один запуск ``hunspell -l`` на весь список уникальных слов. Подсказки ищет
    второй запуск (``-a``) только по найденным словам, не больше ``MAX_HINTS``: в русском словаре
    подбор вариантов медленный (~50 мс на слово), а проверка всех слов занимает ~0,1 с.
    """
    if not words:
        return {}
    listed = set(_run_hunspell(["-l"], words, entries).split())
    bad = {w: "" for w in words if w in listed or NON_CYRILLIC_LETTER_RE.search(w)}
    ask = list(bad)[:MAX_HINTS]
    if ask:
        for answer in _run_hunspell(["-a"], ask, entries).splitlines():
            # «& слово N смещение: вариант1, вариант2, …»
            head, _, variants = answer.partition(": ")
            fields = head.split()
            if answer.startswith("& ") and len(fields) > 1 and fields[1] in bad and variants:
                bad[fields[1]] = variants.split(", ")[0]
    return bad


def _spelling(files: list[tuple[str, list[Line]]], root: Path) -> list[Problem]:
    entries = read_dictionary(root / DICTIONARY)
    known = {e.split("/")[0] for e in entries}
    known |= {k.lower() for k in known if "-" in k}
    occurrences: list[tuple[str, int, str, list[str]]] = []
    unique: dict[str, None] = {}
    for rel, lines in files:
        for line in lines:
            for word in _words(line):
                if not CYRILLIC_RE.search(word):
                    continue  # латиница не проверяется
                parts = _parts_to_check(word, known)
                if parts:
                    occurrences.append((rel, line.number, word, parts))
                    unique.update(dict.fromkeys(parts))
    bad = misspelled(list(unique), entries)
    problems: list[Problem] = []
    seen: set[tuple[str, int, str]] = set()
    for rel, number, word, parts in occurrences:
        wrong = [p for p in parts if p in bad]
        if not wrong or (rel, number, word) in seen:
            continue
        seen.add((rel, number, word))
        hint = bad[word] if parts == [word] else ""  # подсказка — только для слова целиком
        hint_text = f" (может быть, «{hint}»?)" if hint and hint != word else ""
        problems.append(Problem(rel, number, MSG_SPELL.format(word=word, hint=hint_text)))
    return problems


def lint(root: Path) -> list[Problem]:
    """Все замечания по тексту в дереве ``root`` (корень репозитория)."""
    root = Path(root).resolve()
    files = _files(root)
    problems: list[Problem] = []
    for rel, lines in files:
        previous: Line | None = None
        for line in lines:
            # конец предыдущей строки того же абзаца — для «…ждёшь ответа / сам» через перенос
            before = previous.text if previous and previous.number == line.number - 1 \
                and not previous.script and previous.text.strip() \
                and not BLOCK_START_RE.match(line.text) else ""
            problems.extend(Problem(rel, line.number, message)
                            for message in [*_typography(line), *_masculine(line, before)])
            previous = line
    problems.extend(_spelling(files, root))
    order = {rel: i for i, (rel, _) in enumerate(files)}
    return sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.line))
