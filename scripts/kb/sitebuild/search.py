"""Сборка и поиск: тест тезиса убран из страницы, пока её разбирает плагин search (в индекс он всё
равно не идёт), и возвращён после; тогда же — подсказки словаря одним проходом по HTML."""

from __future__ import annotations

from mkdocs.structure.pages import Page

from .state import QUIZ_END, QUIZ_START, CourseBuild


def hide_quiz(build: CourseBuild, page: Page) -> None:
    """Тест тезиса — из страницы, пока её разбирает плагин search.

    В индекс тест и так не попадает (ответы помечены data-search-exclude, search_index.EXCLUDE),
    но парсер search проходит каждый его тег: это две трети HTML страницы тезиса и четверть
    всей работы поиска при сборке.
    """
    html = page.content or ""
    start, end = html.find(QUIZ_START), html.find(QUIZ_END)
    if 0 <= start < end:
        # тест — последнее на странице: после него mkdocs-quiz дописывает только свою панель
        # «Прогресс теста», стили и скрипты (тоже не для поиска) — прячем и их
        stop = len(html) if page.file.src_uri in build.quiz_last else end + len(QUIZ_END)
        build.hidden[page.file.src_uri] = html[start:stop]
        page.content = html[:start] + QUIZ_START + html[stop:]


def show_quiz(build: CourseBuild, page: Page) -> None:
    """Тест — обратно на страницу; подсказки словаря — здесь же, после плагина search.

    Поиску подсказки не нужны (он берёт из <abbr> только текст), а разбирать их теги — лишняя
    работа, поэтому словарь размечает страницу после него, вместе с тестом.
    """
    src = page.file.src_uri
    hidden = build.hidden.pop(src, None)
    html = page.content or ""
    if hidden is not None:
        html = html.replace(QUIZ_START, hidden, 1)
    # после теста (последнего на странице) mkdocs-quiz дописал только свою панель, стили и скрипты
    cut = html.find(QUIZ_END) if src in build.quiz_last else -1
    html = build.glossary.annotate(html) if cut < 0 else build.glossary.annotate(html[:cut]) + html[cut:]
    page.content = html.replace(QUIZ_START, "", 1).replace(QUIZ_END, "", 1) if hidden is not None else html
