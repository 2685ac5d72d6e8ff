"""Маркеры <!-- kb:… --> в Markdown страниц: что встаёт на их место (шаблоны overrides/partials/kb-*.html),
шапка материала и отметка о проверке страницы."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import content, model, quiz_adapter, review, ru
from .state import QUIZ_END, QUIZ_START, CourseBuild, relative_md, render

def _scope(build: CourseBuild, page: Page) -> model.Topic:
    topic = build.kb.topic_of(page.file.src_uri)
    if topic is None:
        raise PluginError(f"{page.file.src_path}: страница не лежит в папке темы, а её маркер показывает тезисы темы")
    return topic


def _thesis_context(build: CourseBuild, topic: model.Topic, page: Page) -> list[dict[str, Any]]:
    """Тезисы темы в порядке изучения — для страницы темы и шпаргалки."""
    result = []
    for thesis in topic.theses:
        _, sections = content.outline(thesis.page)
        steps = content.find_section(sections, content.STEPS_PREFIX)
        mistakes = content.find_section(sections, content.MISTAKES)
        result.append({
            "meta": thesis.meta,
            "link": relative_md(thesis.src, page),
            "questions": len(thesis.questions),
            "kinds": Counter(content.KINDS[m.item["kind"]] for m in thesis.materials),
            "steps_title": steps.title if steps else "",
            "steps": [content.step_title(t) for _, t in (steps.subsections if steps else [])],
            "mistakes": [content.step_title(t) for _, t in (mistakes.subsections if mistakes else [])],
            "materials": [{**m.item, "link": relative_md(m.src, page)} for m in thesis.materials],
        })
    return result


def _theses_markdown(build, page, config, files) -> str:
    return render(build, config, "partials/kb-theses.md.html", theses=_thesis_context(build, _scope(build, page), page))


def _cheatsheet_markdown(build, page, config, files) -> str:
    return render(build, config, "partials/kb-cheatsheet.md.html", theses=_thesis_context(build, _scope(build, page), page))


def _topic_summary(topic: model.Topic, page: Page) -> dict[str, Any]:
    return {
        "title": topic.title,
        "link": relative_md(topic.src, page),
        "cheatsheet": relative_md(topic.cheatsheet_src, page),
        "theses": len(topic.theses),
        "minutes": sum(th.meta.get("duration", 0) for th in topic.theses),
        "questions": sum(len(th.questions) for th in topic.theses),
    }


def _topics_markdown(build, page, config, files) -> str:
    section = build.kb.section_at(page.file.src_uri)
    if section is None:
        raise PluginError(f"{page.file.src_path}: маркер <!-- kb:topics --> работает на странице раздела docs/<раздел>/index.md")
    return render(build, config, "partials/kb-topics.md.html", topics=[_topic_summary(t, page) for t in section.topics])


def _cheatsheets_markdown(build, page, config, files) -> str:
    sections = [{"title": s.title, "topics": [_topic_summary(t, page) for t in s.topics]} for s in build.kb.sections]
    return render(build, config, "partials/kb-cheatsheets.md.html", sections=sections)


def _glossary_markdown(build, page, config, files) -> str:
    return render(build, config, "partials/kb-glossary.md.html", entries=build.glossary.entries,
                   letters=build.glossary.letters())


def _quiz_markdown(build, page, config, files) -> str:
    quiz = build.theses[page.file.src_uri].quiz
    body = quiz_adapter.INTRO_MARKER + "\n\n" + (quiz.text.strip() if quiz else "")
    return f"{QUIZ_START}\n\n{body}\n\n{QUIZ_END}\n"


def _materials_html(build, page, config, files) -> str:
    links = []
    thesis = build.theses[page.file.src_uri]
    trainer = None
    if thesis.dialogue is not None:
        trainer = {"title": thesis.dialogue.title,
                   "url": get_relative_url(build.urls[thesis.dialogue_src], page.url)}
    for m in thesis.materials:
        file = files.get_file_from_path(m.src)
        if file is None:
            raise PluginError(f"{page.file.src_path}: материал {m.item['page']} не попал в сборку")
        links.append({"title": m.item["title"], "kind": m.item["kind"], "kind_label": content.KINDS[m.item["kind"]],
                      "url": get_relative_url(file.url, page.url)})
    return render(build, config, "partials/kb-materials.html", materials=links, trainer=trainer)


def _course_summary_markdown(build, page, config, files) -> str:
    theses = build.kb.theses
    minutes = sum(th.meta.get("duration", 0) for th in theses)
    return render(build, config, "partials/kb-course-summary.md.html", theses=ru.count(len(theses), "тезис", "тезиса", "тезисов"),
                   duration=ru.about_duration(minutes)).strip()


HANDLERS = {
    "materials": _materials_html,
    "quiz": _quiz_markdown,
    "theses": _theses_markdown,
    "topics": _topics_markdown,
    "cheatsheet": _cheatsheet_markdown,
    "cheatsheets": _cheatsheets_markdown,
    "glossary": _glossary_markdown,
    "course-summary": _course_summary_markdown,
}


def material_header(build: CourseBuild, page: Page, config: MkDocsConfig, files: Files) -> str:
    thesis, material = build.owners[page.file.src_uri]
    thesis_file = files.get_file_from_path(thesis.src)
    return render(
        build,
        config,
        "partials/kb-material-header.html",
        thesis_title=thesis.title,
        thesis_url=get_relative_url(thesis_file.url, page.url),
        kind=material.item["kind"],
        kind_label=content.KINDS[material.item["kind"]],
    ) + "\n\n"


def with_review(build: CourseBuild, html: str, page: Page, config: MkDocsConfig) -> str:
    """Под заголовком: «Проверено … · ответственный: …», «Давно не проверялось» и «Сообщить о неточности»."""
    mark = review.stamp(page.meta, build.settings.review_every, review.today())
    link = ""
    if build.settings.report_url:
        address = page.canonical_url or "/" + page.url
        link = review.report_link(build.settings.report_url, str(page.meta.get("title") or page.title or ""), address)
    if mark is None and not link:
        return html
    block = render(build, config, "partials/kb-review.html", stamp=mark.context() if mark else None, report_url=link)
    end = html.find("</h1>")
    return html[: end + 5] + "\n" + block + html[end + 5:] if end >= 0 else block + "\n" + html
