"""Сборка: настоящий сайт собирается строго, каждый тезис полон; поломки останавливают сборку."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, PYTHON, ROOT, Elements, build_site, fixture_config, plain, run_check
from test_validator import CASES

sys.path.insert(0, str(ROOT / "scripts"))
from kb import content, model  # noqa: E402
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


def _final_js(site: Path) -> dict:
    """window.KB_DATA.final из всех assets/kb/final-*.js собранного сайта: тема → id тезиса → вопросы."""
    import json

    data: dict = {}
    for path in sorted((site / "assets/kb").glob("final-*.js")):
        m = re.fullmatch(r'\(function\(d\)\{\(d\.final=d\.final\|\|\{\}\)\[("[^"]+")\]=(.*);\}\)\(window\.KB_DATA=window\.KB_DATA\|\|\{\}\);\n',
                         path.read_text(encoding="utf-8"), re.S)
        assert m, path
        data[json.loads(m.group(1))] = json.loads(m.group(2).replace("<\\/", "</"))
    return data


def test_final_test_draws_only_from_its_own_pool(built_site):
    """Итоговый тест берёт вопросы из quizzes/final/, а не из тестов тезисов; на сайте их больше нигде нет."""
    kb = model.load(ROOT)
    final = _final_js(built_site)
    assert set(final) == {t.key for t in kb.topics}
    import html as html_lib
    import json

    from kb import search_index

    search = " ".join(" ".join(f"{d['title']} {d['text']}".split())
                      for d in json.loads((built_site / search_index.FULL_INDEX).read_text(encoding="utf-8"))["docs"])
    site_html = " ".join(" ".join(html_lib.unescape(p.read_text(encoding="utf-8")).split())
                         for p in built_site.rglob("*.html"))
    assert not list(built_site.rglob("quizzes")), "папка вопросов попала на сайт"
    for topic in kb.topics:
        assert set(final[topic.key]) == {th.id for th in topic.theses}
        for thesis in topic.theses:
            pool = [q for q in thesis.final_questions if not q.fill_blank]
            assert len(pool) >= 6
            data = final[topic.key][thesis.id]
            assert [q["id"] for q in data] == ["quiz-" + q.stable_id for q in pool]
            assert not {q["id"] for q in data} & {"quiz-" + q.stable_id for q in thesis.questions}
            for item, q in zip(data, pool):  # та же форма данных, что читает final-test.js
                assert set(item) == {"id", "html", "multiple", "answers"} and item["multiple"] == q.multiple
                assert [a["id"] for a in item["answers"]] == q.answer_ids
                assert [a["correct"] for a in item["answers"]] == [a.correct for a in q.answers]
                assert all(set(a) == {"id", "html", "correct", "feedback"} and a["feedback"] for a in item["answers"])
            # проверка ниже видит текст, когда он есть: вопрос теста тезиса — на странице, тезис — в поиске
            assert " ".join(thesis.questions[0].text.split())[:60] in site_html and thesis.title in search
            for q in pool:  # ни на одной странице сайта (в том числе тезиса), ни в поиске
                words = " ".join(q.text.split())[:60]
                assert words not in site_html and words not in search, words


def test_real_content_passes_check():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout
    assert validate(ROOT) == []


def test_there_are_six_theses_in_learning_order():
    orders = [t.meta["order"] for t in sorted(THESES, key=lambda t: t.meta["order"])]
    assert len(THESES) >= 6
    assert orders == list(range(1, len(THESES) + 1))


def test_nav_lists_thesis_then_materials_in_declared_order():
    """Меню из папок: тезис, затем его материалы в порядке поля materials, затем тренажёр разговора
    (если тезис объявил диалог); затем справка темы."""
    kb = model.load(ROOT)
    topic_nav = kb.nav()[0]["Коммуникация и PR"][1]["Коммуникация с клиентами и партнёрами"]
    for thesis in kb.theses:
        group = next(item[thesis.title] for item in topic_nav if isinstance(item, dict) and thesis.title in item)
        trainer = [thesis.dialogue_src] if thesis.dialogue is not None else []
        assert group == [thesis.src] + [m.src for m in thesis.materials] + trainer


@pytest.mark.parametrize("thesis", THESES, ids=[t.meta["id"] for t in THESES])
def test_thesis_page_has_quiz_and_materials(built_site, thesis):
    html = plain(built_path(built_site, thesis.rel).read_text(encoding="utf-8"))
    questions = parse_quiz_text((ROOT / thesis.meta["quiz"]).read_text(encoding="utf-8"))
    # каждый вопрос источника — на странице, с устойчивым id и русским интерфейсом
    page = Elements(html)
    assert len(page.find("div", class_="quiz")) == len(questions) >= 8
    for q in questions:
        assert f"quiz-{stable_id(q.source)}" in page.ids()
    assert "mkdocs-quiz-source" not in html, "исходник теста с ответами не должен попадать в HTML"
    assert "kb:quiz-" not in html, "тест вернулся на страницу после плагина search целиком, без меток"
    assert re.search(r'"?Submit"?\s*:\s*["`]Ответить["`]', html)  # перевод интерфейса (встроенный скрипт сжат)
    # список материалов из front matter: ссылка на каждый, и каждый собран
    for item in thesis.meta["materials"]:
        slug = Path(item["page"]).stem
        assert (f"{slug}/", item["title"]) in page.links()
        material_html = plain(built_path(built_site, str(Path(thesis.rel).parent / item["page"])).read_text(encoding="utf-8"))
        assert item["title"] in material_html
        assert ("../", "«" + thesis.meta["title"] + "»") in Elements(material_html).links()


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
    assert len(Elements(html).find("div", class_="quiz")) == 8


@pytest.mark.parametrize("case", ["файла материала нет", "вопрос не закрыт", "тег script", "файл не в UTF-8"])
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
    title = "Звонок: #1 «важный»"  # двоеточие и решётка ломали YAML
    result = subprocess.run([PYTHON, str(ROOT / "scripts/new_thesis.py"), "--root", str(valid_tree),
                             "--topic", "razdel/tema", "--slug", "novyi-tezis", "--title", title],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "razdel/tema/novyi-tezis/index.md" in result.stdout
    assert "nav" not in result.stdout  # править mkdocs.yml не нужно
    page = content.read_page(valid_tree / "docs/razdel/tema/novyi-tezis/index.md", valid_tree)
    assert page.meta["title"] == title and page.meta["order"] == 2
    check = run_check(valid_tree)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        "dialogues/novyi-tezis.md:14: страница не дописана (клиент, ситуация, реплики, пояснения и концовки диалога); "
        "допиши и убери пометку «НЕ ГОТОВО»",
        "docs/razdel/tema/novyi-tezis/chek-list.md:9: страница не дописана (пункты чек-листа); допиши и убери пометку «НЕ ГОТОВО»",
        "docs/razdel/tema/novyi-tezis/index.md:27: страница не дописана (введение, шаги, ошибки и итог тезиса); допиши и убери пометку «НЕ ГОТОВО»",
        "docs/razdel/tema/novyi-tezis/skript.md:9: страница не дописана (текст скрипта); допиши и убери пометку «НЕ ГОТОВО»",
        "quizzes/final/novyi-tezis.md:1: страница не дописана (вопросы итогового теста (не меньше 6, не те, что в тесте "
        "тезиса)); допиши и убери пометку «НЕ ГОТОВО»",
        "quizzes/novyi-tezis.md:1: страница не дописана (вопросы теста (не меньше 8)); допиши и убери пометку «НЕ ГОТОВО»",
    ]
    # второй раз тот же slug — отказ, ничего не перезаписано
    again = subprocess.run([PYTHON, str(ROOT / "scripts/new_thesis.py"), "--root", str(valid_tree),
                            "--topic", "razdel/tema", "--slug", "novyi-tezis", "--title", "Другой"],
                           capture_output=True, text=True, env=ENV)
    assert again.returncode == 1 and "уже существует" in again.stderr


@pytest.mark.parametrize("topic", ["../../..", "/etc", "razdel/../../..", "Раздел/тема"])
def test_scaffold_refuses_paths_outside_docs(valid_tree, topic):
    before = sorted(p for p in valid_tree.parent.rglob("*"))
    result = subprocess.run([PYTHON, str(ROOT / "scripts/new_thesis.py"), "--root", str(valid_tree),
                             "--topic", topic, "--slug", "x", "--title", "Икс"], capture_output=True, text=True, env=ENV)
    assert result.returncode == 2
    assert "недопустим" in result.stderr or "за пределы docs/" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p for p in valid_tree.parent.rglob("*")) == before


def test_make_topic_then_thesis_builds_without_nav_edit(valid_tree, tmp_path):
    """Новая тема в новом разделе и тезис в ней попадают в меню без правки mkdocs.yml."""
    cfg = fixture_config(valid_tree)
    nav_before = cfg.read_text(encoding="utf-8")
    run = lambda *args: subprocess.run([PYTHON, str(ROOT / "scripts/new_thesis.py"), *args, "--root", str(valid_tree)],
                                       capture_output=True, text=True, env=ENV)
    created = run("topic", "--topic", "razdel-2/tema-2", "--title", "Вторая тема", "--section-title", "Второй раздел")
    assert created.returncode == 0, created.stderr
    assert run("--topic", "razdel-2/tema-2", "--slug", "tezis-b", "--title", "Тезис Б").returncode == 0
    # дописываем страницы раздела и темы: без пометки «НЕ ГОТОВО» и текста заготовки
    for index in ("docs/razdel-2/index.md", "docs/razdel-2/tema-2/index.md"):
        path = valid_tree / index
        text = re.sub(r"<!-- НЕ ГОТОВО: .*? -->\n\n", "", path.read_text(encoding="utf-8"))
        path.write_text(re.sub(r"О чём .*?\(1–2 абзаца\)\.", "Вводный абзац.", text), encoding="utf-8")
    # дописываем заготовку: копия готового тезиса под новым id
    for name in ("index.md", "chek-list.md", "skript.md", "rukovodstvo.md"):
        shutil.copy(valid_tree / "docs/razdel/tema/tezis" / name, valid_tree / "docs/razdel-2/tema-2/tezis-b" / name)
    shutil.copy(valid_tree / "quizzes/tezis.md", valid_tree / "quizzes/tezis-b.md")
    (valid_tree / "dialogues/tezis-b.md").unlink()  # готовый тезис — без тренажёра разговора
    shutil.copy(valid_tree / "quizzes/final/tezis.md", valid_tree / "quizzes/final/tezis-b.md")
    index = valid_tree / "docs/razdel-2/tema-2/tezis-b/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("id: tezis", "id: tezis-b")
                     .replace("title: Тестовый тезис", "title: Тезис Б").replace("quizzes/tezis.md", "quizzes/tezis-b.md"),
                     encoding="utf-8")
    result = build_site(cfg, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert cfg.read_text(encoding="utf-8") == nav_before
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert home.index("Раздел") < home.index("Второй раздел")  # order раздела 2 — после первого
    thesis = (tmp_path / "out/razdel-2/tema-2/tezis-b/index.html").read_text(encoding="utf-8")
    assert "chek-list/" in [href for href, _ in Elements(thesis).links()]


def test_new_thesis_appears_in_nav_in_its_order(valid_tree, tmp_path):
    """Папка тезиса с order 0 встаёт в меню перед тезисом с order 1 — без правки mkdocs.yml."""
    shutil.copytree(valid_tree / "docs/razdel/tema/tezis", valid_tree / "docs/razdel/tema/ranshe")
    shutil.copy(valid_tree / "quizzes/tezis.md", valid_tree / "quizzes/ranshe.md")
    shutil.copy(valid_tree / "quizzes/final/tezis.md", valid_tree / "quizzes/final/ranshe.md")
    index = valid_tree / "docs/razdel/tema/ranshe/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("id: tezis", "id: ranshe").replace("order: 1", "order: 2")
                     .replace("title: Тестовый тезис", "title: Второй тезис").replace("quizzes/tezis.md", "quizzes/ranshe.md"),
                     encoding="utf-8")
    first = valid_tree / "docs/razdel/tema/tezis/index.md"
    first.write_text(first.read_text(encoding="utf-8").replace("order: 1", "order: 3"), encoding="utf-8")
    result = build_site(fixture_config(valid_tree), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/razdel/tema/index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    assert nav.index("Второй тезис") < nav.index("Тестовый тезис")
    # на странице темы — тот же порядок
    article = html[html.index("<article"):]
    assert article.index("Второй тезис") < article.index("Тестовый тезис")


def test_failed_build_keeps_last_good_site(valid_tree):
    """make build: сломанное не публикуется, прежний site/ остаётся целым."""
    cfg = fixture_config(valid_tree)
    target = valid_tree / "site"
    publish = [PYTHON, str(ROOT / "scripts/publish.py"), str(target)]
    sys.path.insert(0, str(ROOT / "scripts"))
    import publish as publish_module  # noqa: PLC0415

    assert publish_module.publish(target, cfg) == 0
    good = (target / "razdel/tema/tezis/index.html").read_text(encoding="utf-8")
    thesis = valid_tree / "docs/razdel/tema/tezis/index.md"
    thesis.write_text(thesis.read_text(encoding="utf-8").replace("Введение к тезису.", "Введение. [Битая](net.md)"),
                      encoding="utf-8")
    assert publish_module.publish(target, cfg) == 1
    assert (target / "razdel/tema/tezis/index.html").read_text(encoding="utf-8") == good
    assert not list(valid_tree.glob(".site.new-*")), "временная папка убрана"
    assert publish  # точка входа та же: make build вызывает scripts/publish.py


def test_check_reports_what_strict_build_refuses(valid_tree):
    """make check говорит о битой ссылке, якоре и странице вне меню — как строгая сборка, но с путём и строкой."""
    fixture_config(valid_tree)
    thesis = valid_tree / "docs/razdel/tema/tezis/index.md"
    thesis.write_text(thesis.read_text(encoding="utf-8").replace(
        "Введение к тезису.", "Введение к тезису: [нет](nety.md), [якорь](chek-list.md#nety), ![схема](img/x.png)."),
        encoding="utf-8")
    (valid_tree / "docs/lishnyaya.md").write_text("# Лишняя\n\nТекст.\n", encoding="utf-8")
    result = run_check(valid_tree)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/lishnyaya.md:1: страница не попала в навигацию: положи её в папку раздела, темы или тезиса (меню строится "
        "по папкам) или добавь в nav в mkdocs.yml",
        "docs/razdel/tema/tezis/index.md:25: картинки «img/x.png» нет среди файлов сайта; положи её в docs/ или поправь путь",
        "docs/razdel/tema/tezis/index.md:25: ссылка «chek-list.md#nety» ведёт на раздел #nety, которого на той странице "
        "нет; поправь якорь после #",
        "docs/razdel/tema/tezis/index.md:25: ссылка «nety.md» ведёт на страницу, которой нет; поправь путь "
        "(относительно этой страницы, с .md)",
    ]


@pytest.mark.parametrize("pool, pattern", [("тесты тезисов", "*.md"), ("итоговый тест", "final/*.md")])
def test_guessing_without_reading_scores_about_chance(pool, pattern):
    """Кто выбирает вариант по виду, а не по смыслу, набирает около случайного, а не проходной балл.

    Стратегии: самый длинный вариант; всегда «Б»; «обходи абсолюты (всё, всегда, только…), из
    оставшихся — самый длинный». Отдельно для тестов тезисов и для вопросов итогового теста.
    """
    from kb.validate import has_absolute

    single = [q for path in sorted((ROOT / "quizzes").glob(pattern))
              for q in parse_quiz_text(path.read_text(encoding="utf-8"))
              if not q.fill_blank and not q.error and sum(a.correct for a in q.answers) == 1]
    assert len(single) >= 36
    chance = sum(1 / len(q.answers) for q in single) / len(single)

    def avoid_absolutes(q):
        plain = [a for a in q.answers if not has_absolute(a.text)] or q.answers
        return max(plain, key=lambda a: len(a.text))

    scores = {
        "самый длинный": sum(max(q.answers, key=lambda a: len(a.text)).correct for q in single) / len(single),
        "всегда «Б»": sum(q.answers[1].correct for q in single) / len(single),
        "без абсолютов, затем самый длинный": sum(avoid_absolutes(q).correct for q in single) / len(single),
    }
    for name, score in scores.items():
        assert score <= 0.40, f"{pool}: стратегия «{name}» верна в {score:.0%} вопросов (случайный выбор — {chance:.0%})"


#: Тексты с разметкой Markdown или расширений сайта: быстрый путь mkdocs-quiz (kb.quizzes.plain_fragment_html)
#: обязан отдать их настоящему Markdown.
MARKUP_FRAGMENTS = [
    "**важно**", "_курсив_", "`код`", "[ссылка](x.md)", "![схема](a.png)", "<b>жирно</b>", "A & B", "&nbsp;",
    "текст {: .note }", "a | b", "# Заголовок", "~~зачёркнуто~~", "x^2^", "1/2 ставки", "+/- день", "c/o офиса",
    "--> дальше", "=/=", ":material-phone: звонок", "Звони :material-phone:", "Отлично :smile:", "(c) компания", "(R)", "(tm)", "1st place",
    "- пункт", "1. пункт", "2) пункт", ": определение", "!!! note", "??? note", "строка\nвторая", "  отступ",
    "текст  ", "\tтаб", "", "a\\b",
]
#: Простой текст, похожий на разметку: быстрый путь должен дать ровно то же, что Markdown.
PLAIN_FRAGMENTS = [
    "Перезвонить до 18:00 — удобно?", "Нажать «Ответить всем»: «Здравствуйте!»", "из-за задержки", "скидка 10 %",
    "счёт № 5 от 12.03", "Спасибо! 🙂", "„цитата“ и «ёлочки»", "Вопрос? Ответ!", "2–3 дня", "с 10:00 до 12:00",
]


def _site_markdown():
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def test_plain_quiz_fragments_render_as_markdown_would():
    """Вопросы, ответы и пояснения без разметки идут мимо Markdown — и дают тот же HTML, что Markdown."""
    from kb.quizzes import plain_fragment_html

    md = _site_markdown()
    real = [text for path in sorted((ROOT / "quizzes").glob("*.md"))
            for q in parse_quiz_text(path.read_text(encoding="utf-8"))
            for text in [q.text, *(a.text for a in q.answers), *(a.feedback for a in q.answers)] if text]
    fast = 0
    for text in real + PLAIN_FRAGMENTS + MARKUP_FRAGMENTS:
        html = plain_fragment_html(text)
        if html is not None:
            fast += text in real
            assert html == md.reset().convert(text), text
    for text in PLAIN_FRAGMENTS:
        assert plain_fragment_html(text) is not None, text
    for text in MARKUP_FRAGMENTS:
        assert plain_fragment_html(text) is None, text
    # почти все фрагменты курса — простой текст; иначе ускорение сборки незаметно пропало
    assert fast >= 0.9 * len(real), f"быстрым путём прошли {fast} из {len(real)}"


# ------------------------------------------- скрипты и стили страницы (kb.assets) ---


def test_scripts_deferred_in_order_own_assets_minified_and_versioned(built_site):
    """Каждый внешний скрипт — defer, порядок: данные курса, Material, extra_javascript, модули страницы;
    свои JS и CSS сжаты, в адресе — версия по содержимому отданного файла."""
    import yaml

    from kb import assets

    extra = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
                      .split("\nhooks:")[0].split("extra_javascript:")[1], Loader=yaml.BaseLoader)
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    import course  # noqa: PLC0415

    pages = {p.relative_to(built_site).as_posix(): p for p in built_site.rglob("*.html")}
    assert len(pages) > 40
    for rel, path in pages.items():
        scripts = [a for a in Elements(path.read_text(encoding="utf-8")).find("script") if "src" in a]
        assert scripts and all("defer" in a for a in scripts), rel
    for rel, module in (("index.html", "home.js"), ("itogovyi-test/index.html", "final-test.js")):
        srcs = [a["src"] for a in Elements(pages[rel].read_text(encoding="utf-8")).find("script") if "src" in a]
        names = [s.split("?")[0].rsplit("/", 1)[-1] for s in srcs]
        start = names.index("course.js")
        bundle = next(i for i, n in enumerate(names) if re.fullmatch(r"bundle\.[0-9a-f]{8}\.min\.js", n))
        assert start < bundle  # данные курса, потом Material
        # модули extra_javascript — одним файлом kb-bundle.js, потом модули страницы
        assert names[bundle + 1:] == ["kb-bundle.js"] + [Path(m).name for m in course.PAGE_MODULES[
            "home" if rel == "index.html" else "final-test"]], rel
        for src in srcs:
            file = built_site / rel / ".." / src.split("?")[0]
            if "/assets/kb/" in "/" + src or re.search(r"/bundle\.[0-9a-f]{8}\.min\.js$", src):
                assert "?v=" not in src  # данные курса пишутся после страниц; у Material хеш в имени
                continue
            assert src.endswith("?v=" + assets.version(file.resolve().read_bytes())), src
    # kb-bundle.js — модули extra_javascript по порядку, каждый — сжатый, как и отдельный файл
    bundled = (built_site / assets.BUNDLE).read_text(encoding="utf-8")
    marks = [m.group(1) for m in re.finditer(r"^/\* (\S+) \*/$", bundled, re.M)]
    assert marks == extra
    for name in extra:
        alone = (built_site / name).read_text(encoding="utf-8").strip()
        assert f"/* {name} */\n{alone}\n;" in bundled, name
    kb_store = (built_site / "assets/javascripts/kb-store.js").read_text(encoding="utf-8")
    source = (ROOT / "docs/assets/javascripts/kb-store.js").read_text(encoding="utf-8")
    assert len(kb_store) < 0.8 * len(source) and "/*" not in kb_store
    css = (built_site / "assets/css/course.css").read_text(encoding="utf-8")
    assert "/*" not in css and len(css) < 0.9 * len((ROOT / "docs/assets/css/course.css").read_text(encoding="utf-8"))


def test_tag_assets_rules():
    """Версия — только своим файлам (и у абсолютных адресов — от пути site_url); defer — всем внешним
    скриптам, кроме уже отложенных, async и модулей; встроенные скрипты не трогаются."""
    from kb.assets import tag_assets

    versions = {"assets/a.js": "1111111111", "assets/s.css": "2222222222"}
    html = ('<script src="../assets/a.js"></script><script src="../assets/b.js" async></script>'
            '<script type="module" src="../m.js"></script><script>var x</script>'
            '<link rel="stylesheet" href="../assets/s.css"><link rel="icon" href="../assets/s.css">'
            '<script src="/kb/assets/a.js"></script><script src="/other/assets/a.js"></script>')
    out = tag_assets(html, "page/", versions, "/kb/")
    assert out == ('<script src="../assets/a.js?v=1111111111" defer></script><script src="../assets/b.js" async></script>'
                   '<script type="module" src="../m.js"></script><script>var x</script>'
                   '<link rel="stylesheet" href="../assets/s.css?v=2222222222"><link rel="icon" href="../assets/s.css">'
                   '<script src="/kb/assets/a.js?v=1111111111" defer></script><script src="/other/assets/a.js" defer></script>')
    assert tag_assets(out, "page/", versions, "/kb/") == out  # второй проход ничего не меняет


def test_collapse_indent_keeps_text_and_significant_spaces():
    """Отступы между тегами — одним переводом строки; пробелы в строке, атрибутах, pre, code, textarea,
    скриптах, стилях и шаблонах скриптов — как были."""
    from kb.assets import collapse_indent

    html = ('<ul>\n    <li><a>раз</a> <a>два</a></li>\n\n    <li title="a\n   b">три</li>\n</ul>\n  <pre><code>x\n    <b>y</b>\n  </code></pre>'
            '\n  <p>текст <code>a\n   <i>b</i></code></p>\n  <textarea>\n  <b>\n  </textarea>\n  <script>\n  if (a<b) {}\n  </script>'
            '\n  <div class="kb-script__text">Здравствуйте,\n    <span class="kb-ph">[Имя]</span>\n</div>\n  <style>\n p {}\n </style>')
    assert collapse_indent(html) == (
        '<ul>\n<li><a>раз</a> <a>два</a></li>\n<li title="a\n   b">три</li>\n</ul>\n<pre><code>x\n    <b>y</b>\n  </code></pre>'
        '\n<p>текст <code>a\n   <i>b</i></code></p>\n<textarea>\n  <b>\n  </textarea>\n<script>\n  if (a<b) {}\n  </script>'
        '\n<div class="kb-script__text">Здравствуйте,\n    <span class="kb-ph">[Имя]</span>\n</div>\n<style>\n p {}\n </style>')


def test_inline_scripts_and_styles_minified_data_untouched():
    from kb.assets import minify_inline

    html = ('<script>\n  // комментарий\n  var a = 1;\n</script><script type="application/json">{"a": 1}</script>'
            '<script src="x.js">\n</script><style>\n p { color : red ; }\n</style>'
            '<script type="text/javascript" defer>\nwindow.x = { a : 1 };\n</script>')
    assert minify_inline(html) == ('<script>var a=1;</script><script type="application/json">{"a": 1}</script>'
                                   '<script src="x.js">\n</script><style>p{color:red}</style>'
                                   '<script type="text/javascript" defer>window.x={a:1};</script>')
