"""Источники тестов: разбор парсером самого mkdocs-quiz, плюс номера строк.

Разбор вопроса и ответов делает парсер самого mkdocs-quiz (через ``kb.quiz_adapter``:
``parse_question`` и функции ``mkdocs_quiz.parsing``) — тот же, что строит тест на сайте, так что
проверка и сборка не могут разойтись. Здесь добавлены только номера строк
и устойчивый идентификатор вопроса.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from textwrap import dedent

from .quiz_adapter import CHECKBOX_REGEX, FILL_BLANK_REGEX, find_quizzes, mask_code_blocks, parse_question


@dataclass
class Answer:
    text: str
    correct: bool
    feedback: str
    line: int


@dataclass
class Question:
    line: int  # строка тега <quiz> в файле
    text: str
    source: str  # весь блок <quiz>…</quiz>
    answers: list[Answer] = field(default_factory=list)
    fill_blank: bool = False
    error: str | None = None

    @property
    def multiple(self) -> bool:
        return sum(a.correct for a in self.answers) > 1

    @cached_property  # вопрос не меняется после разбора; id нужен и проверке, и сборке
    def stable_id(self) -> str:
        return stable_id(self.source)

    @cached_property
    def answer_ids(self) -> list[str]:
        """Id вариантов по порядку источника: хеш текста (одинаковые тексты — с номером повтора).

        Один id у варианта и на странице тезиса (value, по нему mkdocs-quiz хранит выбор),
        и в итоговом тесте: сохранённый ответ не зависит от порядка вариантов.
        """
        return numbered([answer_id(a.text) for a in self.answers])


def answer_id(text: str) -> str:
    return "a" + hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def numbered(ids: list[str]) -> list[str]:
    """Повторы различаем номером: [x, x, y] → [x, x-2, y]."""
    out: list[str] = []
    for base in ids:
        value, n = base, 1
        while value in out:
            n += 1
            value = f"{base}-{n}"
        out.append(value)
    return out


#: Символы, с которых может начаться разметка Markdown и расширений сайта (ссылки, выделение,
#: код, HTML и сущности, атрибуты, таблицы, заголовки, зачёркивание, smartsymbols: 1/2, +/-, =/=).
_MARKUP_CHARS = frozenset("\\`*_[]<>&{}|#~^=+/$@\t\r\n")
#: Остальные конструкции, которые меняют простой текст: эмодзи :имя:, (c) (r) (tm),
#: английские порядковые 1st…, начало списка, блока «!!!»/«???», определения «: …».
_MARKUP_RE = re.compile(r":[\w+\-]+:|\((?:c|r|tm)\)|\d(?:st|nd|rd|th)\b|^(?:[-:]|\d+[.)]|!!!|\?\?\?)", re.I)


def plain_fragment_html(text: str) -> str | None:
    """HTML простого текста без разметки — ``<p>текст</p>``, как дал бы Markdown; иначе None.

    mkdocs-quiz превращает каждый вопрос, ответ и пояснение в отдельный документ Markdown
    со всеми расширениями сайта — это половина его времени сборки, хотя почти все ответы —
    простой текст. Здесь такой текст узнаётся по отсутствию любых знаков разметки (список
    с запасом: лишний знак лишь отправляет текст обычным путём); что результат совпадает с
    Markdown, проверяет tests/test_build.py на всех ответах курса и на каждой конструкции.
    """
    if text != text.strip() or not text or not _MARKUP_CHARS.isdisjoint(text) or _MARKUP_RE.search(text):
        return None
    return f"<p>{text}</p>"


def stable_id(block: str) -> str:
    """Устойчивый id вопроса: хеш его формулировки и ответов.

    Пояснения к ответам и пробелы не входят в хеш: их правка не сбрасывает
    ответ ученика. Изменились вопрос или ответы — это новый вопрос.
    """
    inner = re.sub(r"^\s*<quiz>|</quiz>\s*$", "", block.strip())
    kept = [
        " ".join(line.split())
        for line in inner.splitlines()
        if line.strip() and not re.match(r"^\s*>", line)
    ]
    digest = hashlib.sha1("\n".join(kept).encode("utf-8")).hexdigest()
    return "q" + digest[:10]


def parse_quiz_text(text: str) -> list[Question]:
    masked, _ = mask_code_blocks(text)
    questions: list[Question] = []
    for match in find_quizzes(masked):
        start_line = masked[: match.start()].count("\n") + 1
        inner = match.group(1)
        question = Question(line=start_line, text="", source=match.group(0))
        questions.append(question)
        if re.search(FILL_BLANK_REGEX, inner):
            question.fill_blank = True
            question.text = inner.strip()
            continue
        raw_lines = dedent(inner).splitlines()
        # номер строки файла для каждой строки блока (блок начинается на строке тега)
        line_no = [start_line + i for i in range(len(raw_lines))]
        while raw_lines and raw_lines[0] == "":
            raw_lines, line_no = raw_lines[1:], line_no[1:]
        while raw_lines and raw_lines[-1] == "":
            raw_lines, line_no = raw_lines[:-1], line_no[:-1]
        try:
            q_text, answers, correct, feedbacks, _ = parse_question(raw_lines)
        except ValueError as exc:
            question.error = str(exc)
            continue
        question.text = q_text
        answer_lines = [line_no[i] for i, line in enumerate(raw_lines) if CHECKBOX_REGEX.match(line)]
        for i, answer in enumerate(answers):
            question.answers.append(
                Answer(
                    text=answer,
                    correct=answer in correct,
                    feedback=(feedbacks[i] if i < len(feedbacks) else "").strip(),
                    line=answer_lines[i] if i < len(answer_lines) else start_line,
                )
            )
    return questions
