"""Хуки MkDocs курса. Каждая функция сразу выходит, если страница или маркер не её.

* on_config — регистрирует блок ```script (шаблоны скриптов с подстановками);
* on_pre_build — проверка содержания (kb.validate): нарушение останавливает сборку;
* on_page_markdown (раньше mkdocs-quiz) — разворачивает маркеры <!-- kb:… -->
  на странице тезиса: список материалов и тест из quizzes/;
* on_page_content (после mkdocs-quiz) — устойчивые id вопросов теста.

HTML — в шаблонах overrides/partials/kb-*.html.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from kb import content  # noqa: E402
from kb.fences import format_script  # noqa: E402
from kb.quizzes import stable_id  # noqa: E402
from kb.validate import validate  # noqa: E402

_theses: dict[str, content.Page] = {}  # src_uri страницы тезиса → страница
_material_owner: dict[str, str] = {}  # src_uri материала → src_uri тезиса


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
    _material_owner.clear()
    docs = root / content.DOCS_DIR
    for path in content.iter_markdown(root, content.DOCS_DIR):
        page = content.read_page(path, root)
        if page.type != "thesis":
            continue
        src = path.relative_to(docs).as_posix()
        _theses[src] = page
        for item in page.meta["materials"]:
            target = (path.parent / item["page"]).resolve().relative_to(docs).as_posix()
            _material_owner[target] = src


def _render(config, template: str, **context) -> str:
    env = config.theme.get_env()
    return env.get_template(template).render(config=config, **context)


@event_priority(100)  # раньше mkdocs-quiz: он должен увидеть вставленные <quiz>
def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if src in _material_owner:
        markdown = _material_header(page, config, files) + markdown
    found = {m.group(1) for m in content.MARKER_RE.finditer(markdown)}
    if not found:
        return markdown
    unknown = found - set(content.MARKERS)
    if unknown:
        raise PluginError(
            f"{page.file.src_path}: неизвестный маркер <!-- kb:{sorted(unknown)[0]} -->; "
            f"допустимы: {', '.join('kb:' + m for m in content.MARKERS)}"
        )
    thesis = _theses.get(src)
    if thesis is None:
        raise PluginError(
            f"{page.file.src_path}: маркеры <!-- kb:… --> работают только на странице тезиса (type: thesis)"
        )
    if "materials" in found:
        markdown = markdown.replace(content.MATERIALS_MARKER, _materials_html(thesis, page, config, files))
    if "quiz" in found:
        quiz_text = (_root(config) / thesis.meta["quiz"]).read_text(encoding="utf-8")
        markdown = markdown.replace(content.QUIZ_MARKER, "<!-- mkdocs-quiz intro -->\n\n" + quiz_text.strip() + "\n")
    return markdown


def _material_links(thesis: content.Page, page, config, files):
    docs = Path(config.docs_dir).resolve()
    for item in thesis.meta["materials"]:
        src = (thesis.path.parent / item["page"]).resolve().relative_to(docs).as_posix()
        file = files.get_file_from_path(src)
        if file is None:
            raise PluginError(f"{thesis.rel}: материал {item['page']} не попал в сборку")
        yield {
            "title": item["title"],
            "kind": item["kind"],
            "kind_label": content.KINDS[item["kind"]],
            "url": get_relative_url(file.url, page.url),
        }


def _materials_html(thesis, page, config, files) -> str:
    return _render(config, "partials/kb-materials.html", materials=list(_material_links(thesis, page, config, files)))


def _material_header(page, config, files) -> str:
    thesis_src = _material_owner[page.file.src_uri]
    thesis = _theses[thesis_src]
    item = next(
        i for i in thesis.meta["materials"]
        if (thesis.path.parent / i["page"]).resolve() == Path(page.file.abs_src_path).resolve()
    )
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
