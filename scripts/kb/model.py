"""База знаний целиком: разделы, темы, тезисы, материалы и тесты — каждый файл прочитан один раз.

Раздел — папка ``docs/<раздел>/`` с ``index.md`` (``type: section``), тема — папка
в разделе с ``index.md`` (``type: topic``), тезис — папка в теме с ``index.md``
(``type: thesis``). Папка владеет тем, что в ней лежит: тему тезиса не пишут в его
front matter, её задаёт папка. Порядок — поле ``order`` (у тезиса обязательное, у
раздела, темы и справочной страницы — по желанию; без него — после всех, по названию).

``load(root)`` читает дерево терпимо: что-то сломано — модель строится из того,
что прочиталось, а ``kb.validate`` называет поломки. Хук сборки берёт ту же модель,
что проверил валидатор, и больше ничего не читает.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import content, dialogues
from .content import Page
from .dialogues import Dialogue
from .quizzes import Question, parse_quiz_text

#: Шпаргалку темы сайт создаёт сам по этому адресу внутри папки темы.
TOPIC_CHEATSHEET = "shpargalka.md"
#: Страницу тренажёра разговора сайт создаёт сам по этому адресу внутри папки тезиса.
DIALOGUE_PAGE = "trenazher.md"
#: Строка в nav mkdocs.yml, вместо которой встают разделы базы знаний.
NAV_MARKER = "<!-- kb:sections -->"
LAST = 10**6  # order по умолчанию: после всех


@dataclass
class QuizFile:
    rel: str  # путь от корня репозитория: quizzes/x.md
    text: str
    questions: list[Question]
    read_error: str | None = None


@dataclass
class Material:
    item: dict[str, Any]  # запись из materials тезиса
    src: str  # путь от docs/
    page: Page | None  # None — файла нет


@dataclass
class Thesis:
    page: Page
    src: str
    topic: Topic | None = None
    materials: list[Material] = field(default_factory=list)
    quiz: QuizFile | None = None
    final: QuizFile | None = None  # вопросы итогового теста: quizzes/final/<имя файла quiz>
    dialogue: Dialogue | None = None  # тренажёр разговора: поле dialogue front matter

    @property
    def dialogue_src(self) -> str:
        """Страница тренажёра тезиса (её создаёт сайт): <папка тезиса>/trenazher.md от docs/."""
        return str(PurePosixPath(self.src).parent / DIALOGUE_PAGE)

    @property
    def meta(self) -> dict[str, Any]:
        return self.page.meta

    @property
    def id(self) -> str:
        return str(self.meta.get("id", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def questions(self) -> list[Question]:
        return self.quiz.questions if self.quiz else []

    @property
    def final_questions(self) -> list[Question]:
        """Вопросы только для итогового теста: на странице тезиса их нет, ответы сайт не показывает."""
        return self.final.questions if self.final else []


@dataclass
class Topic:
    page: Page
    src: str
    key: str  # «раздел/тема» — папки от docs/
    section: Section | None = None
    theses: list[Thesis] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)  # справочные страницы в папке темы

    @property
    def title(self) -> str:
        return str(self.page.meta.get("title", ""))

    @property
    def cheatsheet_src(self) -> str:
        return f"{self.key}/{TOPIC_CHEATSHEET}"


@dataclass
class Section:
    page: Page
    src: str
    key: str
    topics: list[Topic] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.page.meta.get("title", ""))


@dataclass
class KnowledgeBase:
    root: Path
    pages: dict[str, Page]  # путь от docs/ → страница (все .md в docs/)
    quizzes: dict[str, QuizFile]  # путь от корня → тест
    sections: list[Section]
    glossary_text: str | None
    glossary_error: str | None = None  # файл не прочитан (кодировка)
    glossary_yaml: tuple[Any, Any] | None = None  # (узел с номерами строк, данные) — разобран один раз
    glossary_yaml_error: Any = None  # yaml.YAMLError, если не разобрался
    dialogues: dict[str, Dialogue] = field(default_factory=dict)  # путь от корня → диалог

    @property
    def topics(self) -> list[Topic]:
        return [t for s in self.sections for t in s.topics]

    @property
    def theses(self) -> list[Thesis]:
        return [th for t in self.topics for th in t.theses]

    def thesis_by_src(self) -> dict[str, Thesis]:
        return {th.src: th for th in self.theses}

    def material_owner(self) -> dict[str, tuple[Thesis, Material]]:
        return {m.src: (th, m) for th in self.theses for m in th.materials}

    def section_at(self, src: str) -> Section | None:
        """Раздел, чья страница — src (docs/<раздел>/index.md)."""
        return next((s for s in self.sections if s.src == src), None)

    def topic_of(self, src: str) -> Topic | None:
        """Тема, папке которой принадлежит страница (в том числе тезис и материал)."""
        for topic in self.topics:
            if src == topic.src or src.startswith(topic.key + "/"):
                return topic
        return None

    def nav(self) -> list[Any]:
        """Разделы базы знаний для nav MkDocs: раздел → темы → тезисы с материалами → справка."""
        return [{s.title: [s.src, *[_topic_nav(t) for t in s.topics], *[p_src(p) for p in s.pages]]}
                for s in self.sections]


def p_src(page: Page) -> str:
    """Путь страницы от docs/."""
    return str(PurePosixPath(page.rel).relative_to(content.DOCS_DIR))


def _topic_nav(topic: Topic) -> dict[str, list[Any]]:
    items: list[Any] = [topic.src]
    for thesis in topic.theses:
        pages = [thesis.src, *[m.src for m in thesis.materials if m.page is not None]]
        if thesis.dialogue is not None:
            pages.append(thesis.dialogue_src)  # тренажёр — после материалов, перед «Проверь себя»
        items.append({thesis.title: pages})
    reference = [p_src(p) for p in topic.pages] + [topic.cheatsheet_src]
    items.append({"Справка": reference})
    return {topic.title: items}


def _order_key(page: Page) -> tuple[int, str]:
    order = page.meta.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        order = LAST
    return order, str(page.meta.get("title", page.rel)).lower()


def load(root: Path) -> KnowledgeBase:
    """Прочитать дерево ``root`` (корень репозитория): каждый файл — один раз."""
    root = Path(root).resolve()
    docs = root / content.DOCS_DIR
    pages: dict[str, Page] = {}
    for path in content.iter_markdown(root, content.DOCS_DIR):
        if path.is_relative_to(docs / "includes"):
            continue
        page = content.read_page(path, root)
        pages[p_src(page)] = page
    quizzes: dict[str, QuizFile] = {}
    for path in content.iter_markdown(root, content.QUIZZES_DIR):
        rel = path.relative_to(root).as_posix()
        try:
            text = content.read_text(path)
        except UnicodeDecodeError:
            quizzes[rel] = QuizFile(rel, "", [], "файл не в UTF-8 (например, в Windows-1251); пересохрани его в кодировке UTF-8")
            continue
        quizzes[rel] = QuizFile(rel, text, parse_quiz_text(text))

    glossary_text, glossary_error = None, None
    glossary_path = root / content.GLOSSARY
    if glossary_path.is_file():
        try:
            glossary_text = content.read_text(glossary_path)
        except UnicodeDecodeError:
            glossary_error = "файл не в UTF-8; пересохрани его в кодировке UTF-8"

    kb = KnowledgeBase(root, pages, quizzes, [], glossary_text, glossary_error)
    for path in content.iter_markdown(root, dialogues.DIALOGUES_DIR):
        dialogue = dialogues.read(path, root)
        kb.dialogues[dialogue.rel] = dialogue
    if glossary_text is not None:
        try:
            kb.glossary_yaml = content.parse_yaml(glossary_text)
        except yaml.YAMLError as exc:
            kb.glossary_yaml_error = exc
    _assemble(kb)
    return kb


def _assemble(kb: KnowledgeBase) -> None:
    by_dir: dict[PurePosixPath, list[Page]] = {}
    for src, page in kb.pages.items():
        by_dir.setdefault(PurePosixPath(src).parent, []).append(page)

    def index_of(folder: PurePosixPath, kind: str) -> Page | None:
        page = kb.pages.get(str(folder / "index.md"))
        return page if page is not None and page.type == kind else None

    sections: list[Section] = []
    for src, page in kb.pages.items():
        if page.type != "section":
            continue
        folder = PurePosixPath(src).parent
        if src != f"{folder}/index.md" or len(folder.parts) != 1:
            continue  # раздел не на своём месте: скажет валидатор
        section = Section(page, src, str(folder))
        sections.append(section)
        for sub in sorted({d for d in by_dir if d.parent == folder}):
            topic_page = index_of(sub, "topic")
            if topic_page is None:
                continue
            topic = Topic(topic_page, str(sub / "index.md"), str(sub), section)
            section.topics.append(topic)
            _fill_topic(kb, topic, by_dir)
        section.topics.sort(key=lambda t: _order_key(t.page))
        section.pages = sorted((p for p in by_dir.get(folder, []) if p is not page), key=_order_key)
    sections.sort(key=lambda s: _order_key(s.page))
    kb.sections = sections


def _fill_topic(kb: KnowledgeBase, topic: Topic, by_dir: dict[PurePosixPath, list[Page]]) -> None:
    folder = PurePosixPath(topic.key)
    for sub in sorted({d for d in by_dir if d.parent == folder}):
        page = kb.pages.get(str(sub / "index.md"))
        if page is None or page.type != "thesis":
            continue
        thesis = Thesis(page, str(sub / "index.md"), topic)
        topic.theses.append(thesis)
        materials = page.meta.get("materials")
        for item in materials if isinstance(materials, list) else []:
            ref = item.get("page") if isinstance(item, dict) else None
            if not isinstance(ref, str) or not ref.strip():
                continue
            msrc = posix_join(str(sub), ref)
            if msrc is None:
                continue
            thesis.materials.append(Material(item, msrc, kb.pages.get(msrc)))
        quiz = page.meta.get("quiz")
        if isinstance(quiz, str):
            thesis.quiz = kb.quizzes.get(str(PurePosixPath(quiz)))
            final = final_quiz_path(quiz)
            thesis.final = kb.quizzes.get(final) if final else None
        dialogue = page.meta.get(dialogues.META_KEY)
        if isinstance(dialogue, str) and dialogue.strip():
            thesis.dialogue = kb.dialogues.get(str(PurePosixPath(dialogue.strip())))
    topic.theses.sort(key=lambda th: _order_key(th.page))
    topic.pages = sorted(
        (p for p in by_dir.get(folder, []) if p is not topic.page and p.type != "thesis"),
        key=_order_key,
    )


def final_quiz_path(quiz: str) -> str | None:
    """Файл вопросов итогового теста для теста тезиса: quizzes/x.md → quizzes/final/x.md.

    None — если тест тезиса не в quizzes/ или сам лежит в quizzes/final/ (об этом скажет проверка).
    """
    path = PurePosixPath(quiz)
    base, final = PurePosixPath(content.QUIZZES_DIR), PurePosixPath(content.FINAL_QUIZZES_DIR)
    if not path.is_relative_to(base) or path.is_relative_to(final) or ".." in path.parts:
        return None
    return str(final / path.relative_to(base))


def posix_join(folder: str, ref: str) -> str | None:
    """Путь ``ref`` от папки ``folder`` (оба от docs/); None — если он уходит из docs/ или абсолютный."""
    if ref.startswith("/") or "\\" in ref:
        return None
    parts: list[str] = list(PurePosixPath(folder).parts)
    for part in PurePosixPath(ref).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts) if parts else None
