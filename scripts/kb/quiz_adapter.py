"""Всё, что курс берёт у mkdocs-quiz сверх его настроек, — в одном месте.

mkdocs-quiz не объявляет публичного API для разбора вопросов, своих фрагментов Markdown,
переводчика и генерации QTI; курс пользуется ими (один разбор для проверки, сборки и выгрузок,
ускорения сборки, пояснения в банке QTI). Каждое такое место — здесь, и
``tests/test_quiz_adapter.py`` проверяет договор с установленной версией: после обновления
mkdocs-quiz тест называет, что изменилось и что поправить, вместо тихой поломки сборки.

Разделы:
  разбор     — ``find_quizzes``, ``mask_code_blocks``, регулярные выражения вариантов и
               ``parse_question`` (парсер самого плагина);
  HTML       — комментарии и id, которые плагин пишет в страницу и на которые опирается хук;
  ускорения  — подмены методов плагина: один переводчик на язык, один Markdown на страницу,
               простой текст мимо Markdown;
  QTI        — экспортёр QTI 1.2 и модели, методы генерации вопросов, которые переопределяет
               ``scripts/make_qti.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from mkdocs_quiz import plugin as plugin_module
from mkdocs_quiz.parsing import CHECKBOX_REGEX, FILL_BLANK_REGEX, find_quizzes, mask_code_blocks
from mkdocs_quiz.plugin import MkDocsQuizPlugin
from mkdocs_quiz.qti import QuizCollection, extract_quizzes_from_file
from mkdocs_quiz.qti.models import Quiz
from mkdocs_quiz.qti.qti12 import QTI12Exporter
from mkdocs_quiz.qti.utils import to_html_content

__all__ = [
    "CHECKBOX_REGEX", "FILL_BLANK_REGEX", "find_quizzes", "mask_code_blocks", "parse_question",
    "strip_paragraph_wrapper", "INTRO_MARKER", "SOURCE_COMMENT", "QUIZ_DIV", "cache_translations",
    "reuse_fragment_markdown", "plain_fragments", "QuizCollection", "extract_quizzes_from_file", "Quiz",
    "QTI12Exporter", "to_html_content", "QTI_ITEM_METHODS", "CONTRACT",
]

# -----------------------------------------------------------------------------
# Разбор
# -----------------------------------------------------------------------------

_PARSER = MkDocsQuizPlugin()


def parse_question(raw_lines: list[str]) -> tuple[str, list[str], list[str], list[str | None], Any]:
    """Строки блока <quiz> (без тегов) → (вопрос, варианты, верные, пояснения, содержание) — парсер плагина."""
    return _PARSER._parse_quiz_question_and_answers(raw_lines)


def strip_paragraph_wrapper(html: str) -> str:
    """HTML фрагмента без обёртки <p>…</p> — как плагин показывает вариант ответа."""
    return MkDocsQuizPlugin._strip_paragraph_wrapper(html)


# -----------------------------------------------------------------------------
# HTML, который пишет плагин
# -----------------------------------------------------------------------------

#: Строка в Markdown страницы, на месте которой плагин ставит «Вопросов: N» и «Сбросить».
INTRO_MARKER = "<!-- mkdocs-quiz intro -->"
#: Комментарий с исходником вопроса перед его <div class="quiz" … id="quiz-N">.
SOURCE_COMMENT = "<!-- mkdocs-quiz-source"
QUIZ_DIV = '<div class="quiz"'

# -----------------------------------------------------------------------------
# Ускорения сборки: подмены методов плагина (каждая ставится один раз)
# -----------------------------------------------------------------------------


def cache_translations() -> None:
    """Один переводчик на язык и файл переводов вместо нового на каждый вопрос.

    Правка .po во время `make serve` видна сразу: другое время изменения — другой ключ.
    """
    created = plugin_module.TranslationManager
    if getattr(created, "kb_cached", False):
        return
    cache: dict[tuple, Any] = {}

    def manager(language: str = "en", custom_path: Path | None = None):
        path = Path(custom_path) if custom_path else None
        key = (language, str(path), path.stat().st_mtime if path and path.exists() else None)
        if key not in cache:
            cache[key] = created(language, custom_path)
        return cache[key]

    manager.kb_cached = True  # type: ignore[attr-defined]
    plugin_module.TranslationManager = manager


def reuse_fragment_markdown(lazy: Callable[[Callable[[], Any]], Any]) -> None:
    """Один экземпляр Markdown на страницу (плагин сам зовёт reset() перед фрагментом), созданный
    лениво: ``lazy(make)`` возвращает объект, который вызовет ``make()`` при первом обращении."""
    original = MkDocsQuizPlugin._create_fragment_markdown
    if getattr(original, "kb_cached", False):
        return

    def create(self, page, config, files):
        cached = getattr(self, "_kb_fragment_md", None)
        if cached is None or cached[0] is not page or cached[1] is not files:
            cached = (page, files, lazy(lambda: original(self, page, config, files)))
            self._kb_fragment_md = cached
        return cached[2]

    create.kb_cached = True  # type: ignore[attr-defined]
    MkDocsQuizPlugin._create_fragment_markdown = create


def plain_fragments(plain_html: Callable[[str], str | None]) -> None:
    """Фрагмент, для которого ``plain_html`` знает HTML (простой текст), — мимо Markdown."""
    original = MkDocsQuizPlugin._convert_fragment_markdown
    if getattr(original, "kb_cached", False):
        return

    def convert(self, text, page, config, files, md_inst=None):
        html = plain_html(text)
        return html if html is not None else original(self, text, page, config, files, md_inst)

    convert.kb_cached = True  # type: ignore[attr-defined]
    MkDocsQuizPlugin._convert_fragment_markdown = convert


# -----------------------------------------------------------------------------
# QTI
# -----------------------------------------------------------------------------

#: Методы экспортёра, которые переопределяет scripts/make_qti.py (пояснения к каждому ответу).
QTI_ITEM_METHODS = ("_generate_single_choice_item", "_generate_multiple_choice_item")

# -----------------------------------------------------------------------------
# Договор: что курс ждёт от установленной версии (проверяет tests/test_quiz_adapter.py)
# -----------------------------------------------------------------------------

#: (объект, имя, параметры по порядку без self) — подписи, на которые опирается курс.
CONTRACT: list[tuple[Any, str, tuple[str, ...]]] = [
    (MkDocsQuizPlugin, "_parse_quiz_question_and_answers", ("quiz_lines",)),
    (MkDocsQuizPlugin, "_strip_paragraph_wrapper", ("html",)),
    (MkDocsQuizPlugin, "_create_fragment_markdown", ("page", "config", "files")),
    (MkDocsQuizPlugin, "_convert_fragment_markdown", ("text", "page", "config", "files", "md_inst")),
    (plugin_module, "TranslationManager", ("language", "custom_path")),
    (QTI12Exporter, "_generate_single_choice_item", ("quiz",)),
    (QTI12Exporter, "_generate_multiple_choice_item", ("quiz",)),
]
