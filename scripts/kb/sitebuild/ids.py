"""Устойчивые id: вопрос теста — по хешу формулировки, вариант — по хешу текста, пункт чек-листа — по
хешу его текста. Вставка или перестановка вопросов, вариантов и пунктов не сдвигает ответы и отметки."""

from __future__ import annotations

import hashlib
import html as html_lib
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from .. import quiz_adapter
from ..quizzes import numbered, stable_id
from .state import CourseBuild

_QUIZ_SOURCE_RE = re.compile(
    re.escape(quiz_adapter.SOURCE_COMMENT)
    + r"\n(?P<source>.*?)\n-->\n\s*(?P<div>" + re.escape(quiz_adapter.QUIZ_DIV) + r"[^>]*id=\"quiz-(?P<n>\d+)\")",
    re.S,
)


_QUIZ_ID_RE = re.compile(r'quiz-(\d+)(?=["-])')


def stable_quiz_ids(build: CourseBuild, html: str, page: Page) -> str:
    """Номер вопроса в id (quiz-3) меняется, если автор вставил вопрос выше.

    mkdocs-quiz хранит ответы ученика по id вопроса, поэтому меняем номер на
    хеш формулировки (kb.quizzes.stable_id): ответ остаётся при своём вопросе.
    Исходник теста из HTML-комментария после этого убираем; тест не попадает
    в поисковый индекс (data-search-exclude): ответы и пояснения — не справка.
    """
    if quiz_adapter.SOURCE_COMMENT not in html:
        return html
    thesis = build.theses.get(page.file.src_uri)
    questions = {q.stable_id: q for q in thesis.questions} if thesis else {}
    renames: dict[str, str] = {}
    answers: dict[str, list[str]] = {}

    def drop_source(m: re.Match[str]) -> str:
        sid = stable_id(m.group("source"))
        if sid in renames.values():
            raise PluginError(f"{page.file.src_path}: в тесте два одинаковых вопроса; удали повтор")
        renames[m.group("n")] = sid
        answers[m.group("n")] = questions[sid].answer_ids if sid in questions else []
        return m.group("div").replace('<div class="quiz"', '<div class="quiz" data-search-exclude', 1)

    html = _QUIZ_SOURCE_RE.sub(drop_source, html)
    # Вариант ответа mkdocs-quiz помечает номером (value="2") и по нему же восстанавливает выбор;
    # ставим вместо номера id текста ответа (как в итоговом тесте): перемешивание вариантов
    # и правка их порядка не подменяют сохранённый выбор (quiz-answers.js переводит старые номера).
    html = re.sub(
        r'name="answer" value="(\d+)" id="quiz-(\d+)-(\d+)"',
        lambda m: 'name="answer" value="{}" id="quiz-{}-{}"'.format(
            _pick(answers.get(m.group(2), []), int(m.group(3)), m.group(1)), m.group(2), m.group(3)),
        html,
    )

    def rename(m: re.Match[str]) -> str:
        # только «"quiz-3"» и «#quiz-3»: id, for, href (искать по «quiz-» быстрее, чем по кавычке)
        if m.start() and m.string[m.start() - 1] in '"#':
            return f"quiz-{renames.get(m.group(1), m.group(1))}"
        return m.group(0)

    return _QUIZ_ID_RE.sub(rename, html)


def _pick(values: list[str], i: int, default: str) -> str:
    return values[i] if i < len(values) else default


_TASK_ITEM_RE = re.compile(r'<li class="task-list-item">(?P<body>.*?)</li>', re.S)


def item_id(text: str) -> str:
    """Id пункта чек-листа — хеш его текста: вставка или перестановка пунктов не сдвигает отметки."""
    plain = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).split()).lower()
    return "c" + hashlib.sha1(plain.encode("utf-8")).hexdigest()[:10]


def checklist_item_ids(build: CourseBuild, html: str, page: Page) -> str:
    if "task-list-item" not in html:
        return html
    # одинаковые пункты на странице различаем по порядку повтора
    ids = numbered([item_id(m.group("body")) for m in _TASK_ITEM_RE.finditer(html)])
    queue = iter(ids)
    html = _TASK_ITEM_RE.sub(lambda m: f'<li class="task-list-item" data-kb-item="{next(queue)}">{m.group("body")}</li>', html)
    build.checklists[page.file.src_uri] = ids
    return html
