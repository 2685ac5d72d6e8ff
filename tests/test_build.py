"""Сборка: настоящий сайт собирается строго, каждый тезис полон; поломки останавливают сборку."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, PYTHON, ROOT, build_site, fixture_config, run_check
from test_validator import CASES

sys.path.insert(0, str(ROOT / "scripts"))
from kb import content  # noqa: E402
from kb.quizzes import parse_quiz_text, stable_id  # noqa: E402
from kb.validate import validate  # noqa: E402

THESES = sorted(
    (p for p in (content.read_page(x, ROOT) for x in content.iter_markdown(ROOT, "docs")) if p.type == "thesis"),
    key=lambda p: p.rel,
)
EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def built_path(site: Path, rel: str) -> Path:
    """docs/a/b/index.md → site/a/b/index.html; docs/a/b/c.md → site/a/b/c/index.html."""
    src = Path(rel).relative_to("docs")
    if src.name == "index.md":
        return site / src.parent / "index.html"
    return site / src.with_suffix("") / "index.html"


def test_real_content_passes_check():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout
    assert validate(ROOT) == []


def test_there_are_six_theses_in_learning_order():
    orders = [t.meta["order"] for t in sorted(THESES, key=lambda t: t.meta["order"])]
    assert len(THESES) >= 1
    assert orders == list(range(1, len(THESES) + 1))


@pytest.mark.parametrize("thesis", THESES, ids=[t.meta["id"] for t in THESES])
def test_thesis_page_has_quiz_and_materials(built_site, thesis):
    html = built_path(built_site, thesis.rel).read_text(encoding="utf-8")
    questions = parse_quiz_text((ROOT / thesis.meta["quiz"]).read_text(encoding="utf-8"))
    # каждый вопрос источника — на странице, с устойчивым id и русским интерфейсом
    assert html.count('<div class="quiz"') == len(questions) >= 8
    for q in questions:
        assert f'id="quiz-{stable_id(q.source)}"' in html
    assert "mkdocs-quiz-source" not in html, "исходник теста с ответами не должен попадать в HTML"
    assert '"Submit": "Ответить"' in html
    # список материалов из front matter: ссылка на каждый, и каждый собран
    for item in thesis.meta["materials"]:
        slug = Path(item["page"]).stem
        assert f'<a href="{slug}/">{item["title"]}</a>' in html
        material_html = built_path(built_site, str(Path(thesis.rel).parent / item["page"])).read_text(encoding="utf-8")
        assert item["title"] in material_html
        assert 'href="../">«' + thesis.meta["title"] + "»</a>" in material_html


def test_no_page_requests_another_host(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in {".html", ".css"}:
            continue
        for m in EXTERNAL.finditer(path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(built_site)}: {m.group(0)}")
    assert offenders == []


def test_fixture_tree_builds(valid_tree, tmp_path):
    result = build_site(fixture_config(valid_tree), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/razdel/tema/tezis/index.html").read_text(encoding="utf-8")
    assert html.count('<div class="quiz"') == 8


@pytest.mark.parametrize("case", ["файла материала нет", "в вопросе нет верного ответа", "нет обязательного раздела",
                                  "необъявленная страница в папке тезиса", "материал-сирота", "недописанная страница"])
def test_broken_content_stops_the_build(valid_tree, tmp_path, case):
    break_it, expected = CASES[case]
    break_it(valid_tree)
    result = build_site(fixture_config(valid_tree), tmp_path / "out")
    assert result.returncode != 0
    for line in expected:
        assert line in result.stderr
    assert not (tmp_path / "out" / "index.html").exists(), "сломанное не публикуется"


def test_hook_refuses_unknown_marker_even_without_validator(valid_tree, tmp_path, monkeypatch):
    """Страховка в самом хуке: неизвестный маркер — PluginError с именем файла."""
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    import course  # noqa: PLC0415
    from mkdocs.exceptions import PluginError

    class File:
        src_uri = src_path = "razdel/tema/tezis/index.md"

    class Page:
        file = File()

    with pytest.raises(PluginError, match=r"razdel/tema/tezis/index.md: неизвестный маркер <!-- kb:foo -->"):
        course.on_page_markdown("<!-- kb:foo -->", page=Page(), config=None, files=None)


def test_scaffold_creates_files_the_validator_refuses(valid_tree):
    result = subprocess.run([PYTHON, str(ROOT / "scripts/new_thesis.py"), "--root", str(valid_tree),
                             "--topic", "razdel/tema", "--slug", "novyi-tezis", "--title", "Новый тезис"],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "razdel/tema/novyi-tezis/index.md" in result.stdout
    check = run_check(valid_tree)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        "docs/razdel/tema/novyi-tezis/chek-list.md:7: страница не дописана (пункты чек-листа); допиши и убери пометку «НЕ ГОТОВО»",
        "docs/razdel/tema/novyi-tezis/index.md:26: страница не дописана (введение, шаги, ошибки и итог тезиса); допиши и убери пометку «НЕ ГОТОВО»",
        "docs/razdel/tema/novyi-tezis/skript.md:7: страница не дописана (текст скрипта); допиши и убери пометку «НЕ ГОТОВО»",
        "quizzes/novyi-tezis.md:1: страница не дописана (вопросы теста (не меньше 8)); допиши и убери пометку «НЕ ГОТОВО»",
    ]
    # второй раз тот же slug — отказ, ничего не перезаписано
    again = subprocess.run([PYTHON, str(ROOT / "scripts/new_thesis.py"), "--root", str(valid_tree),
                            "--topic", "razdel/tema", "--slug", "novyi-tezis", "--title", "Другой"],
                           capture_output=True, text=True, env=ENV)
    assert again.returncode == 1 and "уже существует" in again.stderr


def _nav_paths(items):
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield list(_nav_paths(value))
        else:
            yield value


@pytest.mark.parametrize("thesis", THESES, ids=[t.meta["id"] for t in THESES])
def test_nav_lists_thesis_then_materials_in_declared_order(thesis):
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    src = Path(thesis.rel).relative_to("docs").as_posix()
    folder = str(Path(src).parent)

    def find(tree):
        for node in tree:
            if isinstance(node, list):
                if node and node[0] == src:
                    return node
                found = find(node)
                if found:
                    return found
        return None

    group = find(list(_nav_paths(config.nav)))
    assert group is not None, f"тезиса {src} нет в nav"
    assert group == [src] + [f"{folder}/{m['page']}" for m in thesis.meta["materials"]]
