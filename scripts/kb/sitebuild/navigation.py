"""Навигация и страницы, которых нет на диске: разделы базы знаний в nav, «Проверь себя» после
материалов тезиса, шпаргалка темы и страница тренажёра, данные курса, которые нужны странице."""

from __future__ import annotations

import html as html_lib
import json
from pathlib import PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .. import content, dialogues, model, search_keywords
from .state import ALL_TOPICS, COURSE_FILE, CourseBuild, dialogue_file, render, topic_file

def expand_nav(nav: Any, kb: model.KnowledgeBase) -> Any:
    """Строка <!-- kb:sections --> в nav → разделы базы знаний по папкам и order."""
    if not isinstance(nav, list):
        raise PluginError(f"в nav mkdocs.yml нет строки «{model.NAV_MARKER}»: на её место встают разделы базы знаний")
    out: list[Any] = []
    found = False
    for item in nav:
        if item == model.NAV_MARKER:
            out.extend(kb.nav())
            found = True
        else:
            out.append(item)
    if not found:
        raise PluginError(f"в nav mkdocs.yml нет строки «- \"{model.NAV_MARKER}\"»: на её место встают разделы базы знаний; добавь её")
    return out


def cheatsheet_source(topic: model.Topic) -> str:
    tags = topic.page.meta.get("tags") if isinstance(topic.page.meta.get("tags"), list) else []
    title = f"Шпаргалка: {topic.title}"
    return (
        f"---\ntype: cheatsheet\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"tags: {json.dumps(tags, ensure_ascii=False)}\n---\n\n"
        f"# Шпаргалка по теме «{topic.title}»\n\n"
        "Суть каждого тезиса темы на одном экране: шаги одной строкой, ошибки и фразы, которые можно сказать\n"
        "клиенту. Страница печатается на двух листах A4. Подробности — по ссылке «Открыть тезис».\n\n"
        "<!-- kb:cheatsheet -->\n"
    )


def trainer_source(thesis: model.Thesis) -> str:
    """Страница тренажёра разговора: вступление (его находит поиск) и место, куда плеер ставит разговор.

    Вступление — из front matter диалога: кто клиент, канал, ситуация и как проходить. Сам разговор
    рисует assets/javascripts/dialogue.js по данным assets/kb/dialogue-<slug>.js. В поиск идут
    название, клиент, канал, ситуация и search_keywords диалога; одинаковые на всех тренажёрах
    «как проходить» и ссылка на тезис — нет (data-search-exclude): они не отличают одну страницу
    от другой, а слова тезиса уводили бы к тренажёру запросы, ответ на которые — сам тезис.
    """
    dialogue = thesis.dialogue
    esc = html_lib.escape
    client = dialogue.client
    title = f"Тренажёр: {dialogue.title}"
    words = search_keywords.from_meta(dialogue.meta)
    about = f" — {esc(client['about'])}" if client["about"] else ""
    return (
        f"---\ntype: dialogue\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"search_keywords: {json.dumps(words, ensure_ascii=False)}\n---\n\n"
        f"# {title}\n\n"
        '<div class="kb-dialogue-intro">\n'
        f'<p class="kb-dialogue-intro__client"><strong>Клиент:</strong> {esc(client["name"])}{about}.<br>\n'
        f"<strong>Канал:</strong> {esc(dialogue.channel)}.</p>\n"
        f'<p class="kb-dialogue-intro__situation">{esc(dialogue.situation)}</p>\n'
        '<p class="kb-dialogue-intro__how" data-search-exclude>Читай, что говорит клиент, и выбирай ответ. В режиме «Тренировка» разбор '
        "виден после каждой реплики и можно вернуться на шаг назад; в режиме «Зачёт» разбор — в конце, и этот "
        "результат идёт в «Мой прогресс».</p>\n"
        "</div>\n\n"
        f"Тезис, на котором построен разговор: [{thesis.title}](index.md)\n"
        '{: .kb-dialogue-intro__thesis data-search-exclude="" }\n\n'
        f'<div class="kb-dialogue" data-kb-dialogue="{esc(dialogue.slug)}" data-search-exclude><noscript>Тренажёр работает в браузере '
        "с включённым JavaScript. На бумаге сценарий разговора есть в печатной книге курса.</noscript></div>\n"
    )


def trainer_link(build: CourseBuild, page: Page, config: MkDocsConfig, template: str) -> str:
    """Ссылка на тренажёр разговора со страницы «Перед звонком» (поле dialogue)."""
    ref = str(page.meta.get(dialogues.META_KEY)).strip()
    thesis = build.dialogue_owner.get(str(PurePosixPath(ref)))
    if thesis is None:  # проверка содержания не пропустила бы такую страницу
        raise PluginError(f"{page.file.src_path}: диалог {ref} не объявлен ни в одном тезисе")
    return render(build, config, template, title=thesis.dialogue.title,
                   url=get_relative_url(build.urls[thesis.dialogue_src], page.url))


def url_of_type(build: CourseBuild, kind: str) -> str | None:
    src = next((s for s, p in build.kb.pages.items() if p.type == kind), None)
    return build.urls.get(src) if src else None


def page_scripts(build: CourseBuild, page: Page) -> list[str]:
    """Данные курса, которые нужны странице: план курса и темы, чьи тезисы она показывает."""
    kind = page.meta.get("type")
    topics: list[model.Topic]
    if kind in ALL_TOPICS:
        topics = build.kb.topics
    elif kind == "section":
        section = build.kb.section_at(page.file.src_uri)
        topics = section.topics if section else []
    else:
        topic = build.kb.topic_of(page.file.src_uri)
        topics = [topic] if topic else []
    scripts = [COURSE_FILE, *[topic_file(t) for t in topics]]
    trainer = build.trainers.get(page.file.src_uri) if kind == "dialogue" else None
    if trainer is not None:
        scripts.append(dialogue_file(trainer.dialogue))
    return scripts




def add_self_check(nav: Navigation, build: CourseBuild, config: MkDocsConfig) -> Navigation:
    """В меню после страниц тезиса, его материалов и тренажёра — «Проверь себя»: тест внизу страницы тезиса.

    Порядок тезиса в меню и в ссылках «Назад/Вперёд» внизу страниц один: тезис → материалы →
    тренажёр → тест → следующий тезис (ссылки внизу — overrides/partials/footer.html, по этой же ссылке).
    """
    slugify = config.mdx_configs.get("toc", {}).get("slugify")
    anchor = slugify(content.SELF_CHECK, "-") if slugify else ""

    def walk(items: list) -> None:
        for item in items:
            if not isinstance(item, Section):
                continue
            first = item.children[0] if item.children else None
            thesis = build.theses.get(first.file.src_uri) if isinstance(first, Page) else None
            if thesis is not None and thesis.quiz is not None and anchor:
                link = Link(content.SELF_CHECK, f"{first.url}#{anchor}")
                link.parent = item
                item.children.append(link)
            walk(item.children)

    walk(nav.items)
    return nav
