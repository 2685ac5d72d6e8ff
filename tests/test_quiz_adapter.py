"""Договор с mkdocs-quiz (scripts/kb/quiz_adapter.py): всё, что курс берёт у плагина сверх настроек.

После обновления mkdocs-quiz этот тест первым называет, что изменилось и что поправить, — вместо
сборки, которая тихо теряет ответы учеников или пояснения в банке QTI.
"""

from __future__ import annotations

import inspect
import sys
from importlib.metadata import version

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from kb import quiz_adapter  # noqa: E402

WHERE = "поправь scripts/kb/quiz_adapter.py под новую версию (и то, что его зовёт)"


@pytest.mark.parametrize("owner, name, params", quiz_adapter.CONTRACT, ids=[c[1] for c in quiz_adapter.CONTRACT])
def test_internal_signatures_are_what_the_course_calls(owner, name, params):
    found = getattr(owner, name, None)
    assert found is not None, f"mkdocs-quiz {version('mkdocs-quiz')}: нет {name}; {WHERE}"
    got = tuple(p for p in inspect.signature(found).parameters if p != "self")
    assert got == params, f"mkdocs-quiz {version('mkdocs-quiz')}: {name}{got} вместо {name}{params}; {WHERE}"


def test_parser_returns_question_answers_correct_and_feedback():
    lines = ["Что сказать клиенту?", "", "- [x] Правду", "  > Потому что так честно.", "- [ ] Что угодно",
             "  > Так теряют доверие.", "- [ ] Ничего"]
    question, answers, correct, feedback, _ = quiz_adapter.parse_question(lines)
    assert question.strip() == "Что сказать клиенту?"
    assert answers == ["Правду", "Что угодно", "Ничего"]
    assert list(correct) == ["Правду"] or list(correct) == [0] or len(correct) == 1, \
        f"верные ответы в новом виде: {correct!r}; {WHERE}"
    assert [f and f.strip() for f in feedback][:2] == ["Потому что так честно.", "Так теряют доверие."], \
        f"пояснения к ответам в новом виде: {feedback!r}; {WHERE}"


def test_course_quiz_parse_matches_the_plugin():
    """Разбор курса (kb.quizzes) на основе парсера плагина: вопрос, варианты, верный, строки."""
    from kb.quizzes import parse_quiz_text

    text = "<quiz>\nЧто сказать клиенту?\n- [x] Правду\n  > Честно.\n- [ ] Неправду\n  > Нечестно.\n- [ ] Ничего\n  > Молчание.\n</quiz>\n"
    [q] = parse_quiz_text(text)
    assert (q.text, [a.text for a in q.answers], [a.correct for a in q.answers], [a.line for a in q.answers]) == (
        "Что сказать клиенту?", ["Правду", "Неправду", "Ничего"], [True, False, False], [3, 5, 7]), WHERE
    assert [a.feedback for a in q.answers] == ["Честно.", "Нечестно.", "Молчание."], WHERE


def test_html_markers_the_hook_relies_on(built_site):
    """Комментарий с исходником вопроса, его div и intro: по ним хук ставит устойчивые id."""
    thesis = (built_site / "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/index.html").read_text(encoding="utf-8")
    assert quiz_adapter.SOURCE_COMMENT not in thesis, "хук убирает исходник вопроса из страницы"
    assert 'id="quiz-' in thesis and quiz_adapter.QUIZ_DIV in thesis, f"разметка вопроса изменилась; {WHERE}"
    assert 'class="quiz-intro' in thesis, f"плагин не поставил intro на место {quiz_adapter.INTRO_MARKER}; {WHERE}"


def test_plugin_writes_the_source_comment_before_each_question(tmp_path):
    """Без хука плагин пишет перед вопросом комментарий с исходником — хук превращает его в устойчивый id."""
    import markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page
    from mkdocs_quiz.plugin import MkDocsQuizPlugin

    plugin = MkDocsQuizPlugin()
    plugin.load_config({})
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path)})
    config.validate()
    file = File("t.md", str(tmp_path), str(tmp_path / "site"), False)
    page = Page("t", file, config)
    page.meta = {}
    source = "<quiz>\nВопрос?\n- [x] Да\n- [ ] Нет\n- [ ] Не знаю\n</quiz>\n"
    files = Files([file])
    md = plugin.on_page_markdown(source, page, config, files=files)
    html = plugin.on_page_content(markdown.markdown(md, extensions=["md_in_html"]), page=page, config=config, files=files)
    html = html if html is not None else md
    assert quiz_adapter.SOURCE_COMMENT in html, f"плагин больше не пишет «{quiz_adapter.SOURCE_COMMENT}»; {WHERE}"
    assert quiz_adapter.QUIZ_DIV in html and 'id="quiz-0"' in html, f"разметка вопроса изменилась; {WHERE}"


def test_qti_item_methods_exist():
    for name in quiz_adapter.QTI_ITEM_METHODS:
        assert callable(getattr(quiz_adapter.QTI12Exporter, name, None)), f"у экспортёра QTI нет {name}; {WHERE}"
