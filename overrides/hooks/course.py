"""Хуки MkDocs курса «Клиентский сервис ассистента».

Всё, что знает одна сборка, живёт в одном объекте :class:`CourseBuild` (создаётся
в ``on_pre_build`` заново), а не в словарях модуля. База знаний читается один раз —
той же функцией ``kb.model.load``, что и у проверки содержания, — и проверяется
``kb.validate.check``: нарушение останавливает сборку до того, как что-то записано.

* on_config — блок ```script, настройки курса ``extra.kb`` (схема kb.settings) и три
  ускорения mkdocs-quiz (один переводчик на язык, один Markdown на страницу, простой
  текст вопросов и ответов без Markdown) — подмены его методов живут в kb.quiz_adapter,
  как и всё остальное, что курс берёт у плагина сверх настроек;
* on_pre_build — чтение и проверка базы знаний;
* on_files — свои JS и CSS сжимаются (kb.assets); шпаргалка каждой темы и тренажёр разговора
  тезиса с диалогом (страницы, которых нет на диске) и навигация:
  разделы, темы, тезисы с материалами встают в nav вместо строки
  ``<!-- kb:sections -->`` — по папкам и полю order, без правки mkdocs.yml;
* on_nav — «Проверь себя» в меню после материалов каждого тезиса;
* on_page_markdown (раньше mkdocs-quiz) — маркеры <!-- kb:… -->, тест тезиса,
  список данных курса, которые нужны странице;
* on_page_content (после mkdocs-quiz) — устойчивые id вопросов и пунктов
  чек-листов, метки страниц;
* on_page_context — тест тезиса убран из страницы, пока её читает плагин search
  (в индекс он всё равно не идёт), и возвращён после; тогда же — подсказки словаря
  одним проходом по HTML (поиску они не нужны);
* on_post_page, on_post_template — встроенные скрипты и стили сжаты, у своих JS и CSS версия
  в адресе (``?v=…``), у каждого внешнего скрипта ``defer`` (kb.assets);
* on_post_build — поисковый индекс (фразы search_keywords, синонимы, загрузка
  по требованию, готовый индекс lunr: kb.search_index), неразрывные пробелы в
  страницах, репликах тренажёров и вопросах итогового теста (typograf: kb.typography) и данные курса
  assets/kb/*.js: общий план курса и по файлу на тему (скрипты, а не JSON,
  чтобы работало и с диска через file://).

HTML — в шаблонах overrides/partials/kb-*.html.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import posixpath
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable
from urllib.parse import urlsplit

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from kb import assets, content, dialogues, model, review, ru, search_index, search_keywords, typography  # noqa: E402
from kb import settings as kb_settings  # noqa: E402
from kb.fences import format_script  # noqa: E402
from kb.glossary import Glossary  # noqa: E402
from kb import quiz_adapter  # noqa: E402
from kb.quizzes import numbered, plain_fragment_html, stable_id  # noqa: E402
from kb.validate import check, check_nav  # noqa: E402

# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------

DATA_DIR = "assets/kb"  # данные курса в собранном сайте
COURSE_FILE = f"{DATA_DIR}/course.js"
#: Границы теста тезиса в HTML страницы: между ними — то, что плагин search не читает (_hide_quiz).
QUIZ_START, QUIZ_END = "<!-- kb:quiz-start -->", "<!-- kb:quiz-end -->"
PRINT_COMPACT = {"situation", "cheatsheet"}  # печатаются плотно: одна-две страницы A4
ALL_TOPICS = {"home", "progress", "review"}  # страницы, которым нужны данные всех тем
#: Модули JS одной страницы (по её type): на остальных страницах их не грузим.
PAGE_MODULES = {
    "home": ["assets/javascripts/home.js"],
    "final-test": ["assets/javascripts/final-test.js"],
    "group-results": ["assets/javascripts/group-results.js"],
    "dialogue": ["assets/javascripts/dialogue.js"],
    # «Повторение»: планировщик ts-fsrs (vendor/, только этой странице) и сама страница
    "review": ["assets/javascripts/vendor/ts-fsrs-5.4.2.umd.js", "assets/javascripts/review.js"],
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


_build: CourseBuild | None = None
_settings: kb_settings.CourseSettings | None = None


def _current() -> CourseBuild:
    if _build is None:
        raise PluginError("данные курса не подготовлены: сборка не прошла on_pre_build")
    return _build


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    quiz_adapter.cache_translations()
    quiz_adapter.reuse_fragment_markdown(_LazyMarkdown)
    quiz_adapter.plain_fragments(plain_fragment_html)
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    custom = superfences.setdefault("custom_fences", [])
    if not any(f.get("name") == "script" for f in custom):
        custom.append({"name": "script", "class": "kb-script", "format": format_script})
    try:
        _settings = kb_settings.from_dict(config.extra.get("kb"))
    except ValueError as err:
        raise PluginError(f"Настройки курса: {err}") from None
    return config


def on_serve(server, config: MkDocsConfig, builder):
    server.watch(str(_root(config) / content.QUIZZES_DIR))
    server.watch(str(_root(config) / dialogues.DIALOGUES_DIR))
    server.watch(str(_root(config) / "scripts" / "kb"))
    return server


def on_pre_build(config: MkDocsConfig) -> None:
    global _build
    _build = None
    root = _root(config)
    kb = model.load(root)
    settings = _settings or kb_settings.from_dict(None)
    problems = sorted(set(check(kb, settings) + check_nav(config.nav, kb, Path(config.config_file_path))))
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise PluginError(
            f"Проверка содержания не пройдена ({len(problems)}):\n{lines}\n"
            "Исправь перечисленное и запусти сборку снова (или make check)."
        )
    _build = CourseBuild(root, settings, kb, Glossary.from_data(kb.glossary_yaml[1] if kb.glossary_yaml else None))
    _build.site_name = config.site_name
    _build.theses = kb.thesis_by_src()
    _build.owners = kb.material_owner()
    for thesis in kb.theses:
        if thesis.dialogue is not None:
            _build.trainers[thesis.dialogue_src] = thesis
            _build.dialogue_owner[thesis.dialogue.rel] = thesis


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _current()
    build.asset_versions = assets.minify(files, config.docs_dir)
    for topic in build.kb.topics:
        files.append(File.generated(config, topic.cheatsheet_src, content=_cheatsheet_source(topic)))
    for src, thesis in build.trainers.items():
        files.append(File.generated(config, src, content=_trainer_source(thesis)))
    config.nav = _expand_nav(config.nav, build.kb)
    for file in files.documentation_pages():
        build.urls[file.src_uri] = file.url
    build.final_url = _url_of_type(build, "final-test")
    build.progress_url = _url_of_type(build, "progress")
    build.review_url = _url_of_type(build, "review")
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """В меню после страниц тезиса и его материалов — «Проверь себя»: тест внизу страницы тезиса.

    Порядок тезиса в меню и в ссылках «Назад/Вперёд» внизу страниц один: тезис → материалы →
    тест → следующий тезис (ссылки внизу — overrides/partials/footer.html, по этой же ссылке).
    """
    build = _current()
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


@event_priority(100)  # раньше mkdocs-quiz: он должен увидеть вставленные <quiz>
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    found = [m.group(1) for _, m in content.live_markers(markdown)]  # в коде — пример, не маркер
    for name in dict.fromkeys(found):
        need = content.MARKERS.get(name)
        if need is None:
            raise PluginError(
                f"{page.file.src_path}: неизвестный маркер <!-- kb:{name} -->; "
                f"допустимы: {', '.join('kb:' + m for m in content.MARKERS)}"
            )
        if page.meta.get("type") != need:
            raise PluginError(f"{page.file.src_path}: маркер <!-- kb:{name} --> работает только на странице с type: {need}")
    build = _current()
    if src in build.owners:
        markdown = _material_header(build, page, config, files) + markdown
    rendered = {name: _MARKER_HANDLERS[name](build, page, config, files) for name in dict.fromkeys(found)}
    markdown = content.replace_markers(markdown, rendered.__getitem__)
    if markdown.rstrip().endswith(QUIZ_END):
        build.quiz_last.add(src)
    if src in build.theses:
        # тест mkdocs-quiz только на страницах тезисов (enabled_by_default: false в mkdocs.yml): на
        # остальных он не дописывает свои стили, скрипты и «Прогресс теста» — страницы легче
        page.meta["quiz"] = {"enabled": True}
    page.meta["kb_scripts"] = _page_scripts(build, page)
    page.meta["kb_modules"] = PAGE_MODULES.get(page.meta.get("type"), [])
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _current()
    src = page.file.src_uri
    try:
        words = search_keywords.from_meta(page.meta)
    except ValueError as err:
        raise PluginError(f"{page.file.src_path}: {err}") from None
    if words:
        build.keywords[page.url] = words
    html = _stable_quiz_ids(build, html, page)
    html = search_index.exclude_from_search(html)  # ответы тестов и «Прогресс теста» — не в поиск
    html = _checklist_item_ids(build, html, page)
    # подсказки словаря — в _show_quiz, после плагина search: в индекс идёт только текст
    html = _with_review(build, html, page, config)
    if src in build.theses:
        html += _render(config, "partials/kb-thesis-mark.html", thesis=build.theses[src].meta)
    if page.meta.get("type") == "situation" and page.meta.get(dialogues.META_KEY):
        html += _trainer_link(build, page, config, "partials/kb-dialogue-link.html")
    if page.meta.get("type") in PRINT_COMPACT:
        html += '<span hidden class="kb-print-compact"></span>'
    return html


def _with_review(build: CourseBuild, html: str, page: Page, config: MkDocsConfig) -> str:
    """Под заголовком: «Проверено … · ответственный: …», «Давно не проверялось» и «Сообщить о неточности»."""
    mark = review.stamp(page.meta, build.settings.review_every, review.today())
    link = ""
    if build.settings.report_url:
        address = page.canonical_url or "/" + page.url
        link = review.report_link(build.settings.report_url, str(page.meta.get("title") or page.title or ""), address)
    if mark is None and not link:
        return html
    block = _render(config, "partials/kb-review.html", stamp=mark.context() if mark else None, report_url=link)
    end = html.find("</h1>")
    return html[: end + 5] + "\n" + block + html[end + 5:] if end >= 0 else block + "\n" + html


@event_priority(50)  # раньше плагина search
def _hide_quiz(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Тест тезиса убираем из страницы, пока её разбирает плагин search, и возвращаем после.

    В индекс тест и так не попадает (ответы помечены data-search-exclude, search_index.EXCLUDE),
    но парсер search проходит каждый его тег: это две трети HTML страницы тезиса и четверть
    всей работы поиска при сборке.
    """
    build = _current()
    html = page.content or ""
    start, end = html.find(QUIZ_START), html.find(QUIZ_END)
    if 0 <= start < end:
        # тест — последнее на странице: после него mkdocs-quiz дописывает только свою панель
        # «Прогресс теста», стили и скрипты (тоже не для поиска) — прячем и их
        stop = len(html) if page.file.src_uri in build.quiz_last else end + len(QUIZ_END)
        build.hidden[page.file.src_uri] = html[start:stop]
        page.content = html[:start] + QUIZ_START + html[stop:]
    return context


@event_priority(-100)  # после всех плагинов, которые читают page.content в on_page_context
def _show_quiz(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Тест — обратно на страницу; подсказки словаря — здесь же, после плагина search.

    Поиску подсказки не нужны (он берёт из <abbr> только текст), а разбирать их теги — лишняя
    работа, поэтому словарь размечает страницу после него, вместе с тестом.
    """
    build = _current()
    src = page.file.src_uri
    hidden = build.hidden.pop(src, None)
    html = page.content or ""
    if hidden is not None:
        html = html.replace(QUIZ_START, hidden, 1)
    # после теста (последнего на странице) mkdocs-quiz дописал только свою панель, стили и скрипты
    cut = html.find(QUIZ_END) if src in build.quiz_last else -1
    html = build.glossary.annotate(html) if cut < 0 else build.glossary.annotate(html[:cut]) + html[cut:]
    page.content = html.replace(QUIZ_START, "", 1).replace(QUIZ_END, "", 1) if hidden is not None else html
    return context


on_page_context = CombinedEvent(_hide_quiz, _show_quiz)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return assets.tag_assets(assets.minify_inline(output), page.url, _current().asset_versions, _site_path(config))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html") or _build is None:
        return output
    return assets.tag_assets(assets.minify_inline(output), "", _build.asset_versions, _site_path(config))


def _site_path(config: MkDocsConfig) -> str:
    """Путь site_url («/kurs/»): от него считаются абсолютные адреса страницы 404."""
    return urlsplit(config.site_url or "/").path or "/"


def on_post_build(config: MkDocsConfig) -> None:
    """Фразы search_keywords — в поисковый индекс; неразрывные пробелы; данные курса — в assets/kb/."""
    build = _current()
    site = Path(config.site_dir)
    try:
        synonyms = search_index.load_synonyms(build.root)
        search_index.apply(site, build.keywords, synonyms, lazy=not search_index.offline(config.plugins),
                           prebuild_from=build.settings.search_prebuild_kib * 1024)
    except ValueError as err:
        raise PluginError(str(err)) from None
    _write_js(site / COURSE_FILE, "course", _course_data(build))
    trainers = [(thesis, dialogues.to_data(thesis.dialogue, thesis, build.urls[thesis.src]))
                for thesis in build.trainers.values()]
    finals = [(topic, _final_data(build, topic)) for topic in build.kb.topics]
    # неразрывные пробелы: страницы (после плагина search — индекс не меняется), реплики тренажёров и
    # вопросы итогового теста; один процесс Node.js на сборку
    fields = [f for _, data in trainers for f in typography.text_fields(data)]
    fields += [f for _, data in finals for f in typography.text_fields(data, typography.QUIZ_FIELDS)]
    try:
        texts = typography.apply(site, [holder[key] for holder, key in fields])
    except ValueError as err:
        raise PluginError(str(err)) from None
    for (holder, key), text in zip(fields, texts or []):
        holder[key] = text
    for thesis, data in trainers:
        _write_js(site / dialogue_file(thesis.dialogue), "dialogues", data, thesis.dialogue.slug)
    for topic, final in finals:
        _write_js(site / topic_file(topic), "topics", _topic_data(build, topic), topic.key)
        _write_js(site / topic_file(topic, "final"), "final", final, topic.key)
        _write_js(site / topic_file(topic, "review"), "review", _review_data(topic), topic.key)


# -----------------------------------------------------------------------------
# Helpers: навигация и страницы, которых нет на диске
# -----------------------------------------------------------------------------


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _expand_nav(nav: Any, kb: model.KnowledgeBase) -> Any:
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


def _cheatsheet_source(topic: model.Topic) -> str:
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


def _trainer_source(thesis: model.Thesis) -> str:
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


def _trainer_link(build: CourseBuild, page: Page, config: MkDocsConfig, template: str) -> str:
    """Ссылка на тренажёр разговора со страницы «Перед звонком» (поле dialogue)."""
    ref = str(page.meta.get(dialogues.META_KEY)).strip()
    thesis = build.dialogue_owner.get(str(PurePosixPath(ref)))
    if thesis is None:  # проверка содержания не пропустила бы такую страницу
        raise PluginError(f"{page.file.src_path}: диалог {ref} не объявлен ни в одном тезисе")
    return _render(config, template, title=thesis.dialogue.title,
                   url=get_relative_url(build.urls[thesis.dialogue_src], page.url))


def _url_of_type(build: CourseBuild, kind: str) -> str | None:
    src = next((s for s, p in build.kb.pages.items() if p.type == kind), None)
    return build.urls.get(src) if src else None


def _page_scripts(build: CourseBuild, page: Page) -> list[str]:
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


# -----------------------------------------------------------------------------
# Helpers: маркеры
# -----------------------------------------------------------------------------


def _render(config: MkDocsConfig, template: str, **context: Any) -> str:
    build = _current()
    if build.env is None:
        build.env = config.theme.get_env()
    return build.env.get_template(template).render(config=config, **context)


def _relative_md(src: str, page: Page) -> str:
    """Ссылка на исходник src (.md) от страницы page — MkDocs сам проверит и переведёт её."""
    return posixpath.relpath(src, posixpath.dirname(page.file.src_uri))


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
            "link": _relative_md(thesis.src, page),
            "questions": len(thesis.questions),
            "kinds": Counter(content.KINDS[m.item["kind"]] for m in thesis.materials),
            "steps_title": steps.title if steps else "",
            "steps": [content.step_title(t) for _, t in (steps.subsections if steps else [])],
            "mistakes": [content.step_title(t) for _, t in (mistakes.subsections if mistakes else [])],
            "materials": [{**m.item, "link": _relative_md(m.src, page)} for m in thesis.materials],
        })
    return result


def _theses_markdown(build, page, config, files) -> str:
    return _render(config, "partials/kb-theses.md.html", theses=_thesis_context(build, _scope(build, page), page))


def _cheatsheet_markdown(build, page, config, files) -> str:
    return _render(config, "partials/kb-cheatsheet.md.html", theses=_thesis_context(build, _scope(build, page), page))


def _topic_summary(topic: model.Topic, page: Page) -> dict[str, Any]:
    return {
        "title": topic.title,
        "link": _relative_md(topic.src, page),
        "cheatsheet": _relative_md(topic.cheatsheet_src, page),
        "theses": len(topic.theses),
        "minutes": sum(th.meta.get("duration", 0) for th in topic.theses),
        "questions": sum(len(th.questions) for th in topic.theses),
    }


def _topics_markdown(build, page, config, files) -> str:
    section = build.kb.section_at(page.file.src_uri)
    if section is None:
        raise PluginError(f"{page.file.src_path}: маркер <!-- kb:topics --> работает на странице раздела docs/<раздел>/index.md")
    return _render(config, "partials/kb-topics.md.html", topics=[_topic_summary(t, page) for t in section.topics])


def _cheatsheets_markdown(build, page, config, files) -> str:
    sections = [{"title": s.title, "topics": [_topic_summary(t, page) for t in s.topics]} for s in build.kb.sections]
    return _render(config, "partials/kb-cheatsheets.md.html", sections=sections)


def _glossary_markdown(build, page, config, files) -> str:
    return _render(config, "partials/kb-glossary.md.html", entries=build.glossary.entries,
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
    return _render(config, "partials/kb-materials.html", materials=links, trainer=trainer)


def _course_summary_markdown(build, page, config, files) -> str:
    theses = build.kb.theses
    minutes = sum(th.meta.get("duration", 0) for th in theses)
    return _render(config, "partials/kb-course-summary.md.html", theses=ru.count(len(theses), "тезис", "тезиса", "тезисов"),
                   duration=ru.about_duration(minutes)).strip()


_MARKER_HANDLERS = {
    "materials": _materials_html,
    "quiz": _quiz_markdown,
    "theses": _theses_markdown,
    "topics": _topics_markdown,
    "cheatsheet": _cheatsheet_markdown,
    "cheatsheets": _cheatsheets_markdown,
    "glossary": _glossary_markdown,
    "course-summary": _course_summary_markdown,
}


def _material_header(build: CourseBuild, page: Page, config: MkDocsConfig, files: Files) -> str:
    thesis, material = build.owners[page.file.src_uri]
    thesis_file = files.get_file_from_path(thesis.src)
    return _render(
        config,
        "partials/kb-material-header.html",
        thesis_title=thesis.title,
        thesis_url=get_relative_url(thesis_file.url, page.url),
        kind=material.item["kind"],
        kind_label=content.KINDS[material.item["kind"]],
    ) + "\n\n"


# -----------------------------------------------------------------------------
# Helpers: устойчивые id
# -----------------------------------------------------------------------------

_QUIZ_SOURCE_RE = re.compile(
    re.escape(quiz_adapter.SOURCE_COMMENT)
    + r"\n(?P<source>.*?)\n-->\n\s*(?P<div>" + re.escape(quiz_adapter.QUIZ_DIV) + r"[^>]*id=\"quiz-(?P<n>\d+)\")",
    re.S,
)


_QUIZ_ID_RE = re.compile(r'quiz-(\d+)(?=["-])')


def _stable_quiz_ids(build: CourseBuild, html: str, page: Page) -> str:
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


def _checklist_item_ids(build: CourseBuild, html: str, page: Page) -> str:
    if "task-list-item" not in html:
        return html
    # одинаковые пункты на странице различаем по порядку повтора
    ids = numbered([item_id(m.group("body")) for m in _TASK_ITEM_RE.finditer(html)])
    queue = iter(ids)
    html = _TASK_ITEM_RE.sub(lambda m: f'<li class="task-list-item" data-kb-item="{next(queue)}">{m.group("body")}</li>', html)
    build.checklists[page.file.src_uri] = ids
    return html


# -----------------------------------------------------------------------------
# Helpers: данные курса для браузера
# -----------------------------------------------------------------------------


def _write_js(path: Path, slot: str, data: Any, key: str | None = None) -> None:
    """Скрипт, который кладёт данные в window.KB_DATA[slot] (или [slot][key])."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    target = f"d.{slot}" if key is None else f"(d.{slot}=d.{slot}||{{}})[{json.dumps(key)}]"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"(function(d){{{target}={payload};}})(window.KB_DATA=window.KB_DATA||{{}});\n", encoding="utf-8")


def _course_data(build: CourseBuild) -> dict[str, Any]:
    """План курса: разделы и темы со ссылками на их файлы данных. Маленький: грузится на каждой странице."""
    return {
        "version": 2,
        "title": build.site_name,
        "pass_mark": build.settings.pass_mark,
        "final_per_thesis": build.settings.final_per_thesis,
        "final_url": build.final_url,
        "progress_url": build.progress_url,
        "review_url": build.review_url,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "url": build.urls.get(s.src),
                "topics": [
                    {"key": t.key, "title": t.title, "url": build.urls.get(t.src), "theses": len(t.theses),
                     "data": topic_file(t), "final": topic_file(t, "final"), "review": topic_file(t, "review")}
                    for t in s.topics
                ],
            }
            for s in build.kb.sections
        ],
    }


def _topic_data(build: CourseBuild, topic: model.Topic) -> dict[str, Any]:
    """Тезисы темы: id вопросов и пунктов чек-листов — чтобы считать прогресс и ставить галочки."""
    theses = []
    for thesis in topic.theses:
        checklists = [
            {"title": m.item["title"], "url": build.urls[m.src], "items": build.checklists[m.src]}
            for m in thesis.materials if m.item["kind"] == "checklist" and build.checklists.get(m.src)
        ]
        theses.append({
            "id": thesis.id,
            "title": thesis.title,
            "order": thesis.meta["order"],
            "duration": thesis.meta["duration"],
            "url": build.urls[thesis.src],
            "updated": review.updated(thesis.meta),  # ГГГГ-ММ-ДД: «Обновлено после твоего прочтения»
            "quiz": ["quiz-" + q.stable_id for q in _gradable(thesis)],
            "checklists": checklists,
            "dialogue": _dialogue_summary(build, thesis),
        })
    return {
        "key": topic.key,
        "title": topic.title,
        "url": build.urls.get(topic.src),
        "section": topic.section.title if topic.section else "",
        "cheatsheet_url": build.urls.get(topic.cheatsheet_src),
        "theses": theses,
    }


def _dialogue_summary(build: CourseBuild, thesis: model.Thesis) -> dict[str, Any] | None:
    """Тренажёр тезиса для прогресса: id (slug), адрес страницы, версия содержания, название."""
    if thesis.dialogue is None:
        return None
    return {"id": thesis.dialogue.slug, "url": build.urls[thesis.dialogue_src],
            "version": dialogues.version(thesis.dialogue), "title": thesis.dialogue.title}


def _final_data(build: CourseBuild, topic: model.Topic) -> dict[str, Any]:
    """Вопросы итогового теста темы: текст, ответы, пояснения (HTML из источника).

    Только из вопросов итогового теста (quizzes/final/<тест тезиса>.md): их нет на страницах
    тезисов и в поиске, поэтому пересдача — не повтор уже разобранных вопросов тестов тезисов.
    """
    return {thesis.id: _questions_data(q for q in thesis.final_questions if not q.fill_blank and not q.error)
            for thesis in topic.theses}


def _review_data(topic: model.Topic) -> dict[str, Any]:
    """Вопросы тестов тезисов темы для «Повторения» — те же id, ответы и пояснения, что на странице тезиса."""
    return {thesis.id: _questions_data(_gradable(thesis)) for thesis in topic.theses}


def _questions_data(questions) -> list[dict[str, Any]]:
    """Вопросы в форме для браузера: {id, html, multiple, answers: [{id, html, correct, feedback}]}."""
    return [
        {
            "id": "quiz-" + q.stable_id,
            "html": _md(q.text),
            "multiple": q.multiple,
            "answers": [
                {"id": aid, "html": _md(a.text, inline=True), "correct": a.correct,
                 "feedback": _md(a.feedback, inline=True)}
                for a, aid in zip(q.answers, q.answer_ids)
            ],
        }
        for q in questions
    ]


def _gradable(thesis: model.Thesis) -> list:
    return [q for q in thesis.questions if not q.fill_blank and not q.error]


def _md(text: str, inline: bool = False) -> str:
    """Текст вопроса или ответа в HTML; inline — без обёртки <p>, как делает mkdocs-quiz."""
    build = _current()
    key = (text, inline)
    if key not in build.md_cache:
        converted = plain_fragment_html(text)  # простой текст — без Markdown, тот же HTML
        if converted is None:
            if build.md is None:
                build.md = markdown.Markdown(extensions=["attr_list", "md_in_html"])
            converted = build.md.reset().convert(text)
        build.md_cache[key] = quiz_adapter.strip_paragraph_wrapper(converted) if inline else converted
    return build.md_cache[key]


class _LazyMarkdown:
    """Экземпляр Markdown, который создаётся при первом обращении: простой текст в тестах
    (почти все фрагменты) конвертируется без Markdown, и на многих страницах он не нужен вовсе."""

    def __init__(self, make: Callable[[], markdown.Markdown]) -> None:
        self._make = make
        self._md: markdown.Markdown | None = None

    def __getattr__(self, name: str) -> Any:
        if self._md is None:
            self._md = self._make()
        return getattr(self._md, name)
