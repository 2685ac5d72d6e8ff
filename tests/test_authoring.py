"""Автор базы знаний: заготовка не проходит, пока её не дописали, и сама проходит `make lint`;
примеры README проходят `make lint`; на собранной странице — кто отвечает, когда проверено и
«Сообщить о неточности»; главная считает тезисы и время из базы; меню без повторов."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ENV, MKDOCS, PYTHON, ROOT, fixture_config, plain, run_check

sys.path.insert(0, str(ROOT / "scripts"))
from kb.content import UNFINISHED_RE  # noqa: E402

NEEDS_HUNSPELL = pytest.mark.skipif(shutil.which("hunspell") is None, reason="нет hunspell: make hunspell")
THESIS = "docs/razdel/tema/tezis/index.md"


def scaffold(root: Path) -> list[str]:
    """make topic (новый раздел и тема) и make thesis в ней; пути созданных файлов от корня."""
    def run(*args: str) -> None:
        result = subprocess.run([PYTHON, str(ROOT / "scripts/new_thesis.py"), *args, "--root", str(root)],
                                capture_output=True, text=True, env={**ENV, "KB_TODAY": "2026-02-01"})
        assert result.returncode == 0, result.stderr

    run("topic", "--topic", "novyi/tema", "--title", "Новая тема", "--section-title", "Новый раздел")
    run("--topic", "novyi/tema", "--slug", "novyi-tezis", "--title", "Новый тезис")
    return ["dialogues/novyi-tezis.md", "docs/novyi/index.md", "docs/novyi/tema/index.md",
            "docs/novyi/tema/novyi-tezis/chek-list.md", "docs/novyi/tema/novyi-tezis/index.md",
            "docs/novyi/tema/novyi-tezis/skript.md", "quizzes/final/novyi-tezis.md", "quizzes/novyi-tezis.md"]


def test_scaffold_text_is_refused_after_the_marks_are_removed(valid_tree):
    """Автор убрал «НЕ ГОТОВО», а текст заготовки оставил: каждый созданный файл всё равно не проходит."""
    created = scaffold(valid_tree)
    marked = run_check(valid_tree).stdout.splitlines()
    assert sorted({line.split(":")[0] for line in marked}) == sorted(created)
    assert all("страница не дописана" in line for line in marked), marked
    for rel in created:
        path = valid_tree / rel
        path.write_text(UNFINISHED_RE.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    problems = run_check(valid_tree).stdout.splitlines()
    scaffold_left = {line.split(":")[0] for line in problems if "остался текст заготовки" in line}
    assert sorted(scaffold_left) == sorted(created), problems
    assert "docs/novyi/tema/novyi-tezis/index.md:6: остался текст заготовки «Одна строка о том, чему учит тезис» " \
           "(и ещё в 23 стр.); замени его своим текстом" in problems
    assert "docs/novyi/index.md:11: остался текст заготовки «О чём раздел (1–2 абзаца)»; замени его своим текстом" in problems
    assert "quizzes/novyi-tezis.md:5: остался текст заготовки «- [x] Верный ответ» (и ещё в 47 стр.); " \
           "замени его своим текстом" in problems
    per_file = [line.split(":")[0] for line in problems if "остался текст заготовки" in line]
    assert len(per_file) == len(set(per_file))  # одно сообщение на файл, с числом остальных строк


@NEEDS_HUNSPELL
def test_scaffold_passes_lint(valid_tree):
    """Заготовка не противоречит `make lint` (точка после «ёлочек», орфография): вычитка молчит о её файлах."""
    from kb.lint import lint

    created = scaffold(valid_tree)
    (valid_tree / "scripts/kb").mkdir(parents=True)
    shutil.copy(ROOT / "scripts/kb/slovar.txt", valid_tree / "scripts/kb/slovar.txt")
    problems = [str(p) for p in lint(valid_tree) if p.path in created]
    assert problems == []


@NEEDS_HUNSPELL
def test_readme_front_matter_example_passes_lint(tmp_path):
    """Пример front matter тезиса из README, вставленный в страницу, проходит `make lint`."""
    from kb.lint import lint

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(\s*type: thesis\n.*?)```", readme, re.S).group(1)
    example = "\n".join(line[3:] if line.startswith("   ") else line for line in block.splitlines())
    page = tmp_path / "docs/x.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"---\n{example}\n---\n\nТекст.\n", encoding="utf-8")
    (tmp_path / "scripts/kb").mkdir(parents=True)
    shutil.copy(ROOT / "scripts/kb/slovar.txt", tmp_path / "scripts/kb/slovar.txt")
    assert "phrases" in example and [str(p) for p in lint(tmp_path)] == []


def build(root: Path, out: Path, today: str) -> subprocess.CompletedProcess:
    return subprocess.run([MKDOCS, "build", "--strict", "-f", str(fixture_config(root)), "-d", str(out)],
                          capture_output=True, text=True, env={**ENV, "KB_TODAY": today}, cwd=root)


@pytest.fixture(scope="module")
def review_site(tmp_path_factory):
    """Маленький сайт, собранный «сегодня» = 2026-08-01: тезис (срок 180) просрочен, руководство (свой срок) — нет."""
    root = tmp_path_factory.mktemp("kb") / "kb"
    shutil.copytree(ROOT / "tests/fixtures/valid", root)
    guide = root / "docs/razdel/tema/tezis/rukovodstvo.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("reviewed: 2026-01-15\n",
                                                               "reviewed: 2026-01-15\nreview_every: 365\n"),
                     encoding="utf-8")
    # раздел о маркерах для авторов: в коде маркер — пример, сборка его не трогает
    guide.write_text(guide.read_text(encoding="utf-8") + "\nМаркер материалов: `<!-- kb:materials -->`.\n\n"
                     "```markdown\n<!-- kb:quiz -->\n```\n", encoding="utf-8")
    (root / "docs/index.md").write_text("---\ntype: home\n---\n\n# Главная\n\n<!-- kb:course-summary -->\n\n"
                                        "[Тезис](razdel/tema/tezis/index.md)\n", encoding="utf-8")
    out = root.parent / "out"
    result = build(root, out, "2026-08-01")
    assert result.returncode == 0, result.stderr
    return out


def _review_block(html: str) -> str:
    start = html.index('<p class="kb-review')
    return html[start:html.index("</p>", start) + 4]


def test_thesis_page_shows_stamp_overdue_note_and_report_link(review_site):
    html = plain((review_site / "razdel/tema/tezis/index.html").read_text(encoding="utf-8"))
    block = _review_block(html)
    assert 'Проверено <time datetime="2026-01-15">15.01.2026</time> · ответственный: Методист курса' in block
    assert html.index("</h1>") < html.index('<p class="kb-review')  # под заголовком
    href = re.search(r'<a class="kb-review__report" href="([^"]+)">Сообщить о неточности</a>', block).group(1)
    assert href.startswith("mailto:kb@example.ru?")
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == ["Неточность: Тестовый тезис"]
    assert query["body"] == ["Страница: /razdel/tema/tezis/"]
    assert "Давно не проверялось." in html
    assert "Последняя проверка — 198 дней назад, а проверять эту страницу нужно раз в 180 дней" in html
    # всё это — не для поиска
    index = json.loads((review_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not any("Сообщить о неточности" in d["text"] or "Давно не проверялось" in d["text"] for d in index["docs"])


def test_material_with_own_interval_is_not_overdue(review_site):
    html = plain((review_site / "razdel/tema/tezis/rukovodstvo/index.html").read_text(encoding="utf-8"))
    assert "Проверено <time" in _review_block(html)
    assert "Давно не проверялось" not in html
    # маркеры в коде остались текстом
    assert "<code>&lt;!-- kb:materials --&gt;</code>" in html
    assert "&lt;!-- kb:quiz --&gt;" in html and "quiz-intro" not in html


def test_every_page_has_report_link(review_site):
    for page in ("index.html", "razdel/index.html", "razdel/tema/index.html", "razdel/tema/shpargalka/index.html"):
        html = plain((review_site / page).read_text(encoding="utf-8"))
        assert "Сообщить о неточности</a>" in html, page
        assert "Проверено <time" not in html, page  # отметка — только у тезисов, материалов и справки


def test_home_counts_come_from_the_knowledge_base(review_site):
    html = plain((review_site / "index.html").read_text(encoding="utf-8"))
    assert "<p>Один тезис по порядку: у каждого шаги с примерами" in html
    assert "потом тест. Около 10 минут; прогресс сохраняется в браузере.</p>" in html


def test_thesis_updated_date_in_course_data(review_site):
    data = (review_site / "assets/kb/topic-razdel--tema.js").read_text(encoding="utf-8")
    payload = json.loads(data[data.index("=", data.index("[")) + 1: data.rindex(";})")])
    assert [t["updated"] for t in payload["theses"]] == ["2026-01-15"]


def test_build_refuses_page_twice_in_nav(valid_tree, tmp_path):
    """Хук останавливает сборку, если страницу вписали в nav рядом с «<!-- kb:sections -->»."""
    config = fixture_config(valid_tree)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('  - "<!-- kb:sections -->"\n',
                                   '  - "<!-- kb:sections -->"\n  - Тезис: razdel/tema/tezis/index.md\n'),
                      encoding="utf-8")
    result = subprocess.run([MKDOCS, "build", "--strict", "-f", str(config), "-d", str(tmp_path / "out")],
                            capture_output=True, text=True, env=ENV, cwd=valid_tree)
    assert result.returncode == 1
    line = text.split("\n").index('  - "<!-- kb:sections -->"') + 2
    assert (f"mkdocs.yml:{line}: страница razdel/tema/tezis/index.md стоит в nav руками, а в меню её и так ставит "
            "строка «<!-- kb:sections -->» (по папкам); убери её из nav, иначе она в меню дважды") in result.stderr


def test_real_home_page_counts(built_site):
    """На настоящей главной — шесть тезисов курса и около трёх часов (165 минут), как раньше писали руками."""
    html = plain((built_site / "index.html").read_text(encoding="utf-8"))
    assert "<p>Шесть тезисов по порядку:" in html and "Около трёх часов; прогресс сохраняется в браузере.</p>" in html
