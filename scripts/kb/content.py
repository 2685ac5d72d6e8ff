"""Модель содержания базы знаний: чтение страниц, их front matter и строк.

Раздел → Тема → Тезис лежат папками в ``docs/``. Страница тезиса — ``index.md``
в папке тезиса с ``type: thesis``; материалы тезиса — ``.md`` рядом с ней
с ``type: material``; источник теста — файл в ``quizzes/``.

Модуль ничего не проверяет и не печатает: он только читает. Правила — в
``kb.validate``, отображение — в хуке MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.meta import YAML_RE

DOCS_DIR = "docs"
GLOSSARY = "docs/includes/glossary.yml"
QUIZZES_DIR = "quizzes"
#: Вопросы итогового теста: quizzes/final/<имя теста тезиса>.md — на сайте не показываются с ответами.
FINAL_QUIZZES_DIR = "quizzes/final"

#: Виды материалов и их русские названия (для страниц и сообщений).
KINDS: dict[str, str] = {
    "checklist": "Чек-лист",
    "script": "Скрипт",
    "guide": "Руководство",
    "list": "Список",
    "case": "Кейс",
    "template": "Шаблон",
}

#: Разделы ## страницы тезиса — названия задаются только здесь.
STEPS_PREFIX = "Как "  # «## Как подготовиться…»: шаги; задан началом заголовка
MISTAKES = "Ошибки, которых стоит избегать"
MATERIALS = "Материалы"
SUMMARY = "Итог"
SELF_CHECK = "Проверь себя"
#: Обязательные разделы страницы тезиса (заголовки ##), в этом порядке: (начало или название, подпись).
REQUIRED_SECTIONS: list[tuple[str, str]] = [
    (STEPS_PREFIX, f"«## {STEPS_PREFIX}…» — шаги"),
    (MISTAKES, f"«## {MISTAKES}»"),
    (MATERIALS, f"«## {MATERIALS}»"),
    (SUMMARY, f"«## {SUMMARY}»"),
    (SELF_CHECK, f"«## {SELF_CHECK}»"),
]


def heading_matches(heading: str, prefix: str) -> bool:
    """Заголовок раздела — обязательный раздел ``prefix`` (с пробелом в конце — начало заголовка)."""
    return heading.startswith(prefix) if prefix.endswith(" ") else heading == prefix


def find_section(sections: list["Section"], prefix: str) -> "Section | None":
    return next((sec for sec in sections if heading_matches(sec.title, prefix)), None)


#: Маркеры, которые хук разворачивает на странице тезиса.
MATERIALS_MARKER = "<!-- kb:materials -->"
QUIZ_MARKER = "<!-- kb:quiz -->"
#: Маркер → тип страницы, на которой он разрешён.
MARKERS = {
    "materials": "thesis",
    "quiz": "thesis",
    "theses": "topic",
    "topics": "section",
    "cheatsheet": "cheatsheet",
    "cheatsheets": "cheatsheet-index",
    "glossary": "glossary",
    "course-summary": "home",
}
MARKER_RE = re.compile(r"<!--\s*kb:([\w-]*)\s*-->")
FENCE_PREFIXES = ("```", "~~~")
#: Код в строке: `…`, ``…`` — маркер в нём описан, а не поставлен.
INLINE_CODE_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")

#: Пометка незаконченной страницы; её ставит заготовка (scripts/new_thesis.py). Регистр любой:
#: «НЕ ГОТОВО», «не готово», «Не готово»; двоеточие и пояснение — по желанию.
UNFINISHED_RE = re.compile(r"<!--\s*не\s+готово\b\s*:?(.*?)-->", re.DOTALL | re.IGNORECASE)

#: Текст заготовок scripts/new_thesis.py, который автор обязан заменить своим (сравнение без учёта
#: регистра). Каждая строка здесь есть в заготовке, и каждый файл заготовки содержит хоть одну —
#: это проверяет tests/test_build.py.
SCAFFOLD_PHRASES: tuple[str, ...] = (
    # раздел и тема
    "О чём раздел (1–2 абзаца)",
    "О чём тема и кому она нужна (1–2 абзаца)",
    # тезис
    "Одна строка о том, чему учит тезис",
    "Впиши ответственного",
    "тег-заготовки",
    "Введение: зачем ассистенту этот тезис",
    "## Как …",
    "Название первого шага",
    "Название второго шага",
    "Название третьего шага",
    "Что сделать и как.",
    "Конкретный пример.",
    "Практический совет.",
    "Название первой ошибки",
    "Название второй ошибки",
    "Название третьей ошибки",
    "Чем она вредит и как её избежать.",
    "Вывод в 2–4 предложениях.",
    "Первая готовая фраза клиенту",
    "«Вторая фраза»",
    "«Третья фраза»",
    # тренажёр разговора (dialogues/)
    "кто клиент и сколько работает с нами",
    "Где и как начинается разговор.",
    "Первая реплика клиента.",
    "Лучший ответ: по шагу тезиса.",
    # чек-лист и скрипт
    "Первое действие в повелительном наклонении",
    "- [ ] Второе действие",
    "- [ ] Третье действие",
    "- [ ] Четвёртое действие",
    "- [ ] Пятое действие",
    "Меня зовут [Твоё имя], …",
    # тест («\n» в конце — строка этим и кончается)
    "- [x] Верный ответ\n",
    "> Почему он работает.",
    "Правдоподобный неверный ответ такой же длины",
    "Ещё один правдоподобный неверный ответ",
    "> В чём ошибка.",
)


def unfenced_lines(text: str):
    """(номер строки с 1, строка) вне блоков кода ``` и ~~~; строки самих оград пропускаются."""
    in_fence = False
    for no, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(FENCE_PREFIXES):
            in_fence = not in_fence
        elif not in_fence:
            yield no, line


def live_markers(text: str) -> list[tuple[int, re.Match[str]]]:
    """Маркеры <!-- kb:… --> страницы: (номер строки с 1, совпадение в строке).

    Маркер в блоке кода или в `коде` строки — это пример в документации, а не маркер.
    """
    if not MARKER_RE.search(text):
        return []
    found = []
    for no, line in unfenced_lines(text):
        if "kb:" not in line:
            continue
        code = [m.span() for m in INLINE_CODE_RE.finditer(line)] if "`" in line else []
        for m in MARKER_RE.finditer(line):
            if not any(a <= m.start() < b for a, b in code):
                found.append((no, m))
    return found


def scaffold_text(text: str) -> list[tuple[int, str]]:
    """(номер строки, фраза) — строки вне блоков кода, где осталась фраза заготовки (SCAFFOLD_PHRASES)."""
    found = []
    whole = text.lower()
    if not any(core in whole for core in _SCAFFOLD_CORE):  # нет нигде — строки не перебираем
        return found
    for no, line in unfenced_lines(text):
        low = line.strip().lower() + "\n"
        phrase = next((p for p in _SCAFFOLD_LOWER if p in low), None)
        if phrase is not None:
            found.append((no, SCAFFOLD_PHRASES[_SCAFFOLD_LOWER.index(phrase)].rstrip("\n")))
    return found


_SCAFFOLD_LOWER = [p.lower() for p in SCAFFOLD_PHRASES]
_SCAFFOLD_CORE = [p.rstrip("\n") for p in _SCAFFOLD_LOWER]


def replace_markers(text: str, render) -> str:
    """Текст, где каждый живой маркер (live_markers) заменён на ``render(имя)``; остальное как есть."""
    found = live_markers(text)
    if not found:
        return text
    lines = text.split("\n")
    by_line: dict[int, list[re.Match[str]]] = {}
    for no, m in found:
        by_line.setdefault(no, []).append(m)
    for no, matches in by_line.items():
        line = lines[no - 1]
        for m in reversed(matches):
            line = line[: m.start()] + render(m.group(1)) + line[m.end():]
        lines[no - 1] = line
    return "\n".join(lines)

#: Подстановка в шаблоне скрипта или письма: [Имя клиента], [дата], [Услуга X].
#: Внутри — буква в начале, без квадратных скобок и переносов строк.
PLACEHOLDER_RE = re.compile(r"\[([A-Za-zА-Яа-яЁё][^\[\]\n]{0,60})\]")

#: Блок шаблона скрипта: ```script ... ```
SCRIPT_FENCE_RE = re.compile(r"^(?P<indent>[ \t]*)```script[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)

TASK_ITEM_RE = re.compile(r"^\s*[-*] \[[ xX]\] \S")
NUMBERED_STEP_RE = re.compile(r"^(?:\s*\d+\.\s+\S|#{2,4}\s+\d+\.\s+\S)")


@dataclass
class Page:
    """Одна страница Markdown с разобранным front matter."""

    path: Path  # абсолютный путь
    rel: str  # путь от корня репозитория, с прямыми слешами
    text: str
    meta: dict[str, Any]
    body: str
    body_line: int  # номер строки файла, с которой начинается тело (с 1)
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    yaml_error: tuple[int, str] | None = None
    read_error: str | None = None  # файл не прочитан (кодировка)

    @property
    def type(self) -> Any:
        return self.meta.get("type")

    def line_of(self, key: str) -> int:
        """Строка поля front matter; если поля нет — первая строка файла."""
        return self.key_lines.get(key, 1)

    def body_lines(self) -> list[tuple[int, str]]:
        """Строки тела с их номерами в файле."""
        return [(self.body_line + i, line) for i, line in enumerate(self.body.splitlines())]


@dataclass
class Section:
    """Раздел ## страницы: заголовок, подзаголовки ### и строки (с номерами в файле)."""

    line: int
    title: str
    subsections: list[tuple[int, str]] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)


def outline(page: Page) -> tuple[list[str], list[Section]]:
    """Введение (строки до первого ##) и разделы ## страницы; ограды ``` не считаются."""
    intro: list[str] = []
    sections: list[Section] = []
    in_fence = False
    for no, line in page.body_lines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            sections.append(Section(no, line[3:].strip()))
            continue
        if not sections:
            if line.strip() and not line.startswith("#"):
                intro.append(line)
            continue
        if not in_fence and line.startswith("### "):
            sections[-1].subsections.append((no, line[4:].strip()))
        sections[-1].lines.append((no, line))
    return intro, sections


def step_title(heading: str) -> str:
    """«3. Определи цель разговора» → «Определи цель разговора»."""
    return re.sub(r"^\d+\.\s*", "", heading).strip()


try:  # C-загрузчик YAML, если PyYAML собран с libyaml: в разы быстрее чистого Python
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - зависит от сборки PyYAML
    _Loader = yaml.SafeLoader


def read_text(path: Path) -> str:
    """Текст файла в UTF-8; BOM (обычное сохранение в Windows) и переводы строк CRLF допустимы.

    ``UnicodeDecodeError`` пробрасывается: что сказать автору, решает вызывающий.
    """
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str) -> tuple[Any, Any]:
    """Один разбор YAML: (узел с номерами строк, данные). Ошибки — ``yaml.YAMLError``."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def read_page(path: Path, root: Path) -> Page:
    rel = path.relative_to(root).as_posix()
    if path.is_symlink() and not path.resolve().is_relative_to(Path(root).resolve()):
        page = Page(path, rel, "", {}, "", 1)
        page.read_error = "файл — ссылка за пределы репозитория; положи сам файл в docs/ вместо ссылки"
        return page
    try:
        text = read_text(path)
    except UnicodeDecodeError:
        page = Page(path, rel, "", {}, "", 1)
        page.read_error = "файл не в UTF-8 (например, в Windows-1251); пересохрани его в кодировке UTF-8"
        return page
    if not text.strip():
        page = Page(path, rel, text, {}, text, 1)
        page.read_error = "файл пуст; допиши его или удали"
        return page
    match = YAML_RE.match(text)
    if not match:
        page = Page(path, rel, text, {}, text, 1)
        if text.lstrip().startswith("---"):
            page.yaml_error = (1, "front matter не закрыт: нет второй строки «---»")
        return page
    front = match.group(1)
    body = text[match.end():]
    body_line = text[: match.end()].count("\n") + 1
    page = Page(path, rel, text, {}, body, body_line)
    try:
        node, data = parse_yaml(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        page.yaml_error = (line, str(getattr(exc, "problem", exc)))
        return page
    except ValueError:  # YAML узнал дату по виду, а такого дня нет: reviewed: 2026-13-01
        page.yaml_error = _bad_date(front)
        return page
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        page.yaml_error = (1, "front matter должен быть словарём «ключ: значение»")
        return page
    page.meta = data
    # +2: строка «---» и перевод нумерации с нуля на единицу
    for key_node, value_node in node.value:
        page.key_lines[str(key_node.value)] = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):
            page.item_lines[str(key_node.value)] = [n.start_mark.line + 2 for n in value_node.value]
    return page


_DATE_VALUE_RE = re.compile(r"^[^#:]+:\s*['\"]?(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _bad_date(front: str) -> tuple[int, str]:
    """Строка и объяснение для даты, которой нет в календаре (YAML падает на ней ValueError)."""
    import datetime

    for no, line in enumerate(front.split("\n"), 2):
        m = _DATE_VALUE_RE.match(line)
        if m:
            try:
                datetime.date(*map(int, m.groups()))
            except ValueError:
                value = "-".join(m.groups())
                return no, f"даты {value} нет в календаре; нужна дата ГГГГ-ММ-ДД: месяц от 01 до 12, день — какой есть в месяце"
    return 1, "значение не читается; проверь даты и числа"


def iter_markdown(root: Path, folder: str) -> list[Path]:
    base = root / folder
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*.md") if p.is_file())


def placeholders(text: str) -> list[str]:
    """Имена подстановок в порядке первого появления, без повторов."""
    seen: dict[str, None] = {}
    for m in PLACEHOLDER_RE.finditer(text):
        name = m.group(1).strip()
        if name.lower() in {"x", " "}:
            continue
        seen.setdefault(name, None)
    return list(seen)


def script_blocks(text: str) -> list[tuple[int, str]]:
    """Блоки ```script: (номер строки открывающей ограды с 1, текст)."""
    return [(text[: m.start()].count("\n") + 1, m.group("body")) for m in SCRIPT_FENCE_RE.finditer(text)]


def glossary_sort_key(entry: Any) -> tuple[bool, str]:
    """Русские термины по алфавиту, затем латинские (CRM, SLA, call to action)."""
    term = str(entry.get("term", "") if isinstance(entry, dict) else "").strip().lower().replace("ё", "е")
    return (not re.match(r"[а-я]", term), term)
