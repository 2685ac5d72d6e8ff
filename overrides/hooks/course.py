"""Хуки MkDocs курса «Клиентский сервис ассистента».

Хук только разводит события MkDocs по модулям сборки ``kb.sitebuild`` (по заботе на модуль:
state, navigation, markers, ids, course_data, search) и ``kb.assets``, ``kb.typography``,
``kb.search_index``. Всё, что знает одна сборка, живёт в одном объекте ``CourseBuild``
(``kb.sitebuild.state``), который держит экземпляр ``CourseHooks`` — как состояние плагина в
экземпляре плагина, без переменных модуля. База знаний читается один раз — той же функцией
``kb.model.load``, что и у проверки содержания, — и проверяется ``kb.validate.check``: нарушение
останавливает сборку до того, как что-то записано.

* on_config — блок ```script, iframe-worker (polyfills) только для копии для file://, настройки курса ``extra.kb`` (схема kb.settings) и три
  ускорения mkdocs-quiz (один переводчик на язык, один Markdown на страницу, простой
  текст вопросов и ответов без Markdown) — подмены его методов живут в kb.quiz_adapter,
  как и всё остальное, что курс берёт у плагина сверх настроек;
* on_pre_build — чтение и проверка базы знаний;
* on_files — свои JS и CSS сжимаются, модули extra_javascript склеиваются в один файл (kb.assets); шпаргалка каждой темы и тренажёр разговора
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
* on_env — скомпилированные шаблоны темы берутся из кеша .cache/kb/jinja (kb.sitebuild.state.template_cache):
  MkDocs строит окружение Jinja на каждую сборку заново;
* on_post_page, on_post_template — встроенные скрипты и стили сжаты, у своих JS и CSS версия
  в адресе (``?v=…``), у каждого внешнего скрипта ``defer`` (kb.assets); неразрывные пробелы
  в статье из кеша прошлой сборки (kb.typography.Typesetter);
* on_post_build — поисковый индекс (фразы search_keywords, синонимы, загрузка
  по требованию, готовый индекс lunr: kb.search_index), неразрывные пробелы в новых
  статьях, репликах тренажёров и вопросах итогового теста (typograf: kb.typography) и данные курса
  assets/kb/*.js: общий план курса и по файлу на тему (скрипты, а не JSON,
  чтобы работало и с диска через file://).

HTML — в шаблонах overrides/partials/kb-*.html.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from kb import assets, content, dialogues, model, quiz_adapter, search_index, search_keywords, typography  # noqa: E402
from kb import settings as kb_settings  # noqa: E402
from kb.fences import format_script  # noqa: E402
from kb.glossary import Glossary  # noqa: E402
from kb.quizzes import plain_fragment_html  # noqa: E402
from kb.sitebuild import course_data, ids, markers, navigation, search  # noqa: E402
from kb.sitebuild.state import (CACHE_DIR, COURSE_FILE, PAGE_MODULES, PAGE_STYLES, PRINT_COMPACT, QUIZ_END, CourseBuild,  # noqa: E402
                                dialogue_file, render, root_of, template_cache, topic_file)
from kb.validate import check, check_nav  # noqa: E402


class CourseHooks:
    """События MkDocs сборки курса; состояние — в self (настройки курса и ``CourseBuild`` сборки)."""

    def __init__(self) -> None:
        self.settings: kb_settings.CourseSettings | None = None
        self.build: CourseBuild | None = None

    # ------------------------------------------------------------------- Hooks

    def current(self) -> CourseBuild:
        if self.build is None:
            raise PluginError("данные курса не подготовлены: сборка не прошла on_pre_build")
        return self.build

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        quiz_adapter.cache_translations()
        quiz_adapter.reuse_fragment_markdown(course_data.LazyMarkdown)
        quiz_adapter.plain_fragments(plain_fragment_html)
        superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        custom = superfences.setdefault("custom_fences", [])
        if not any(f.get("name") == "script" for f in custom):
            custom.append({"name": "script", "class": "kb-script", "format": format_script})
        if not search_index.offline(config.plugins):
            # iframe-worker нужен только копии для file:// (make offline): поиск там — в iframe вместо
            # воркера; сайту на сервере — лишние 0,9 КБ и запрос на каждой странице
            config.extra["polyfills"] = []
        try:
            self.settings = kb_settings.from_dict(config.extra.get("kb"))
        except ValueError as err:
            raise PluginError(f"Настройки курса: {err}") from None
        return config

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = root_of(config)
        server.watch(str(root / content.QUIZZES_DIR))
        server.watch(str(root / dialogues.DIALOGUES_DIR))
        server.watch(str(root / "scripts" / "kb"))
        return server

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.build = None
        root = root_of(config)
        kb = model.load(root)
        settings = self.settings or kb_settings.from_dict(None)
        problems = sorted(set(check(kb, settings) + check_nav(config.nav, kb, Path(config.config_file_path))))
        if problems:
            lines = "\n".join(f"  {p}" for p in problems)
            raise PluginError(
                f"Проверка содержания не пройдена ({len(problems)}):\n{lines}\n"
                "Исправь перечисленное и запусти сборку снова (или make check)."
            )
        build = CourseBuild(root, settings, kb, Glossary.from_data(kb.glossary_yaml[1] if kb.glossary_yaml else None))
        build.typesetter = typography.Typesetter(root / CACHE_DIR / typography.CACHE_FILE)
        build.site_name = config.site_name
        build.theses = kb.thesis_by_src()
        build.owners = kb.material_owner()
        for thesis in kb.theses:
            if thesis.dialogue is not None:
                build.trainers[thesis.dialogue_src] = thesis
                build.dialogue_owner[thesis.dialogue.rel] = thesis
        self.build = build

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self.current()
        try:
            build.terser = assets.Terser(build.root / CACHE_DIR / assets.CACHE_FILE)
            build.asset_versions = assets.minify(files, config.docs_dir, build.terser)
            assets.bundle(files, config, build.asset_versions)
        except ValueError as err:
            raise PluginError(str(err)) from None
        for topic in build.kb.topics:
            files.append(File.generated(config, topic.cheatsheet_src, content=navigation.cheatsheet_source(topic)))
        for src, thesis in build.trainers.items():
            files.append(File.generated(config, src, content=navigation.trainer_source(thesis)))
        config.nav = navigation.expand_nav(config.nav, build.kb)
        for file in files.documentation_pages():
            build.urls[file.src_uri] = file.url
        build.final_url = navigation.url_of_type(build, "final-test")
        build.progress_url = navigation.url_of_type(build, "progress")
        build.review_url = navigation.url_of_type(build, "review")
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        return navigation.add_self_check(nav, self.current(), config)

    @event_priority(100)  # раньше mkdocs-quiz: он должен увидеть вставленные <quiz>
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
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
        build = self.current()
        if src in build.owners:
            markdown = markers.material_header(build, page, config, files) + markdown
        rendered = {name: markers.HANDLERS[name](build, page, config, files) for name in dict.fromkeys(found)}
        markdown = content.replace_markers(markdown, rendered.__getitem__)
        if markdown.rstrip().endswith(QUIZ_END):
            build.quiz_last.add(src)
        if src in build.theses:
            # тест mkdocs-quiz только на страницах тезисов (enabled_by_default: false в mkdocs.yml): на
            # остальных он не дописывает свои стили, скрипты и «Прогресс теста» — страницы легче
            page.meta["quiz"] = {"enabled": True}
        page.meta["kb_scripts"] = navigation.page_scripts(build, page)
        page.meta["kb_modules"] = PAGE_MODULES.get(page.meta.get("type"), [])
        page.meta["kb_styles"] = PAGE_STYLES.get(page.meta.get("type"), [])
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.current()
        src = page.file.src_uri
        try:
            words = search_keywords.from_meta(page.meta)
        except ValueError as err:
            raise PluginError(f"{page.file.src_path}: {err}") from None
        if words:
            build.keywords[page.url] = words
        html = ids.stable_quiz_ids(build, html, page)
        html = search_index.exclude_from_search(html)  # ответы тестов и «Прогресс теста» — не в поиск
        html = ids.checklist_item_ids(build, html, page)
        # подсказки словаря — в show_quiz, после плагина search: в индекс идёт только текст
        html = markers.with_review(build, html, page, config)
        if src in build.theses:
            html += render(build, config, "partials/kb-thesis-mark.html", thesis=build.theses[src].meta)
        if page.meta.get("type") == "situation" and page.meta.get(dialogues.META_KEY):
            html += navigation.trainer_link(build, page, config, "partials/kb-dialogue-link.html")
        if page.meta.get("type") in PRINT_COMPACT:
            html += '<span hidden class="kb-print-compact"></span>'
        return html

    @event_priority(50)  # раньше плагина search
    def hide_quiz(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        search.hide_quiz(self.current(), page)
        return context

    @event_priority(-100)  # после всех плагинов, которые читают page.content в on_page_context
    def show_quiz(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        search.show_quiz(self.current(), page)
        return context

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.bytecode_cache = template_cache(self.current().root)  # шаблоны страниц — из кеша, как и свои
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return _finish(self.current(), output, page.url, config, page.file.abs_dest_path)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html") or self.build is None:
            return output
        return _finish(self.build, output, "", config, os.path.join(config.site_dir, template_name))

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Фразы search_keywords — в поисковый индекс; неразрывные пробелы; данные курса — в assets/kb/."""
        build = self.current()
        site = Path(config.site_dir)
        try:
            synonyms = search_index.load_synonyms(build.root)
            search_index.apply(site, build.keywords, synonyms, lazy=not search_index.offline(config.plugins),
                               prebuild_from=build.settings.search_prebuild_kib * 1024)
        except ValueError as err:
            raise PluginError(str(err)) from None
        if build.terser is not None:
            build.terser.save()  # сжатые скрипты этой сборки — в кеш для следующей
        course_data.write_js(site / COURSE_FILE, "course", course_data.course_data(build))
        trainers = [(thesis, dialogues.to_data(thesis.dialogue, thesis, build.urls[thesis.src]))
                    for thesis in build.trainers.values()]
        finals = [(topic, course_data.final_data(build, topic)) for topic in build.kb.topics]
        # неразрывные пробелы: статьи страниц, которых не было в кеше (остальные поставлены при записи, после
        # плагина search — индекс не меняется), реплики тренажёров и вопросы итогового теста; один процесс
        # Node.js на сборку, и только если есть что разбирать
        fields = [f for _, data in trainers for f in typography.text_fields(data)]
        fields += [f for _, data in finals for f in typography.text_fields(data, typography.QUIZ_FIELDS)]
        try:
            # стили Material без правил, которых нет ни на одной странице (нет Node.js или PurgeCSS — как
            # есть): новое имя файла той же длины — в ссылки страниц на месте
            renamed = assets.purge_css(site, build.css_words, build.root / CACHE_DIR / assets.PURGE_CACHE_FILE)
            build.typesetter.finish(site, fields, renamed)
        except ValueError as err:
            raise PluginError(str(err)) from None
        for thesis, data in trainers:
            course_data.write_js(site / dialogue_file(thesis.dialogue), "dialogues", data, thesis.dialogue.slug)
        for topic, final in finals:
            course_data.write_js(site / topic_file(topic), "topics", course_data.topic_data(build, topic), topic.key)
            course_data.write_js(site / topic_file(topic, "final"), "final", final, topic.key)
            course_data.write_js(site / topic_file(topic, "review"), "review", course_data.review_data(build, topic), topic.key)


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------


def _finish(build: CourseBuild, html: str, page_url: str, config: MkDocsConfig, dest: str) -> str:
    html = assets.finish_page(html, page_url, build.asset_versions, _site_path(config), build.terser,
                              build.inline_memo, build.css_words)
    return build.typesetter.page(html, dest)  # неразрывные пробелы в статье — последними, из кеша


def _site_path(config: MkDocsConfig) -> str:
    """Путь site_url («/kurs/»): от него считаются абсолютные адреса страницы 404."""
    return urlsplit(config.site_url or "/").path or "/"


# -----------------------------------------------------------------------------
# Data: один экземпляр на процесс MkDocs; его методы — события хука
# -----------------------------------------------------------------------------

HOOKS = CourseHooks()
on_config = HOOKS.on_config
on_serve = HOOKS.on_serve
on_pre_build = HOOKS.on_pre_build
on_files = HOOKS.on_files
on_nav = HOOKS.on_nav
on_page_markdown = HOOKS.on_page_markdown
on_page_content = HOOKS.on_page_content
on_page_context = CombinedEvent(HOOKS.hide_quiz, HOOKS.show_quiz)
on_env = HOOKS.on_env
on_post_page = HOOKS.on_post_page
on_post_template = HOOKS.on_post_template
on_post_build = HOOKS.on_post_build
