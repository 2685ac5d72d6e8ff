"""Проверка содержания базы знаний. Одно место для всех правил.

``validate(root)`` возвращает список ``Problem`` — все нарушения сразу.
Его вызывают CLI (``scripts/check_content.py``), хук MkDocs
(``overrides/hooks/course.py``) и тесты; сами они правил не знают.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import content, search_keywords
from .content import KINDS, MATERIALS_MARKER, QUIZ_MARKER, Page
from .quizzes import parse_quiz_text

MIN_QUESTIONS = 8
MIN_CHECKLIST_ITEMS = 5
MIN_GUIDE_STEPS = 3
MIN_HOW_STEPS = 3
MIN_MISTAKES = 3
MIN_PHRASES = 3
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_RE = re.compile(r"^[a-z0-9._-]+$")

#: Обязательные разделы страницы тезиса (заголовки ##), в этом порядке.
#: Первый задан началом: «Как подготовиться…», «Как вести…».
REQUIRED_SECTIONS: list[tuple[str, str]] = [
    ("Как ", "«## Как …» — шаги"),
    ("Ошибки, которых стоит избегать", "«## Ошибки, которых стоит избегать»"),
    ("Материалы", "«## Материалы»"),
    ("Итог", "«## Итог»"),
    ("Проверь себя", "«## Проверь себя»"),
]

#: Поля front matter тезиса: имя → (тип, описание для подсказки).
THESIS_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "id": (str, "латиница, цифры и дефисы, например podgotovka"),
    "title": (str, "название тезиса"),
    "section": (str, "название раздела, например «Коммуникация и PR»"),
    "topic": (str, "название темы"),
    "order": (int, "место тезиса в порядке изучения, целое число"),
    "summary": (str, "одна строка: чему учит тезис"),
    "duration": (int, "минут на изучение, целое число"),
    "materials": (list, "список материалов: title, kind, page"),
    "quiz": (str, "путь к файлу теста, например quizzes/podgotovka.md"),
    "tags": (list, "теги из общего словаря тегов, например [звонок, письма]"),
    "phrases": (list, f"список из {MIN_PHRASES}–5 готовых фраз клиенту в «ёлочках» — для шпаргалки"),
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


def validate(root: Path) -> list[Problem]:
    """Все нарушения правил в дереве ``root`` (корень репозитория)."""
    root = Path(root).resolve()
    report = _Report()
    pages = [content.read_page(p, root) for p in content.iter_markdown(root, content.DOCS_DIR)]
    quiz_files = content.iter_markdown(root, content.QUIZZES_DIR)

    for page in pages:
        if page.yaml_error:
            line, why = page.yaml_error
            report.add(page.rel, line, f"front matter не читается как YAML: {why}; поправь синтаксис")
    for path in [p.path for p in pages] + quiz_files:
        _check_unfinished(path, root, report)
    for page in pages:
        _check_markers(page, report)
        try:
            search_keywords.from_meta(page.meta)
        except ValueError as err:
            report.add(page.rel, page.line_of(search_keywords.META_KEY), f"{err}; запиши фразы списком, по строке на пункт")

    _check_glossary(root, report)

    theses = [p for p in pages if p.type == "thesis"]
    declared_pages: dict[str, str] = {}  # путь материала → путь тезиса
    declared_quizzes: dict[str, str] = {}
    ids: dict[str, str] = {}

    for thesis in theses:
        _check_thesis(thesis, root, report, ids, declared_pages, declared_quizzes)

    # Сироты: материал или тест, который не объявил ни один тезис. Если чей-то
    # front matter не читается, его объявлений мы не знаем — сирот рядом не ищем.
    thesis_dirs = {PurePosixPath(t.rel).parent for t in theses}
    unreadable_dirs = {PurePosixPath(p.rel).parent for p in pages if p.yaml_error}
    for page in pages:
        if page.type == "thesis" or page.rel in declared_pages:
            continue
        if PurePosixPath(page.rel).parent in unreadable_dirs:
            continue
        if page.type == "material":
            report.add(page.rel, page.line_of("type"),
                       "материал не объявлен ни в одном тезисе; добавь его в materials тезиса или удали файл")
        elif PurePosixPath(page.rel).parent in thesis_dirs:
            report.add(page.rel, 1,
                       "страница в папке тезиса не объявлена в его materials; объяви её или перенеси из папки тезиса")
    for path in quiz_files:
        rel = path.relative_to(root).as_posix()
        if rel not in declared_quizzes and not unreadable_dirs:
            report.add(rel, 1, "тест не объявлен ни в одном тезисе; укажи его в поле quiz тезиса или удали файл")

    return sorted(set(report.problems))


def _check_glossary(root: Path, report: _Report) -> None:
    path = root / content.GLOSSARY
    if not path.is_file():
        return
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(content.GLOSSARY, mark.line + 1 if mark else 1, f"словарь не читается как YAML: {getattr(exc, 'problem', exc)}")
        return
    if not isinstance(data, list):
        report.add(content.GLOSSARY, 1, "словарь — это список записей «- term: …, definition: …, forms: […]»")
        return
    seen: dict[str, int] = {}
    for entry, item in zip(data, node.value):
        line = item.start_mark.line + 1
        if not isinstance(entry, dict):
            report.add(content.GLOSSARY, line, "запись словаря должна быть словарём с полями term, definition, forms")
            continue
        term, definition, forms = entry.get("term"), entry.get("definition"), entry.get("forms")
        if not isinstance(term, str) or not term.strip():
            report.add(content.GLOSSARY, line, "у записи словаря нет поля term (термин)")
        if not isinstance(definition, str) or not definition.strip() or "\n" in definition.strip():
            report.add(content.GLOSSARY, line, f"у термина «{term}» нет определения в одну строку (definition)")
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
            report.add(content.GLOSSARY, line, f"у термина «{term}» нет списка форм (forms), по которым его находить в тексте")
            continue
        for form in forms:
            if form in seen:
                report.add(content.GLOSSARY, line, f"форма «{form}» уже есть у термина в строке {seen[form]}; оставь её у одного термина")
            seen.setdefault(form, line)


def _check_unfinished(path: Path, root: Path, report: _Report) -> None:
    text = path.read_text(encoding="utf-8")
    for m in content.UNFINISHED_RE.finditer(text):
        line = text[: m.start()].count("\n") + 1
        what = " ".join(m.group(1).split())
        report.add(path.relative_to(root).as_posix(), line,
                   f"страница не дописана ({what}); допиши и убери пометку «НЕ ГОТОВО»")


def _check_markers(page: Page, report: _Report) -> None:
    for no, line in page.body_lines():
        for m in content.MARKER_RE.finditer(line):
            name = m.group(1)
            if name not in content.MARKERS:
                report.add(page.rel, no, f"неизвестный маркер <!-- kb:{name} -->; допустимы: "
                           + ", ".join(f"<!-- kb:{k} -->" for k in sorted(content.MARKERS)))
            elif page.type != content.MARKERS[name] and not page.yaml_error:
                report.add(page.rel, no, f"маркер <!-- kb:{name} --> работает только на странице с type: "
                           f"{content.MARKERS[name]}; убери его или поправь type")


def _check_thesis(thesis: Page, root: Path, report: _Report, ids: dict[str, str],
                  declared_pages: dict[str, str], declared_quizzes: dict[str, str]) -> None:
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

    thesis_id = meta.get("id")
    if isinstance(thesis_id, str) and thesis_id.strip():
        if not ID_RE.match(thesis_id):
            report.add(rel, thesis.line_of("id"), f"id «{thesis_id}» недопустим; нужно: латиница, цифры и дефисы")
        elif thesis_id in ids:
            report.add(rel, thesis.line_of("id"), f"id «{thesis_id}» уже занят тезисом {ids[thesis_id]}; выбери другой")
        else:
            ids[thesis_id] = rel
    phrases = meta.get("phrases")
    if isinstance(phrases, list) and (len(phrases) < MIN_PHRASES or not all(isinstance(x, str) and x.strip() for x in phrases)):
        report.add(rel, thesis.line_of("phrases"), f"в phrases нужно не меньше {MIN_PHRASES} фраз-строк; сейчас {len(phrases)}")
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
            kind = _check_material_entry(thesis, item, line, root, report, declared_pages)
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
        _check_quiz(thesis, quiz, root, report, declared_quizzes)


def _check_sections(thesis: Page, report: _Report) -> None:
    rel = thesis.rel
    intro, sections = content.outline(thesis)
    if not "".join(intro).strip():
        report.add(rel, thesis.body_line, "нет введения перед первым разделом; напиши 1–2 абзаца о том, зачем этот тезис")

    position = 0
    found: dict[str, content.Section] = {}
    for prefix, label in REQUIRED_SECTIONS:
        idx = next((i for i in range(position, len(sections)) if _heading_matches(sections[i].title, prefix)), None)
        if idx is None:
            misplaced = next((sec for sec in sections if _heading_matches(sec.title, prefix)), None)
            if misplaced is not None:
                report.add(rel, misplaced.line, f"раздел {label} стоит не на своём месте; порядок: "
                           + ", ".join(lbl for _, lbl in REQUIRED_SECTIONS))
            else:
                report.add(rel, thesis.body_line, f"нет обязательного раздела {label}; добавь его")
            continue
        found[prefix] = sections[idx]
        position = idx + 1

    if (how := found.get("Как ")) is not None:
        steps = how.subsections
        if len(steps) < MIN_HOW_STEPS:
            report.add(rel, how.line, f"в разделе «{how.title}» {len(steps)} шагов (### …); нужно не меньше {MIN_HOW_STEPS}")
        for s, (no, title) in enumerate(steps):
            end = steps[s + 1][0] if s + 1 < len(steps) else 10**9
            chunk = [ln for n, ln in how.lines if no < n < end]
            if not any(re.match(r'^\s*(!!!|\?\?\?\+?)\s+(example|tip)\b', ln) for ln in chunk):
                report.add(rel, no, f"у шага «{title}» нет примера или совета; добавь блок !!! example \"Пример\" или !!! tip \"Совет\"")
    if (mistakes := found.get("Ошибки, которых стоит избегать")) is not None:
        if len(mistakes.subsections) < MIN_MISTAKES:
            report.add(rel, mistakes.line, f"в разделе «Ошибки, которых стоит избегать» {len(mistakes.subsections)} ошибок (### …); нужно не меньше {MIN_MISTAKES}")
    for prefix, marker in (("Материалы", MATERIALS_MARKER), ("Проверь себя", QUIZ_MARKER)):
        sec = found.get(prefix)
        if sec is not None and not any(marker in ln for _, ln in sec.lines):
            report.add(rel, sec.line, f"в разделе «{sec.title}» нет маркера {marker}; вставь его строкой под заголовком")
    if (summary := found.get("Итог")) is not None:
        if not "".join(ln for _, ln in summary.lines).strip():
            report.add(rel, summary.line, "раздел «Итог» пуст; напиши вывод в 2–4 предложениях")


def _heading_matches(heading: str, prefix: str) -> bool:
    return heading.startswith(prefix) if prefix.endswith(" ") else heading == prefix


def _check_material_entry(thesis: Page, item: Any, line: int, root: Path, report: _Report,
                          declared_pages: dict[str, str]) -> str | None:
    rel = thesis.rel
    if not isinstance(item, dict):
        report.add(rel, line, "материал записывается словарём с полями title, kind, page")
        return None
    missing = [f for f in MATERIAL_FIELDS if not isinstance(item.get(f), str) or not item.get(f, "").strip()]
    if missing:
        report.add(rel, line, "у материала нет поля " + ", ".join(f"«{f}»" for f in missing) + "; заполни title, kind и page")
        return None
    kind, title, page_ref = item["kind"], item["title"].strip(), item["page"]
    target = (thesis.path.parent / page_ref).resolve()
    target_rel = target.relative_to(root).as_posix() if target.is_relative_to(root) else page_ref
    if target_rel in declared_pages:
        report.add(rel, line, f"материал {target_rel} уже объявлен в {declared_pages[target_rel]}; у материала один тезис")
        return None
    declared_pages[target_rel] = rel
    if kind not in KINDS:
        report.add(rel, line, f"вид материала «{kind}» неизвестен; допустимы: " + ", ".join(KINDS))
        return None
    if not target.is_file():
        report.add(rel, line, f"материал «{title}»: файла {target_rel} нет; создай его или поправь page")
        return kind
    material = content.read_page(target, root)
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
    _check_kind_structure(material, kind, report)
    return kind


def _check_kind_structure(material: Page, kind: str, report: _Report) -> None:
    body = material.body_lines()
    rel = material.rel
    first = material.body_line
    if kind == "checklist":
        items = [n for n, ln in body if content.TASK_ITEM_RE.match(ln)]
        if len(items) < MIN_CHECKLIST_ITEMS:
            report.add(rel, first, f"в чек-листе {len(items)} пунктов «- [ ] …»; нужно не меньше {MIN_CHECKLIST_ITEMS}")
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


def _check_quiz(thesis: Page, quiz: str, root: Path, report: _Report, declared_quizzes: dict[str, str]) -> None:
    rel, line = thesis.rel, thesis.line_of("quiz")
    path = (root / quiz).resolve()
    if not path.is_relative_to((root / content.QUIZZES_DIR).resolve()):
        report.add(rel, line, f"тест {quiz} лежит вне папки quizzes/; перенеси его туда")
        return
    if not path.is_file():
        report.add(rel, line, f"файла теста {quiz} нет; создай его (make thesis делает заготовку) или поправь quiz")
        return
    quiz_rel = path.relative_to(root).as_posix()
    if quiz_rel in declared_quizzes:
        report.add(rel, line, f"тест {quiz_rel} уже объявлен в {declared_quizzes[quiz_rel]}; у каждого тезиса свой тест")
        return
    declared_quizzes[quiz_rel] = rel
    questions = parse_quiz_text(path.read_text(encoding="utf-8"))
    if len(questions) < MIN_QUESTIONS:
        report.add(quiz_rel, 1, f"в тесте {len(questions)} вопросов; нужно не меньше {MIN_QUESTIONS}")
    for q in questions:
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
        for a in q.answers:
            if not a.feedback:
                report.add(quiz_rel, a.line, "у ответа нет пояснения; добавь строку «> …» сразу под ответом: почему он верен или нет")
