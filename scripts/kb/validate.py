"""Проверка содержания базы знаний. Одно место для всех правил.

``validate(root)`` возвращает список ``Problem`` — все нарушения сразу.
Его вызывают CLI (``scripts/check_content.py``), хук MkDocs
(``overrides/hooks/course.py``) и тесты; сами они правил не знают.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import content, dialogues, model, review, search_keywords
from . import settings as kb_settings
from .content import KINDS, MATERIALS_MARKER, QUIZ_MARKER, Page
from .content import MISTAKES, REQUIRED_SECTIONS, STEPS_PREFIX, heading_matches
from .settings import CourseSettings

MIN_GUIDE_STEPS = 3
MIN_HOW_STEPS = 3
MIN_MISTAKES = 3
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_RE = re.compile(r"^[a-z0-9._-]+$")

#: Поля front matter тезиса: имя → (тип, описание для подсказки).
THESIS_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "id": (str, "латиница, цифры и дефисы, например podgotovka"),
    "title": (str, "название тезиса"),
    "order": (int, "место тезиса в порядке изучения, целое число"),
    "summary": (str, "одна строка: чему учит тезис"),
    "duration": (int, "минут на изучение, целое число"),
    "materials": (list, "список материалов: title, kind, page"),
    "quiz": (str, "путь к файлу теста, например quizzes/podgotovka.md"),
    "tags": (list, "теги из общего словаря тегов, например [звонок, письма]"),
    "phrases": (list, "список из 3–5 готовых фраз клиенту в «ёлочках» — для шпаргалки"),
}
MATERIAL_FIELDS = ("title", "kind", "page")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class _Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))


def validate(root: Path, settings: CourseSettings | None = None) -> list[Problem]:
    """Все нарушения правил в дереве ``root`` (корень репозитория)."""
    kb = model.load(root)
    if settings is None:
        try:
            settings = kb_settings.from_root(kb.root)
        except ValueError as err:
            return [Problem("mkdocs.yml", 1, str(err))]
    config = kb.root / "mkdocs.yml"
    nav = None
    if config.is_file():
        from mkdocs.utils.yaml import yaml_load  # понимает !ENV и теги python, как сама MkDocs

        with config.open(encoding="utf-8") as f:
            nav = (yaml_load(f) or {}).get("nav")
    return sorted(set(check(kb, settings) + check_nav(nav, kb, config)))


def _nav_pages(items: Any) -> list[str]:
    """Страницы nav (пути от docs/) по порядку; ссылки на другие сайты и маркер разделов — мимо."""
    found: list[str] = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            for value in item.values():
                found += _nav_pages(value)
        elif isinstance(item, str) and item != model.NAV_MARKER and "://" not in item:
            found.append(item)
    return found


def check_nav(nav: Any, kb: model.KnowledgeBase, config: Path) -> list[Problem]:
    """Страница в меню дважды: её вписали в nav mkdocs.yml руками, а маркер разделов ставит её сам
    (или вписали дважды). Строка — в ``config`` (mkdocs.yml), первая строка со значением после nav:."""
    if not isinstance(nav, list):
        return []
    automatic = set(_nav_pages(kb.nav())) if model.NAV_MARKER in nav else set()
    try:
        lines = config.read_text(encoding="utf-8").split("\n")
    except OSError:
        lines = []
    start = next((i for i, ln in enumerate(lines) if ln.startswith("nav:")), 0)
    rel = config.name
    report = _Report()
    seen: dict[str, int] = {}
    for src in _nav_pages(nav):
        pattern = re.compile(r"(?:^|[\s:'\"])" + re.escape(src) + r"['\"]?\s*(?:#.*)?$")
        hit = next((i for i in range(start + 1, len(lines)) if pattern.search(lines[i])), None)
        line = hit + 1 if hit is not None else 1
        if hit is not None:
            start = hit
        if src in automatic:
            report.add(rel, line, f"страница {src} стоит в nav руками, а в меню её и так ставит строка "
                       f"«{model.NAV_MARKER}» (по папкам); убери её из nav, иначе она в меню дважды")
        elif src in seen:
            report.add(rel, line, f"страница {src} уже есть в nav в строке {seen[src]}; оставь её в меню один раз")
        else:
            seen[src] = line
    return report.problems


def check(kb: model.KnowledgeBase, settings: CourseSettings) -> list[Problem]:
    """Нарушения в уже прочитанной базе знаний (её же потом собирает хук)."""
    report = _Report()
    pages = list(kb.pages.values())
    for page in pages:
        if page.read_error:
            report.add(page.rel, 1, page.read_error)
        elif page.yaml_error:
            line, why = page.yaml_error
            report.add(page.rel, line, f"front matter не читается как YAML: {why}; поправь синтаксис")
    for quiz in kb.quizzes.values():
        if quiz.read_error:
            report.add(quiz.rel, 1, quiz.read_error)
    texts = [(p.rel, p.text) for p in pages] + [(q.rel, q.text) for q in kb.quizzes.values()]
    texts += [(d.rel, d.page.text) for d in kb.dialogues.values()]
    for rel, text in texts:
        _check_unfinished(rel, text, report)
        _check_unsafe_html(rel, text, report)
    for page in pages:
        _check_markers(page, report)
        try:
            search_keywords.from_meta(page.meta)
        except ValueError as err:
            report.add(page.rel, page.line_of(search_keywords.META_KEY), f"{err}; запиши фразы списком, по строке на пункт")
        for line, text in content.script_blocks(page.body):
            _check_placeholders(page.rel, page.body_line + line - 1, text, report)

    _check_glossary(kb, report)
    _check_structure(kb, report)
    try:
        day = review.today()
    except ValueError as err:
        report.add("(переменные окружения)", 1, f"{err}; поправь её или убери")
        day = None
    if day is not None:
        for page in pages:
            if page.type in review.REVIEWED_TYPES and not page.yaml_error:
                _check_review(page, day, report)

    theses = [p for p in pages if p.type == "thesis"]
    declared_pages: dict[str, str] = {}  # путь материала → путь тезиса
    declared_quizzes: dict[str, str] = {}
    ids: dict[str, Page] = {}
    for thesis in sorted(theses, key=_age):
        _check_thesis(thesis, kb, settings, report, ids, declared_pages, declared_quizzes)
    _check_orders(kb, report)
    dialogues.check(kb, settings, report)  # тренажёры разговора: kb/dialogues.py

    # Сироты: материал или тест, который не объявил ни один тезис. Если чей-то
    # front matter не читается, его объявлений мы не знаем — сирот рядом не ищем.
    thesis_dirs = {PurePosixPath(t.rel).parent for t in theses}
    unreadable_dirs = {PurePosixPath(p.rel).parent for p in pages if p.yaml_error or p.read_error}
    for page in pages:
        if page.type == "thesis" or page.rel in declared_pages or page.yaml_error or page.read_error:
            continue
        if PurePosixPath(page.rel).parent in unreadable_dirs:
            continue
        if page.type == "material":
            report.add(page.rel, page.line_of("type"),
                       "материал не объявлен ни в одном тезисе; добавь его в materials тезиса или удали файл")
        elif PurePosixPath(page.rel).parent in thesis_dirs:
            report.add(page.rel, 1,
                       "страница в папке тезиса не объявлена в его materials; объяви её или перенеси из папки тезиса")
    for rel in kb.quizzes:
        if rel in declared_quizzes or unreadable_dirs:
            continue
        if PurePosixPath(rel).is_relative_to(content.FINAL_QUIZZES_DIR):
            report.add(rel, 1, "вопросы итогового теста без тезиса: файл называется так же, как тест тезиса "
                       "(quizzes/final/<имя>.md для quizzes/<имя>.md); переименуй его или удали")
        else:
            report.add(rel, 1, "тест не объявлен ни в одном тезисе; укажи его в поле quiz тезиса или удали файл")

    return sorted(set(report.problems))


def _age(page: Page) -> tuple[float, str]:
    """Старший файл первым: при повторе id виноват тот, что изменён позже."""
    try:
        return page.path.stat().st_mtime, page.rel
    except OSError:
        return 0.0, page.rel


def _check_structure(kb: model.KnowledgeBase, report: _Report) -> None:
    """Раздел → тема → тезис папками: каждая страница-узел на своём уровне."""
    placed_topics = {t.src for t in kb.topics}
    placed_theses = {th.src for th in kb.theses}
    for src, page in kb.pages.items():
        depth = len(PurePosixPath(src).parts)
        is_index = PurePosixPath(src).name == "index.md"
        if page.type == "section" and (depth != 2 or not is_index):
            report.add(page.rel, page.line_of("type"),
                       "страница раздела должна быть docs/<раздел>/index.md; перенеси её или поправь type")
        elif page.type == "topic" and src not in placed_topics:
            report.add(page.rel, page.line_of("type"),
                       "страница темы должна быть docs/<раздел>/<тема>/index.md, а в папке раздела — index.md с "
                       "type: section; перенеси её или создай раздел (make topic)")
        elif page.type == "thesis" and src not in placed_theses:
            report.add(page.rel, page.line_of("type"),
                       "тезис должен лежать в папке темы: docs/<раздел>/<тема>/<тезис>/index.md, а в папке темы — "
                       "index.md с type: topic; перенеси его или создай тему (make topic)")
        elif page.type == "cheatsheet" and kb.topic_of(src) is None:
            report.add(page.rel, page.line_of("type"),
                       "шпаргалка (type: cheatsheet) работает только в папке темы; сайт и так создаёт её для каждой темы")
    for topic in kb.topics:
        if topic.cheatsheet_src in kb.pages:
            report.add(kb.pages[topic.cheatsheet_src].rel, 1,
                       f"имя {model.TOPIC_CHEATSHEET} в папке темы занято шпаргалкой, которую собирает сайт; "
                       "переименуй файл")
    for owner in [*kb.sections, *kb.topics]:
        order = owner.page.meta.get("order")
        if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
            report.add(owner.page.rel, owner.page.line_of("order"), "поле «order» — целое число: место в меню среди соседей")


def _check_orders(kb: model.KnowledgeBase, report: _Report) -> None:
    """Два тезиса темы с одним order — порядок изучения не определён."""
    for topic in kb.topics:
        seen: dict[int, Page] = {}
        for thesis in sorted(topic.theses, key=lambda th: th.page.rel):
            order = thesis.meta.get("order")
            if not isinstance(order, int) or isinstance(order, bool):
                continue
            if order in seen:
                report.add(thesis.page.rel, thesis.page.line_of("order"),
                           f"order {order} уже у тезиса {seen[order].rel}; у тезисов темы порядковые номера разные")
            else:
                seen[order] = thesis.page


def _check_glossary(kb: model.KnowledgeBase, report: _Report) -> None:
    if kb.glossary_error:
        report.add(content.GLOSSARY, 1, f"словарь: {kb.glossary_error}")
        return
    if kb.glossary_yaml_error is not None:
        exc = kb.glossary_yaml_error
        mark = getattr(exc, "problem_mark", None)
        report.add(content.GLOSSARY, mark.line + 1 if mark else 1, f"словарь не читается как YAML: {getattr(exc, 'problem', exc)}")
        return
    if kb.glossary_yaml is None:
        return
    node, data = kb.glossary_yaml
    if not isinstance(data, list):
        report.add(content.GLOSSARY, 1, "словарь — это список записей «- term: …, definition: …, forms: […]»")
        return
    seen: dict[str, int] = {}
    terms: dict[str, int] = {}
    for entry, item in zip(data, node.value):
        line = item.start_mark.line + 1
        if not isinstance(entry, dict):
            report.add(content.GLOSSARY, line, "запись словаря должна быть словарём с полями term, definition, forms")
            continue
        term, definition, forms = entry.get("term"), entry.get("definition"), entry.get("forms")
        if not isinstance(term, str) or not term.strip():
            report.add(content.GLOSSARY, line, "у записи словаря нет поля term (термин)")
        else:
            key = term.strip().lower()
            if key in terms:
                report.add(content.GLOSSARY, line, f"термин «{term}» уже есть в строке {terms[key]}; объедини записи")
            terms.setdefault(key, line)
        if not isinstance(definition, str) or not definition.strip() or "\n" in definition.strip():
            report.add(content.GLOSSARY, line, f"у термина «{term}» нет определения в одну строку (definition)")
        elif UNSAFE_HTML_RE.search(definition):
            report.add(content.GLOSSARY, line, f"в определении термина «{term}» {_unsafe_what(definition)}; {UNSAFE_HINT}")
        if "tooltip" in entry and not isinstance(entry["tooltip"], bool):
            report.add(content.GLOSSARY, line, f"у термина «{term}» поле tooltip — true или false (подсказка на страницах "
                       "или только строка в «Словаре»)")
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
            report.add(content.GLOSSARY, line, f"у термина «{term}» нет списка форм (forms), по которым его находить в тексте")
            continue
        for form in forms:
            if form in seen:
                report.add(content.GLOSSARY, line, f"форма «{form}» уже есть у термина в строке {seen[form]}; оставь её у одного термина")
            seen.setdefault(form, line)


def _check_review(page: Page, day, report: _Report) -> None:
    """owner, reviewed и по желанию review_every, updated у тезиса, материала и справочной страницы."""
    meta, rel = page.meta, page.rel
    owner = meta.get("owner")
    if owner is None:
        report.add(rel, 1, "в front matter нет поля «owner»: кто отвечает за точность страницы — роль или человек; "
                   "добавь, например, owner: Методист курса")
    elif not isinstance(owner, str) or not owner.strip():
        report.add(rel, page.line_of("owner"), "поле «owner» заполнено неверно; нужно: роль или человек строкой, "
                   "например Методист курса")
    if meta.get("reviewed") is None:
        report.add(rel, 1, "в front matter нет поля «reviewed»: когда страницу последний раз проверили; добавь дату, "
                   "например reviewed: 2026-11-20")
    for name in ("reviewed", "updated"):
        value = meta.get(name)
        if value is None:
            continue
        parsed = review.parse_date(value)
        if parsed is None:
            report.add(rel, page.line_of(name), f"поле «{name}» — дата ГГГГ-ММ-ДД, например 2026-11-20, а не «{value}»")
        elif parsed > day:
            report.add(rel, page.line_of(name), f"дата в поле «{name}» ({review.ru_date(parsed)}) ещё не наступила; "
                       "поставь день, когда страницу действительно проверили или изменили")
    every = meta.get("review_every")
    if every is not None and (not isinstance(every, int) or isinstance(every, bool) or every < 1):
        report.add(rel, page.line_of("review_every"), "поле «review_every» — через сколько дней перепроверять "
                   f"страницу, целое число больше нуля, а не «{every}»")


def _check_unfinished(rel: str, text: str, report: _Report) -> None:
    marked = False
    for m in content.UNFINISHED_RE.finditer(text):
        marked = True
        line = text[: m.start()].count("\n") + 1
        what = " ".join(m.group(1).split())
        if what:
            report.add(rel, line, f"страница не дописана ({what}); допиши и убери пометку «НЕ ГОТОВО»")
        else:
            report.add(rel, line, "страница не дописана: стоит пометка «не готово»; допиши и убери её")
    if marked:
        return  # пометка уже сказала главное; текст заготовки — следующим шагом, когда её уберут
    found = content.scaffold_text(text)
    if found:
        line, phrase = found[0]
        more = f" (и ещё в {len(found) - 1} стр.)" if len(found) > 1 else ""
        report.add(rel, line, f"остался текст заготовки «{phrase}»{more}; замени его своим текстом")


#: HTML, который выполнится в браузере ученика: тег script, обработчики on…=, ссылки javascript:.
#: Две части (тег и ссылка) ищутся и порознь: у каждой быстрый поиск начала («<» или «j»).
_UNSAFE_TAG_RE = re.compile(r"<(?:\s*script\b|[a-zA-Z][^>]*\son[a-zA-Z]+\s*=)", re.I)
_UNSAFE_URL_RE = re.compile(r"javascript\s*:", re.I)
UNSAFE_HTML_RE = re.compile(f"{_UNSAFE_TAG_RE.pattern}|{_UNSAFE_URL_RE.pattern}", re.I)
UNSAFE_HINT = "такой HTML выполняется в браузере ученика; убери его (оформление — средствами Markdown)"


def _unsafe_what(text: str) -> str:
    m = UNSAFE_HTML_RE.search(text)
    found = m.group(0).lower() if m else ""
    if "script" in found and found.lstrip("<").strip().startswith("script"):
        return "тег <script>"
    if "javascript" in found:
        return "ссылка javascript:"
    return "атрибут-обработчик on…="


_unfenced = content.unfenced_lines


def _check_unsafe_html(rel: str, text: str, report: _Report) -> None:
    # совпадение в строке — это и совпадение во всём тексте: без него строки не перебираем
    if not (_UNSAFE_TAG_RE.search(text) or _UNSAFE_URL_RE.search(text)):
        return
    for no, line in _unfenced(text):
        if UNSAFE_HTML_RE.search(line):
            report.add(rel, no, f"{_unsafe_what(line)} в тексте; {UNSAFE_HINT}")


#: Предлоги, после которых подстановку пришлось бы склонять: «с [Услуга]» → «с доставка».
PREPOSITIONS = ("без", "в", "во", "для", "до", "за", "из", "к", "ко", "на", "над", "о", "об", "обо", "от",
                "по", "под", "при", "про", "с", "со", "у", "через", "после", "перед", "между")
#: Подстановки, которые после предлога читаются правильно: даты, время, суммы, числа.
INVARIABLE_PLACEHOLDERS = ("дата", "дату", "время", "срок", "час", "день", "число", "сумма", "сумму", "стоимость",
                           "цена", "минут", "процент", "номер", "№", "ссылка", "адрес", "телефон")
PREPOSITION_PLACEHOLDER_RE = re.compile(
    r"(?<![\w-])(" + "|".join(PREPOSITIONS) + r")\s+\[([A-Za-zА-Яа-яЁё][^\[\]\n]{0,60})\]", re.I)


#: Строка, где скобки подстановок парные и не вложенные: «[» … «]» без «[» и «]» внутри.
BALANCED_RE = re.compile(r"[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*")


def _check_placeholders(rel: str, line: int, text: str, report: _Report) -> None:
    """Незакрытая скобка подстановки; подстановка сразу после предлога: введённое значение пришлось бы склонять."""
    if "[" not in text and "]" not in text:
        return
    for i, row in enumerate(text.splitlines()):
        if not BALANCED_RE.fullmatch(row):
            report.add(rel, line + i + 1, "скобки подстановки не парные: у «[» нет «]» в той же строке (или наоборот); "
                       "закрой подстановку, например [Имя клиента]")
    for m in PREPOSITION_PLACEHOLDER_RE.finditer(text):
        name = m.group(2)
        low = name.lower()
        if ":" in name or "например" in low or any(word in low for word in INVARIABLE_PLACEHOLDERS):
            continue
        no = line + text[: m.start()].count("\n") + 1
        report.add(rel, no, f"подстановка [{name}] стоит сразу после предлога «{m.group(1)}»: введённое слово "
                   f"не согласуется; поставь её туда, где подходит именительный падеж (например, «по теме: [{name}]»), "
                   f"или подскажи форму в скобках: [{name}: например, …]")


def _check_markers(page: Page, report: _Report) -> None:
    """Маркеры вне кода: в ``` и `…` маркер — пример в документации (content.live_markers)."""
    for line, m in content.live_markers(page.body):
        no = page.body_line + line - 1
        name = m.group(1)
        if name not in content.MARKERS:
            report.add(page.rel, no, f"неизвестный маркер <!-- kb:{name} -->; допустимы: "
                       + ", ".join(f"<!-- kb:{k} -->" for k in sorted(content.MARKERS)))
        elif page.type != content.MARKERS[name] and not page.yaml_error:
            report.add(page.rel, no, f"маркер <!-- kb:{name} --> работает только на странице с type: "
                       f"{content.MARKERS[name]}; убери его или поправь type")


def _check_thesis(thesis: Page, kb: model.KnowledgeBase, settings: CourseSettings, report: _Report,
                  ids: dict[str, Page], declared_pages: dict[str, str], declared_quizzes: dict[str, str]) -> None:
    meta, rel = thesis.meta, thesis.rel
    ok_fields = True
    for name, (kind, hint) in THESIS_FIELDS.items():
        value = meta.get(name)
        if name == "quiz" and isinstance(value, list):
            continue  # свой, более точный текст ниже: «ровно один тест»
        if value is None:
            report.add(rel, 1, f"в front matter тезиса нет поля «{name}»; добавь его: {hint}")
            ok_fields = False
        elif not isinstance(value, kind) or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
            report.add(rel, thesis.line_of(name), f"поле «{name}» заполнено неверно; нужно: {hint}")
            ok_fields = False
    for name in ("order", "duration"):
        value = meta.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            report.add(rel, thesis.line_of(name), f"поле «{name}» должно быть больше нуля, а не {value}")

    thesis_id = meta.get("id")
    if isinstance(thesis_id, str) and thesis_id.strip():
        if not ID_RE.match(thesis_id):
            report.add(rel, thesis.line_of("id"), f"id «{thesis_id}» недопустим; нужно: латиница, цифры и дефисы")
        elif thesis_id in ids:
            report.add(rel, thesis.line_of("id"), f"id «{thesis_id}» уже занят тезисом {ids[thesis_id].rel}; выбери другой")
        else:
            ids[thesis_id] = thesis
    phrases = meta.get("phrases")
    if isinstance(phrases, list):
        lo, hi = settings.min_phrases, settings.max_phrases
        if not lo <= len(phrases) <= hi or not all(isinstance(x, str) and x.strip() for x in phrases):
            report.add(rel, thesis.line_of("phrases"), f"в phrases нужно от {lo} до {hi} фраз-строк; сейчас {len(phrases)}")
    summary = meta.get("summary")
    if isinstance(summary, str) and "\n" in summary.strip():
        report.add(rel, thesis.line_of("summary"), "summary должен быть одной строкой; сократи его")
    for part in PurePosixPath(rel).parts:
        if not SLUG_RE.match(part):
            report.add(rel, 1, f"в пути «{part}» не только латиница; папки и файлы называй ASCII-слагами")
            break

    _check_sections(thesis, report)

    materials = meta.get("materials")
    kinds_seen: list[str] = []
    if isinstance(materials, list):
        lines = thesis.item_lines.get("materials", [])
        for i, item in enumerate(materials):
            line = lines[i] if i < len(lines) else thesis.line_of("materials")
            kind = _check_material_entry(thesis, item, line, kb, settings, report, declared_pages)
            if kind:
                kinds_seen.append(kind)
        if ok_fields or materials:
            for need in ("checklist", "script"):
                if need not in kinds_seen:
                    report.add(rel, thesis.line_of("materials"),
                               f"у тезиса нет материала вида «{need}» ({KINDS[need]}); добавь хотя бы один")

    quiz = meta.get("quiz")
    if isinstance(quiz, list):
        report.add(rel, thesis.line_of("quiz"), "у тезиса должен быть ровно один тест; укажи в quiz один файл")
    elif isinstance(quiz, str) and quiz.strip():
        _check_quiz(thesis, quiz, kb, settings, report, declared_quizzes)


def _check_sections(thesis: Page, report: _Report) -> None:
    rel = thesis.rel
    intro, sections = content.outline(thesis)
    if not "".join(intro).strip():
        report.add(rel, thesis.body_line, "нет введения перед первым разделом; напиши 1–2 абзаца о том, зачем этот тезис")

    position = 0
    found: dict[str, content.Section] = {}
    for prefix, label in REQUIRED_SECTIONS:
        idx = next((i for i in range(position, len(sections)) if heading_matches(sections[i].title, prefix)), None)
        if idx is None:
            misplaced = next((sec for sec in sections if heading_matches(sec.title, prefix)), None)
            if misplaced is not None:
                report.add(rel, misplaced.line, f"раздел {label} стоит не на своём месте; порядок: "
                           + ", ".join(lbl for _, lbl in REQUIRED_SECTIONS))
            else:
                report.add(rel, thesis.body_line, f"нет обязательного раздела {label}; добавь его")
            continue
        found[prefix] = sections[idx]
        position = idx + 1

    if (how := found.get(STEPS_PREFIX)) is not None:
        steps = how.subsections
        if len(steps) < MIN_HOW_STEPS:
            report.add(rel, how.line, f"в разделе «{how.title}» {len(steps)} шагов (### …); нужно не меньше {MIN_HOW_STEPS}")
        for s, (no, title) in enumerate(steps):
            end = steps[s + 1][0] if s + 1 < len(steps) else 10**9
            chunk = [ln for n, ln in how.lines if no < n < end]
            if not any(re.match(r'^\s*(!!!|\?\?\?\+?)\s+(example|tip)\b', ln) for ln in chunk):
                report.add(rel, no, f"у шага «{title}» нет примера или совета; добавь блок !!! example \"Пример\" или !!! tip \"Совет\"")
    if (mistakes := found.get(MISTAKES)) is not None:
        if len(mistakes.subsections) < MIN_MISTAKES:
            report.add(rel, mistakes.line, f"в разделе «{MISTAKES}» {len(mistakes.subsections)} ошибок (### …); нужно не меньше {MIN_MISTAKES}")
    for prefix, marker in ((content.MATERIALS, MATERIALS_MARKER), (content.SELF_CHECK, QUIZ_MARKER)):
        sec = found.get(prefix)
        if sec is not None and not any(marker in ln for _, ln in sec.lines):
            report.add(rel, sec.line, f"в разделе «{sec.title}» нет маркера {marker}; вставь его строкой под заголовком")
    if (summary := found.get(content.SUMMARY)) is not None:
        if not "".join(ln for _, ln in summary.lines).strip():
            report.add(rel, summary.line, "раздел «Итог» пуст; напиши вывод в 2–4 предложениях")


def _check_material_entry(thesis: Page, item: Any, line: int, kb: model.KnowledgeBase, settings: CourseSettings,
                          report: _Report, declared_pages: dict[str, str]) -> str | None:
    rel = thesis.rel
    if not isinstance(item, dict):
        report.add(rel, line, "материал записывается словарём с полями title, kind, page")
        return None
    missing = [f for f in MATERIAL_FIELDS if not isinstance(item.get(f), str) or not item.get(f, "").strip()]
    if missing:
        report.add(rel, line, "у материала нет поля " + ", ".join(f"«{f}»" for f in missing) + "; заполни title, kind и page")
        return None
    kind, title, page_ref = item["kind"], item["title"].strip(), item["page"]
    src = model.posix_join(str(PurePosixPath(model.p_src(thesis)).parent), page_ref)
    if src is None or not src.endswith(".md"):
        report.add(rel, line, f"материал «{title}»: путь {page_ref} ведёт за пределы docs/ или не к файлу .md; "
                   "укажи файл .md рядом со страницей тезиса")
        return None
    target_rel = f"{content.DOCS_DIR}/{src}"
    if target_rel in declared_pages:
        report.add(rel, line, f"материал {target_rel} уже объявлен в {declared_pages[target_rel]}; у материала один тезис")
        return None
    declared_pages[target_rel] = rel
    if kind not in KINDS:
        report.add(rel, line, f"вид материала «{kind}» неизвестен; допустимы: " + ", ".join(KINDS))
        return None
    material = kb.pages.get(src)
    if material is None:
        report.add(rel, line, f"материал «{title}»: файла {target_rel} нет; создай его или поправь page")
        return kind
    if material.read_error or material.yaml_error:
        return kind  # о самом файле уже сказано
    if material.type != "material":
        report.add(target_rel, material.line_of("type"), "у страницы материала должно быть «type: material» в front matter")
    tags = material.meta.get("tags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and t.strip() for t in tags):
        report.add(target_rel, material.line_of("tags"),
                   "у материала нет тегов; добавь в front matter tags: [звонок, письма] — по ним материал найдут на странице «Теги»")
    m_title = material.meta.get("title")
    if m_title != title:
        report.add(target_rel, material.line_of("title"),
                   f"заголовок материала «{m_title}» не совпадает с объявленным в {rel}: «{title}»; сделай их одинаковыми")
    _check_kind_structure(material, kind, settings, report)
    return kind


def _check_kind_structure(material: Page, kind: str, settings: CourseSettings, report: _Report) -> None:
    body = material.body_lines()
    rel = material.rel
    first = material.body_line
    if kind == "checklist":
        items = [n for n, ln in body if content.TASK_ITEM_RE.match(ln)]
        if len(items) < settings.min_checklist_items:
            report.add(rel, first, f"в чек-листе {len(items)} пунктов «- [ ] …»; нужно не меньше {settings.min_checklist_items}")
    elif kind in ("script", "template"):
        blocks = content.script_blocks(material.body)
        if not blocks:
            report.add(rel, first, "в шаблоне нет блока ```script с текстом; оформи скрипт или письмо в таком блоке")
        for line, text in blocks:
            if not content.placeholders(text):
                report.add(rel, material.body_line + line - 1,
                           "в блоке ```script нет ни одной подстановки вида [Имя клиента]; отметь, что заполнять")
    elif kind == "guide":
        steps = [n for n, ln in body if content.NUMBERED_STEP_RE.match(ln)]
        if len(steps) < MIN_GUIDE_STEPS:
            report.add(rel, first, f"в руководстве {len(steps)} нумерованных шагов; нужно не меньше {MIN_GUIDE_STEPS} («1. …»)")
    else:  # list, case
        words = len(material.body.split())
        if words < 60:
            report.add(rel, first, f"в материале всего {words} слов; это заготовка, а не материал — допиши его")


#: Слова, которыми пояснение не начинается: вердикт («Верно»/«Неверно») пишет сам интерфейс теста.
VERDICT_WORDS = ("верно", "неверно", "правильно", "неправильно", "верный", "неверный", "да", "нет", "ошибка")
VERDICT_RE = re.compile(r"^\W*(" + "|".join(VERDICT_WORDS) + r")(?![а-яё])", re.I)
QUIZ_OPEN_RE = re.compile(r"^\s*<quiz>\s*$")
QUIZ_CLOSE_RE = re.compile(r"^\s*</quiz>\s*$")


def _check_quiz(thesis: Page, quiz: str, kb: model.KnowledgeBase, settings: CourseSettings, report: _Report,
                declared_quizzes: dict[str, str]) -> None:
    rel, line = thesis.rel, thesis.line_of("quiz")
    quiz_path = PurePosixPath(quiz)
    if quiz_path.is_absolute() or ".." in quiz_path.parts or quiz_path.parts[:1] != (content.QUIZZES_DIR,):
        report.add(rel, line, f"тест {quiz} лежит вне папки quizzes/; перенеси его туда")
        return
    if quiz_path.is_relative_to(content.FINAL_QUIZZES_DIR):
        report.add(rel, line, f"тест {quiz} лежит в {content.FINAL_QUIZZES_DIR}/, где живут вопросы итогового теста, "
                   "которые сайт не показывает; положи тест тезиса прямо в quizzes/")
        return
    quiz_rel = str(quiz_path)
    qf = kb.quizzes.get(quiz_rel)
    if qf is None:
        report.add(rel, line, f"файла теста {quiz} нет; создай его (make thesis делает заготовку) или поправь quiz")
        final_rel = model.final_quiz_path(quiz_rel)
        if final_rel:  # вопросы итогового теста рядом — этого тезиса, хоть теста тезиса пока нет
            declared_quizzes.setdefault(final_rel, rel)
        return
    if quiz_rel in declared_quizzes:
        report.add(rel, line, f"тест {quiz_rel} уже объявлен в {declared_quizzes[quiz_rel]}; у каждого тезиса свой тест")
        return
    declared_quizzes[quiz_rel] = rel
    _check_final_quiz(thesis, qf, kb, settings, report, declared_quizzes)
    if qf.read_error:
        return
    if not _check_quiz_tags(quiz_rel, qf.text, report):
        return
    questions = qf.questions
    if len(questions) < settings.min_questions:
        report.add(quiz_rel, 1, f"в тесте {len(questions)} вопросов; нужно не меньше {settings.min_questions}")
    gradable = [q for q in questions if not q.fill_blank and not q.error]
    if len(gradable) < settings.min_gradable:
        report.add(quiz_rel, 1, f"в тесте {len(gradable)} вопросов с выбором ответа; нужно не меньше "
                   f"{settings.min_gradable}: по ним считается, сдан ли тест (вопросы с пропуском [[…]] не оцениваются)")
    _check_questions(quiz_rel, questions, settings, report)


def _check_final_quiz(thesis: Page, quiz: model.QuizFile, kb: model.KnowledgeBase, settings: CourseSettings,
                      report: _Report, declared_quizzes: dict[str, str]) -> None:
    """Вопросы итогового теста тезиса: свой файл quizzes/final/<имя теста>, те же правила, что у теста тезиса."""
    final_rel = model.final_quiz_path(quiz.rel)
    if final_rel is None:
        return
    final = kb.quizzes.get(final_rel)
    if final is None:
        report.add(thesis.rel, thesis.line_of("quiz"),
                   f"у тезиса нет вопросов итогового теста: создай {final_rel} — не меньше {settings.min_final_questions} "
                   "вопросов <quiz>, как в тесте тезиса, но других (итоговый тест берёт вопросы только оттуда)")
        return
    declared_quizzes[final_rel] = thesis.rel
    if final.read_error or not _check_quiz_tags(final_rel, final.text, report):
        return
    gradable = [q for q in final.questions if not q.fill_blank and not q.error]
    if len(gradable) < settings.min_final_questions:
        report.add(final_rel, 1, f"вопросов итогового теста с выбором ответа {len(gradable)}; нужно не меньше "
                   f"{settings.min_final_questions}: каждая попытка берёт из них новую выборку")
    shown = {_wording(q.text): q.line for q in quiz.questions if q.text.strip()}
    for q in final.questions:
        if q.fill_blank:
            report.add(final_rel, q.line, "вопрос с пропуском [[…]] итоговый тест не оценивает; замени его вопросом "
                       "с выбором ответа")
        elif q.text.strip() and _wording(q.text) in shown:
            report.add(final_rel, q.line, f"этот вопрос есть в тесте тезиса {quiz.rel}:{shown[_wording(q.text)]}, и его "
                       "верный ответ ученик уже видел; задай в итоговом тесте другой вопрос")
    _check_questions(final_rel, final.questions, settings, report)


def _wording(text: str) -> str:
    return " ".join(text.split()).lower().replace("ё", "е")


def _check_questions(quiz_rel: str, questions: list, settings: CourseSettings, report: _Report) -> None:
    """Правила каждого вопроса и качества вариантов — одни для теста тезиса и итогового теста."""
    seen: dict[str, int] = {}
    for q in questions:
        if q.stable_id in seen:
            report.add(quiz_rel, q.line, f"такой же вопрос уже есть в строке {seen[q.stable_id]}; удали повтор или измени его")
            continue
        seen[q.stable_id] = q.line
        if q.error:
            report.add(quiz_rel, q.line, f"вопрос не разбирается mkdocs-quiz: {q.error}")
            continue
        if q.fill_blank:
            continue
        if not q.text.strip():
            report.add(quiz_rel, q.line, "у вопроса нет формулировки; напиши её перед ответами")
        if not any(a.correct for a in q.answers):
            report.add(quiz_rel, q.line, "в вопросе нет верного ответа; отметь верный как «- [x]»")
        if not any(not a.correct for a in q.answers):
            report.add(quiz_rel, q.line, "в вопросе нет неверного ответа; добавь правдоподобный неверный «- [ ]»")
        elif len(q.answers) < settings.min_options:
            report.add(quiz_rel, q.line, f"в вопросе {len(q.answers)} варианта ответа; нужно не меньше {settings.min_options}: "
                       "с двумя вариантами ответ угадывается")
        for a in q.answers:
            if not a.feedback:
                report.add(quiz_rel, a.line, "у ответа нет пояснения; добавь строку «> …» сразу под ответом: почему он верен или нет")
            elif VERDICT_RE.match(a.feedback):
                report.add(quiz_rel, a.line, "пояснение начинается с вердикта («Верно», «Неверно»…): его и так пишет тест; "
                           "начни сразу с объяснения, почему")
    _check_quiz_quality(quiz_rel, [q for q in questions if not q.fill_blank and not q.error], settings, report)


def _check_quiz_tags(rel: str, text: str, report: _Report) -> bool:
    """<quiz> без </quiz> проглатывает следующий вопрос; проверяем пары тегов до разбора."""
    opened: int | None = None
    ok = True
    for no, line in _unfenced(text):
        if QUIZ_OPEN_RE.match(line):
            if opened is not None:
                report.add(rel, opened, "вопрос не закрыт тегом </quiz>; закрой его перед следующим <quiz>")
                ok = False
            opened = no
        elif QUIZ_CLOSE_RE.match(line):
            if opened is None:
                report.add(rel, no, "лишний </quiz>: перед ним нет открытого <quiz>")
                ok = False
            opened = None
    if opened is not None:
        report.add(rel, opened, "вопрос не закрыт тегом </quiz>; добавь его в конце вопроса")
        ok = False
    return ok


#: Слова-абсолюты: составители тестов ставят их в неверные ответы («всегда», «сразу всё»), и по ним
#: угадывают. Целые слова, без учёта регистра; «ё» и «е» не различаются (список — через «е»).
ABSOLUTE_WORDS = (
    "все", "всех", "всем", "всеми", "весь", "вся", "всю", "всегда", "никогда", "сразу", "немедленно", "только",
    "лишь", "ничего", "ничем", "ничто", "никто", "никого", "никому", "никем", "нигде", "никак", "любой", "любая",
    "любое", "любые", "любого", "любую", "любом", "любым", "любыми", "любому", "полностью", "совсем", "вообще",
    "навсегда", "абсолютно",
)
ABSOLUTE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(ABSOLUTE_WORDS) + r")(?![\w-])", re.I)


def has_absolute(text: str) -> bool:
    """Есть ли в тексте ответа слово-абсолют («Всё», «всегда», «сразу»…)."""
    return bool(ABSOLUTE_RE.search(text.replace("ё", "е").replace("Ё", "Е")))


def _check_quiz_quality(rel: str, questions: list, settings: CourseSettings, report: _Report) -> None:
    """Тест нельзя сдать, выбирая самый длинный ответ или обходя «всегда» и «только»: верный ничем не выделяется."""
    _check_absolutes(rel, questions, settings, report)
    single = [q for q in questions if sum(a.correct for a in q.answers) == 1 and len(q.answers) >= 2]
    if not single:
        return
    ratios, longest = [], 0
    for q in single:
        right = next(len(a.text) for a in q.answers if a.correct)
        wrong = max(len(a.text) for a in q.answers if not a.correct)
        ratios.append(right / max(wrong, 1))
        longest += right > wrong
    share = longest / len(single)
    if share > settings.longest_correct_share:
        report.add(rel, 1, f"верный ответ — самый длинный в {longest} из {len(single)} вопросов с одним ответом "
                   f"({share:.0%}; можно не больше {settings.longest_correct_share:.0%}); сделай неверные ответы такими же "
                   "подробными и конкретными")
    median = statistics.median(ratios)
    if median > settings.length_ratio:
        report.add(rel, 1, f"верные ответы в среднем в {median:.2f} раза длиннее самых длинных неверных "
                   f"(можно не больше {settings.length_ratio:.2f}); уравняй длину вариантов")


def _check_absolutes(rel: str, questions: list, settings: CourseSettings, report: _Report) -> None:
    """Доля ответов со словами-абсолютами среди неверных и среди верных почти одна и та же."""
    answers = [a for q in questions for a in q.answers]
    wrong = [has_absolute(a.text) for a in answers if not a.correct]
    right = [has_absolute(a.text) for a in answers if a.correct]
    if not wrong or not right:
        return
    w_share, r_share = sum(wrong) / len(wrong), sum(right) / len(right)
    if abs(w_share - r_share) <= settings.absolute_words_gap + 1e-9:
        return
    where, other = ("неверных", "верные") if w_share > r_share else ("верных", "неверные")
    report.add(rel, 1, f"слова-абсолюты (всё, всегда, только, сразу…) стоят в {sum(wrong)} из {len(wrong)} неверных "
               f"ответов ({w_share:.0%}) и в {sum(right)} из {len(right)} верных ({r_share:.0%}): разница больше "
               f"{settings.absolute_words_gap:.0%}, по ней угадывают ответ; убери их из {where} ответов "
               f"или поставь и в {other}")
