"""Хуки MkDocs курса. Каждая функция сразу выходит, если страница или маркер не её.

* on_config — регистрирует блок ```script (шаблоны скриптов с подстановками);
* on_pre_build — проверка содержания (kb.validate): нарушение останавливает сборку;
* on_page_markdown (раньше mkdocs-quiz) — разворачивает маркеры <!-- kb:… -->
  на странице тезиса: список материалов и тест из quizzes/;
* on_page_content (после mkdocs-quiz) — устойчивые id вопросов теста и пунктов
  чек-листов (по их тексту, а не по номеру), метка страницы тезиса;
* on_post_build — фразы search_keywords в поисковый индекс (kb.search_keywords)
  и assets/javascripts/course-data.js: тезисы, их тесты и чек-листы
  для «Моего прогресса», отметок в навигации и «Итогового теста» (скрипт, а не
  JSON, чтобы работало и в копии сайта, открытой с диска через file://).

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
from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url
from mkdocs_quiz.plugin import MkDocsQuizPlugin

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from kb import content, search_keywords  # noqa: E402
from kb.fences import format_script  # noqa: E402
from kb.quizzes import parse_quiz_text, stable_id  # noqa: E402
from kb.validate import validate  # noqa: E402

_theses: dict[str, content.Page] = {}  # src_uri страницы тезиса → страница (в порядке изучения)
_materials: dict[str, list[tuple[dict, str]]] = {}  # src_uri тезиса → (запись materials, src_uri материала)
_material_owner: dict[str, str] = {}  # src_uri материала → src_uri тезиса
COURSE_DATA = "assets/javascripts/course-data.js"
PASS_MARK = 0.8  # тест тезиса и итоговый тест сданы при 80% верных
FINAL_PER_THESIS = 3  # вопросов из каждого тезиса в итоговом тесте
FINAL_TEST_PAGE = "itogovyi-test.md"
PRINT_COMPACT = {"situation", "cheatsheet"}  # печатаются плотно: одна-две страницы A4
_checklists: dict[str, list[str]] = {}  # src_uri страницы → id пунктов чек-листа
_urls: dict[str, str] = {}  # src_uri → url страницы
_glossary: list[dict] = []  # docs/includes/glossary.yml
_search_keywords: dict[str, list[str]] = {}  # url страницы → фразы search_keywords
_quiz_text: dict[str, str] = {}  # src_uri тезиса → исходник его теста
_questions: dict[str, list] = {}  # src_uri тезиса → вопросы его теста (kb.quizzes)


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    custom = superfences.setdefault("custom_fences", [])
    if not any(f.get("name") == "script" for f in custom):
        custom.append({"name": "script", "class": "kb-script", "format": format_script})
    return config


def on_serve(server, config, builder):
    server.watch(str(_root(config) / content.QUIZZES_DIR))
    server.watch(str(_root(config) / "scripts" / "kb"))
    return server


def on_pre_build(config):
    root = _root(config)
    problems = validate(root)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise PluginError(
            f"Проверка содержания не пройдена ({len(problems)}):\n{lines}\n"
            "Исправь перечисленное и запусти сборку снова (или make check)."
        )
    _theses.clear()
    _materials.clear()
    _material_owner.clear()
    _checklists.clear()
    _urls.clear()
    _search_keywords.clear()
    _quiz_text.clear()
    _questions.clear()
    _glossary[:] = content.load_glossary(root)
    docs = (root / content.DOCS_DIR).resolve()
    pages = [content.read_page(path, root) for path in content.iter_markdown(root, content.DOCS_DIR)]
    for page in sorted((p for p in pages if p.type == "thesis"), key=lambda p: p.meta["order"]):
        src = page.path.resolve().relative_to(docs).as_posix()
        _theses[src] = page
        _quiz_text[src] = (root / page.meta["quiz"]).read_text(encoding="utf-8")
        _questions[src] = parse_quiz_text(_quiz_text[src])
        _materials[src] = [
            (item, (page.path.parent / item["page"]).resolve().relative_to(docs).as_posix())
            for item in page.meta["materials"]
        ]
        for _, material_src in _materials[src]:
            _material_owner[material_src] = src


def _render(config, template: str, **context) -> str:
    env = config.theme.get_env()
    return env.get_template(template).render(config=config, **context)


@event_priority(100)  # раньше mkdocs-quiz: он должен увидеть вставленные <quiz>
def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if src in _material_owner:
        markdown = _material_header(page, config, files) + markdown
    if _glossary:
        markdown += "\n\n" + _abbreviations()
    found = [m.group(1) for m in content.MARKER_RE.finditer(markdown)]
    for name in dict.fromkeys(found):
        need = content.MARKERS.get(name)
        if need is None:
            raise PluginError(
                f"{page.file.src_path}: неизвестный маркер <!-- kb:{name} -->; "
                f"допустимы: {', '.join('kb:' + m for m in content.MARKERS)}"
            )
        if page.meta.get("type") != need:
            raise PluginError(f"{page.file.src_path}: маркер <!-- kb:{name} --> работает только на странице с type: {need}")
        markdown = markdown.replace(f"<!-- kb:{name} -->", _MARKER_HANDLERS[name](page, config, files))
    return markdown


def _quiz_markdown(page, config, files) -> str:
    return "<!-- mkdocs-quiz intro -->\n\n" + _quiz_text[page.file.src_uri].strip() + "\n"


def _relative_md(src: str, page) -> str:
    """Ссылка на исходник src (.md) от страницы page — MkDocs сам проверит и переведёт её."""
    return posixpath.relpath(src, posixpath.dirname(page.file.src_uri))


def _thesis_context(page):
    """Тезисы в порядке изучения — для страниц темы и шпаргалки."""
    result = []
    for src, thesis in _theses.items():
        meta = thesis.meta
        _, sections = content.outline(thesis)
        steps = next((sec for sec in sections if sec.title.startswith("Как ")), None)
        mistakes = next((sec for sec in sections if sec.title == "Ошибки, которых стоит избегать"), None)
        kinds = Counter(content.KINDS[item["kind"]] for item in meta["materials"])
        result.append({
            "meta": meta,
            "link": _relative_md(src, page),
            "questions": len(_questions[src]),
            "kinds": kinds,
            "steps_title": steps.title if steps else "",
            "steps": [content.step_title(t) for _, t in (steps.subsections if steps else [])],
            "mistakes": [content.step_title(t) for _, t in (mistakes.subsections if mistakes else [])],
            "materials": [{**item, "link": _relative_md(msrc, page)} for item, msrc in _materials[src]],
        })
    return result


def _theses_markdown(page, config, files) -> str:
    return _render(config, "partials/kb-theses.md.html", theses=_thesis_context(page))


def _cheatsheet_markdown(page, config, files) -> str:
    return _render(config, "partials/kb-cheatsheet.md.html", theses=_thesis_context(page))


def _glossary_markdown(page, config, files) -> str:
    return _render(config, "partials/kb-glossary.md.html", entries=_glossary)


def _abbreviations() -> str:
    """Определения abbr для каждой формы термина: подсказка при наведении на всех страницах."""
    lines = []
    for entry in _glossary:
        definition = entry["definition"].replace("\n", " ")
        for form in entry["forms"]:
            lines.append(f"*[{form}]: {definition}")
    return "\n".join(lines) + "\n"


def _material_links(page, files):
    for item, src in _materials[page.file.src_uri]:
        file = files.get_file_from_path(src)
        if file is None:
            raise PluginError(f"{page.file.src_path}: материал {item['page']} не попал в сборку")
        yield {
            "title": item["title"],
            "kind": item["kind"],
            "kind_label": content.KINDS[item["kind"]],
            "url": get_relative_url(file.url, page.url),
        }


def _materials_html(page, config, files) -> str:
    return _render(config, "partials/kb-materials.html", materials=list(_material_links(page, files)))


_MARKER_HANDLERS = {
    "materials": _materials_html,
    "quiz": _quiz_markdown,
    "theses": _theses_markdown,
    "cheatsheet": _cheatsheet_markdown,
    "glossary": _glossary_markdown,
}


def _material_header(page, config, files) -> str:
    thesis_src = _material_owner[page.file.src_uri]
    thesis = _theses[thesis_src]
    item = next(i for i, src in _materials[thesis_src] if src == page.file.src_uri)
    thesis_file = files.get_file_from_path(thesis_src)
    return _render(
        config,
        "partials/kb-material-header.html",
        thesis_title=thesis.meta["title"],
        thesis_url=get_relative_url(thesis_file.url, page.url),
        kind=item["kind"],
        kind_label=content.KINDS[item["kind"]],
    ) + "\n\n"


_QUIZ_SOURCE_RE = re.compile(
    r"<!-- mkdocs-quiz-source\n(?P<source>.*?)\n-->\n\s*(?P<div><div class=\"quiz\"[^>]*id=\"quiz-(?P<n>\d+)\")",
    re.S,
)


def on_page_content(html, page, config, files):
    _urls[page.file.src_uri] = page.url
    try:
        words = search_keywords.from_meta(page.meta)
    except ValueError as err:
        raise PluginError(f"{page.file.src_path}: {err}") from None
    if words:
        _search_keywords[page.url] = words
    html = _stable_quiz_ids(html, page)
    html = _checklist_item_ids(html, page)
    if page.file.src_uri in _theses:
        thesis = _theses[page.file.src_uri]
        html += _render(config, "partials/kb-thesis-mark.html", thesis=thesis.meta)
    if page.meta.get("type") in PRINT_COMPACT:
        html += '<span hidden class="kb-print-compact"></span>'
    return html


def _stable_quiz_ids(html, page):
    """Номер вопроса в id (quiz-3) меняется, если автор вставил вопрос выше.

    mkdocs-quiz хранит ответы ученика по id вопроса, поэтому меняем номер на
    хеш формулировки (kb.quizzes.stable_id): ответ остаётся при своём вопросе.
    Исходник теста из HTML-комментария после этого убираем.
    """
    if "mkdocs-quiz-source" not in html:
        return html
    renames: dict[str, str] = {}
    for m in _QUIZ_SOURCE_RE.finditer(html):
        sid = stable_id(m.group("source"))
        if sid in renames.values():
            raise PluginError(f"{page.file.src_path}: в тесте два одинаковых вопроса; удали повтор")
        renames[m.group("n")] = sid
    html = _QUIZ_SOURCE_RE.sub(lambda m: m.group("div"), html)
    return re.sub(
        r'(["#])quiz-(\d+)(?=["-])',
        lambda m: f"{m.group(1)}quiz-{renames.get(m.group(2), m.group(2))}",
        html,
    )


_TASK_ITEM_RE = re.compile(r'<li class="task-list-item">(?P<body>.*?)</li>', re.S)


def item_id(text: str) -> str:
    """Id пункта чек-листа — хеш его текста: вставка или перестановка пунктов не сдвигает отметки."""
    plain = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).split()).lower()
    return "c" + hashlib.sha1(plain.encode("utf-8")).hexdigest()[:10]


def _checklist_item_ids(html, page):
    if "task-list-item" not in html:
        return html
    ids: list[str] = []

    def mark(m):
        base = item_id(m.group("body"))
        cid, n = base, 1
        while cid in ids:  # одинаковые пункты на странице различаем по порядку повтора
            n += 1
            cid = f"{base}-{n}"
        ids.append(cid)
        return f'<li class="task-list-item" data-kb-item="{cid}">{m.group("body")}</li>'

    html = _TASK_ITEM_RE.sub(mark, html)
    _checklists[page.file.src_uri] = ids
    return html


def on_post_build(config):
    """Фразы search_keywords — в поисковый индекс; course-data.js — структура курса для модулей."""
    search_keywords.apply(Path(config.site_dir), _search_keywords)
    if not _theses:
        return
    theses = []
    for src, thesis in _theses.items():
        meta = thesis.meta
        questions = _questions[src]
        checklists = []
        for item, msrc in _materials[src]:
            if item["kind"] == "checklist" and _checklists.get(msrc):
                checklists.append({"title": item["title"], "url": _urls[msrc], "items": _checklists[msrc]})
        theses.append({
            "id": meta["id"],
            "title": meta["title"],
            "summary": meta["summary"],
            "order": meta["order"],
            "duration": meta["duration"],
            "url": _urls[src],
            "quiz": [
                {
                    "id": "quiz-" + q.stable_id,
                    "html": _md(q.text),
                    "multiple": q.multiple,
                    "answers": [
                        {"html": _md(a.text, inline=True), "correct": a.correct,
                         "feedback": _md(a.feedback, inline=True)}
                        for a in q.answers
                    ],
                }
                for q in questions if not q.fill_blank and not q.error
            ],
            "checklists": checklists,
        })
    out = Path(config.site_dir) / COURSE_DATA
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "pass_mark": PASS_MARK, "final_per_thesis": FINAL_PER_THESIS,
            "final_url": _urls.get(FINAL_TEST_PAGE), "theses": theses}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    out.write_text(f"window.KB_COURSE = {payload};\n", encoding="utf-8")


def _md(text: str, inline: bool = False) -> str:
    """Текст вопроса или ответа в HTML; inline — без обёртки <p>, как делает mkdocs-quiz."""
    converted = markdown.markdown(text, extensions=["abbr", "attr_list", "md_in_html"])
    return MkDocsQuizPlugin._strip_paragraph_wrapper(converted) if inline else converted
