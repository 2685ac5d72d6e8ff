"""Состояние одной сборки сайта и общее для модулей сборки: константы данных курса, шаблоны, пути.

Хук (overrides/hooks/course.py) создаёт ``CourseBuild`` заново на каждую сборку и передаёт его
модулям этого пакета; своих глобальных переменных у модулей нет.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .. import dialogues, model
from ..assets import CssWords, Terser
from .. import settings as kb_settings
from ..glossary import Glossary
from ..typography import Typesetter

CACHE_DIR = ".cache/kb"  # кеши сборки (шаблоны, типографика) в корне базы знаний; в git не идут
DATA_DIR = "assets/kb"  # данные курса в собранном сайте
COURSE_FILE = f"{DATA_DIR}/course.js"
#: Границы теста тезиса в HTML страницы: между ними — то, что плагин search не читает (_hide_quiz).
QUIZ_START, QUIZ_END = "<!-- kb:quiz-start -->", "<!-- kb:quiz-end -->"
PRINT_COMPACT = {"situation", "cheatsheet"}  # печатаются плотно: одна-две страницы A4
ALL_TOPICS = {"home", "progress", "review"}  # страницы, которым нужны данные всех тем
#: Модули JS одной страницы (по её type): на остальных страницах их не грузим. kb-core-tools.js —
#: вторая часть ядра учёта (итоговый тест, тренажёр, планировщик, файлы прогресса, SCORM).
CORE_TOOLS = "assets/javascripts/kb-core-tools.js"
PAGE_MODULES = {
    "home": [CORE_TOOLS, "assets/javascripts/home.js"],
    "progress": [CORE_TOOLS, "assets/javascripts/progress-page.js"],
    "final-test": [CORE_TOOLS, "assets/javascripts/final-test.js"],
    "group-results": [CORE_TOOLS, "assets/javascripts/group-results.js"],
    "dialogue": [CORE_TOOLS, "assets/javascripts/dialogue.js"],
    # «Повторение»: планировщик ts-fsrs (vendor/, только этой странице) и сама страница
    "review": ["assets/javascripts/vendor/ts-fsrs-5.4.2.umd.js", CORE_TOOLS, "assets/javascripts/review.js"],
}
#: Стили одной страницы (по её type) — после extra_css; на остальных страницах их не грузим.
PAGE_STYLES = {
    "dialogue": ["assets/css/dialogue.css"],
}


def topic_file(topic: model.Topic, kind: str = "topic") -> str:
    """assets/kb/topic-<раздел>--<тема>.js (kind="final" — вопросы итогового теста темы,
    kind="review" — вопросы тестов тезисов с ответами и пояснениями для «Повторения»)."""
    return f"{DATA_DIR}/{kind}-{topic.key.replace('/', '--')}.js"


def dialogue_file(dialogue: dialogues.Dialogue) -> str:
    """assets/kb/dialogue-<slug>.js — данные тренажёра разговора (грузит только его страница)."""
    return f"{DATA_DIR}/dialogue-{dialogue.slug}.js"


@dataclass
class CourseBuild:
    """Состояние одной сборки."""

    root: Path
    settings: kb_settings.CourseSettings
    kb: model.KnowledgeBase
    glossary: Glossary
    site_name: str = ""  # название курса (site_name): лист результата, файл прогресса
    theses: dict[str, model.Thesis] = field(default_factory=dict)  # src тезиса → тезис
    owners: dict[str, tuple[model.Thesis, model.Material]] = field(default_factory=dict)  # src материала
    urls: dict[str, str] = field(default_factory=dict)  # src → url страницы
    checklists: dict[str, list[str]] = field(default_factory=dict)  # src → id пунктов
    keywords: dict[str, list[str]] = field(default_factory=dict)  # url → search_keywords
    final_url: str | None = None
    progress_url: str | None = None
    review_url: str | None = None
    env: Any = None  # окружение Jinja темы: одно на сборку (theme.get_env() каждый раз строит новое)
    md: Any = None  # один экземпляр Markdown для вопросов итогового теста
    md_cache: dict[tuple[str, bool], str] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)  # src тезиса → HTML теста, пока его не видит search
    quiz_last: set[str] = field(default_factory=set)  # src тезисов, где после теста ничего нет
    trainers: dict[str, model.Thesis] = field(default_factory=dict)  # src страницы тренажёра → тезис
    dialogue_owner: dict[str, model.Thesis] = field(default_factory=dict)  # dialogues/x.md → тезис
    asset_versions: dict[str, str] = field(default_factory=dict)  # url своего JS/CSS → версия (kb.assets)
    css_words: CssWords = field(default_factory=CssWords)  # слова тегов страниц для kb.assets.purge_css
    terser: Terser | None = None  # сжатие JS этой сборки (kb.assets.Terser, кеш между сборками)
    inline_memo: dict[tuple[str, str], str] = field(default_factory=dict)  # сжатые встроенные скрипты и стили
    typesetter: Typesetter | None = None  # неразрывные пробелы этой сборки (kb.typography.Typesetter, кеш между сборками)



def root_of(config: MkDocsConfig) -> Path:
    """Корень репозитория: папка mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def template_cache(root: Path) -> jinja2.FileSystemBytecodeCache:
    """Скомпилированные шаблоны Jinja (Material и overrides/) между сборками: .cache/kb/jinja/.

    MkDocs строит окружение Jinja заново на каждую сборку — и в make serve/make preview на каждое
    сохранение, — и каждый раз компилирует шаблоны темы (на просмотре темы это треть сборки).
    Кеш Jinja хранит код шаблона под именем и контрольной суммой его текста: правка шаблона или
    новая версия Material — другая сумма, шаблон компилируется заново. Папку можно удалить."""
    folder = root / CACHE_DIR / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def render(build: CourseBuild, config: MkDocsConfig, template: str, **context: Any) -> str:
    """Шаблон темы (overrides/partials/…); окружение Jinja одно на сборку, шаблоны — из template_cache."""
    if build.env is None:
        build.env = config.theme.get_env()
        build.env.bytecode_cache = template_cache(build.root)
    return build.env.get_template(template).render(config=config, **context)


def relative_md(src: str, page: Page) -> str:
    """Ссылка на исходник src (.md) от страницы page — MkDocs сам проверит и переведёт её."""
    return posixpath.relpath(src, posixpath.dirname(page.file.src_uri))
