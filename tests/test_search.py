"""Поиск по сайту: свой воркер поиска, индекс по требованию, разбор запроса.

* overrides/main.html называет в __config.search наш воркер
  (assets/javascripts/workers/kb-search.js); он загружает воркер Material и переписывает запрос
  до него (kb-query.js): основы слов (Snowball, как lunr.ru), синонимы
  (docs/includes/synonyms.yml), вес частых слов; в ответе — слова ученика вместо основ;
* search_index.json — заглушка: настоящий индекс (search_index.full.json) воркер скачивает, когда
  ученик начал искать (scripts/kb/search_index.py);
* фразы search_keywords — в индексе полем keywords (scripts/kb/search_keywords.py).

Доля верных ответов на запросы ассистентов — tests/test_search_queries.py.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from kb import content, model, search_index, search_keywords  # noqa: E402
from kb.quizzes import parse_quiz_text  # noqa: E402

DOCS = ROOT / content.DOCS_DIR
THESIS = "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/"


def full_index(site: Path) -> dict:
    return json.loads((site / search_index.FULL_INDEX).read_text(encoding="utf-8"))


# ------------------------------------------------------ индекс по требованию ---


def test_page_load_does_not_download_index(site_server, page):
    """Страница тезиса грузит только заглушку; индекс — после фокуса в строке поиска («/»)."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(site_server.url + THESIS)
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("search/search_index.json") for u in asked)
    assert not any("search_index.full" in u for u in asked), "индекс скачан без поиска"

    with page.expect_request(lambda r: r.url.endswith(search_index.FULL_INDEX)):
        page.keyboard.press("/")  # Material переводит фокус в строку поиска
    box = page.locator("input.md-search__input")
    box.fill("жалоба")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()


def test_stub_is_small_and_points_to_index(built_site):
    stub_path = built_site / search_index.INDEX_PATH
    stub = json.loads(stub_path.read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["kb_index"] == search_index.FULL_INDEX
    assert stub_path.stat().st_size < 2048
    index = full_index(built_site)
    assert len(index["docs"]) > 100
    assert (built_site / "assets/javascripts/workers" / index["config"]["kb_worker"]).is_file()
    assert index["config"]["kb_synonyms"] == search_index.load_synonyms(ROOT)


def test_config_block_is_materials_with_our_worker():
    """Блок config в overrides/main.html — копия из base.html Material, кроме адреса воркера."""
    import material

    def block(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        body = re.search(r"{% block config %}(.*?){% endblock %}", text, re.S).group(1)
        return "\n".join(line.strip() for line in body.strip().splitlines())

    ours = block(ROOT / "overrides/main.html")
    theirs = block(Path(material.__file__).parent / "templates/base.html")
    worker = re.compile(r'"search": "assets/javascripts/workers/[^"]+" \| url,')
    assert worker.sub("WORKER", ours) == worker.sub("WORKER", theirs)
    assert '"search": "assets/javascripts/workers/kb-search.js" | url,' in ours


# -------------------------------------------------------------- выдача ---


def search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.focus()
    box.fill(query)
    box.press("End")  # Material отправляет запрос по keyup
    page.wait_for_function(
        "q => [...document.querySelectorAll('.md-search-result__link')].length"
        " && document.querySelector('.md-search-result__meta').textContent.includes('Найдено')",
        arg=query, timeout=15_000)


def test_missing_words_are_shown_as_typed(site_server, page):
    """«Отсутствует: …» — слова, как их набрал ученик, а не основы («злит») и не синонимы."""
    page.goto(site_server.url)
    search(page, "клиент злится жираф")
    page.locator(".md-search-result__terms").first.wait_for()
    missing = set(page.locator(".md-search-result__terms del").all_text_contents())
    assert "жираф" in missing
    assert missing <= {"клиент", "злится", "жираф"}, missing


def test_enter_opens_first_result(site_server, page):
    """После пересортировки (заголовки вперёд) Enter открывает первую страницу выдачи."""
    page.goto(site_server.url)
    search(page, "письмо после звонка")
    first = page.eval_on_selector(".md-search-result__item > a.md-search-result__link",
                                  "a => new URL(a.href).pathname")
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(lambda url: url.split("?")[0].endswith(first))


# ------------------------------------------------------ разбор запроса ---


@pytest.fixture
def query_page(site_server, page):
    """Страница сайта с kb-query.js и данными настоящего индекса: window.ctx."""
    page.goto(site_server.url)
    page.add_script_tag(url=site_server.url + "assets/javascripts/workers/kb-query.js")
    page.evaluate("""async () => {
        const index = await (await fetch("search/search_index.full.json")).json()
        window.ctx = kbQuery.prepare(index)
    }""")
    return page


def built(page, query: str) -> dict:
    return page.evaluate("q => kbQuery.build(q, ctx)", query)


@pytest.mark.parametrize(("query", "present", "absent"), [
    ("жалобы", ["жалоб*^"], ["жалобы"]),
    ("Возражений", ["возражен*^"], []),
    ("напомнить о себе", ["напомн*^"], ["о*", "себ*"]),  # служебные слова при других словах убираются
    ("о себе", ["себ*^"], []),  # а без других слов остаются
    ('"злой клиент"', ['"зло* клиент*"'], []),  # в кавычках Material «*» не допишет
    ("+жалобы -цены", ["+жалоб*", "-цен*"], []),
    ("клиент злится", ["text:клиент", "злит*^", "недовол"], ["клиент*"]),  # частое слово — только в тексте
    ("клиент", ["клиент*^"], ["text:"]),  # одно частое слово ищется как обычно
    ("црм", ["crm*^"], []),  # синоним из docs/includes/synonyms.yml
    ("клиент орет", ["орёт*^"], []),  # «е» вместо «ё»
    ("CRM записи", ["crm*^", "запис*^"], []),
])
def test_query_building(query_page, query, present, absent):
    got = built(query_page, query)["query"]
    for part in present:
        assert part in got, f"{query!r} → {got!r}: нет {part!r}"
    for part in absent:
        assert part not in got.split() and not any(t.startswith(part) for t in got.split()), f"{query!r} → {got!r}: лишнее {part!r}"


def test_rare_words_weigh_more_than_common(query_page):
    got = built(query_page, "письмо отказать")["query"]
    weights = dict(re.findall(r"(\S+?)\*\^(\d+)", got))
    assert int(weights["отказа"]) > int(weights["письм"]), got


def test_rename_shows_typed_words(query_page):
    result = query_page.evaluate("""() => {
        const b = kbQuery.build("клиент злится", ctx)
        return kbQuery.rename({ "клиент": true, "злит": false, "недовол": false }, b)
    }""")
    assert result == {"клиент": True, "злится": False}


def test_stems_match_material_lunr_ru(site_server, page):
    """Основа каждого русского слова сайта — та же, что даёт lunr.ru.stemmer из поставки Material.

    Слова берём из индекса. Эталон считаем в отдельном воркере: он загружает lunr из воркера
    поиска Material и lunr.ru из assets/javascripts/lunr.
    """
    page.goto(site_server.url)
    page.add_script_tag(url=site_server.url + "assets/javascripts/workers/kb-query.js")
    diff = page.evaluate(
        """async () => {
            const url = path => new URL(path, location.href).href
            const index = await (await fetch(url("search/search_index.full.json"))).json()
            const words = [...new Set(index.docs.flatMap(d =>
                (d.title + " " + d.text).toLowerCase().match(/[а-яё]+/g) || []))]
            const workers = url("assets/javascripts/workers/")
            const lunrDir = url("assets/javascripts/lunr/min/")
            const reference = new Worker(URL.createObjectURL(new Blob([`
                addEventListener("message", e => {
                    e.stopImmediatePropagation()  // воркеру Material сообщение не отдаём
                    postMessage(e.data.map(w => lunr.ru.stemmer(new lunr.Token(w)).toString()))
                })
                importScripts("${workers}${index.config.kb_worker}",
                              "${lunrDir}lunr.stemmer.support.min.js", "${lunrDir}lunr.ru.min.js")
            `])))
            const expected = await new Promise(resolve => {
                reference.onmessage = e => resolve(e.data)
                reference.postMessage(words)
            })
            reference.terminate()
            return {
                count: words.length,
                diff: words.map((w, i) => [w, kbQuery.stem(w), expected[i]])
                           .filter(([, a, b]) => a !== b).slice(0, 20),
            }
        }"""
    )
    assert diff["count"] > 500
    assert diff["diff"] == []


# ------------------------------------------------------------- сборка ---


def test_keywords_reach_search_index(built_site):
    """Каждая страница с search_keywords — в индексе полем keywords главной записи, и только там
    (тренажёр разговора — с фразами своего диалога)."""
    index = full_index(built_site)
    expected: dict[str, list[str]] = {}
    for path in content.iter_markdown(ROOT, content.DOCS_DIR):
        if path.is_relative_to(DOCS / "includes"):
            continue
        words = search_keywords.from_meta(content.read_page(path, ROOT).meta)
        if words:
            rel = path.relative_to(DOCS).as_posix()
            url = rel[: -len("index.md")] if rel.endswith("index.md") else rel[: -len(".md")] + "/"
            expected[url] = words
    for thesis in model.load(ROOT).theses:  # страница тренажёра — с search_keywords своего диалога
        words = search_keywords.from_meta(thesis.dialogue.meta) if thesis.dialogue else []
        if words:
            expected[thesis.dialogue_src[: -len(".md")] + "/"] = words
    found = {doc["location"]: doc[search_keywords.FIELD] for doc in index["docs"] if search_keywords.FIELD in doc}
    assert found == expected
    if expected:
        assert search_keywords.FIELD in index["config"]["fields"]


def test_quiz_answers_and_widgets_not_in_index(built_site):
    """Ответы тестов, пояснения к ним и виджет «Прогресс теста» mkdocs-quiz в поиск не попадают."""
    text = " ".join(d["title"] + " " + d["text"] for d in full_index(built_site)["docs"])
    assert "Прогресс теста" not in text and "Отвечено:" not in text
    feedback = []
    for path in (ROOT / content.QUIZZES_DIR).glob("*.md"):
        for q in parse_quiz_text(path.read_text(encoding="utf-8")):
            feedback += [a.feedback for a in q.answers if len(a.feedback) > 40]
    assert len(feedback) > 50
    pages = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in DOCS.rglob("*.md"))
    # фраза пояснения может стоять и в тексте страницы — тогда она в индексе по праву
    leaked = [f for f in feedback if " ".join(f.split())[:40] in text and " ".join(f.split())[:40] not in pages]
    assert not leaked, f"пояснения к ответам в индексе поиска: {leaked[:3]}"


def test_synonyms_file_parses_and_rejects_garbage():
    groups = search_index.load_synonyms(ROOT)
    assert len(groups) >= 20 and all(len(g) >= 2 for g in groups)
    assert any("црм" in g and "CRM" in g for g in groups)
    p = search_index.parse_synonyms
    assert p("- [а,  б ]\n- [в, в, г]\n") == [["а", "б"], ["в", "г"]]
    for bad in ("a: 1", "- слово", "- [одно]", "- [а, [б]]", "- [а, б"):
        with pytest.raises(ValueError):
            p(bad)


def test_add_to_index_only_main_entry():
    index = {
        "config": {"fields": {"title": {"boost": 1000}}},
        "docs": [
            {"location": "a/", "title": "A", "text": ""},
            {"location": "a/#razdel", "title": "Раздел", "text": ""},
            {"location": "b/", "title": "B", "text": ""},
        ],
    }
    assert search_keywords.add_to_index(index, {"a/": ["злой клиент"], "c/": ["нет страницы"]}) == 1
    assert index["docs"][0]["keywords"] == ["злой клиент"]
    assert "keywords" not in index["docs"][1] and "keywords" not in index["docs"][2]
    assert index["config"]["fields"]["keywords"] == {"boost": search_keywords.BOOST}


def test_from_meta_normalizes_and_rejects_garbage():
    f = search_keywords.from_meta
    assert f({}) == []
    assert f({"search_keywords": "злой  клиент"}) == ["злой клиент"]
    assert f({"search_keywords": ["злой клиент", " ", "злой клиент", "клиент\nругается"]}) == [
        "злой клиент", "клиент ругается"]
    for bad in ({"a": 1}, 5, ["ok", 3]):
        with pytest.raises(ValueError):
            f({"search_keywords": bad})


def test_offline_build_keeps_whole_index(tmp_path):
    """С плагином offline индекс не заменяется заглушкой: его встраивают в search_index.js."""
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / search_index.INDEX_PATH).write_text(json.dumps(
        {"config": {"lang": ["ru"], "separator": " ", "fields": {}}, "docs": [{"location": "", "title": "A", "text": ""}]}))
    assert search_index.apply(site, {}, [["а", "б"]], lazy=False)
    index = json.loads((site / search_index.INDEX_PATH).read_text())
    assert len(index["docs"]) == 1 and index["config"]["kb_synonyms"] == [["а", "б"]]
    assert "kb_index" not in index["config"] and not (site / search_index.FULL_INDEX).exists()


def test_exclude_from_search_marks_quiz_parts():
    html = ('<div class="quiz-intro"><p>x</p></div><div class="quiz"><form action="javascript:void(0);" '
            'onsubmit="return false;"><div>ответ</div></form></div>')
    out = search_index.exclude_from_search(html)
    assert '<div class="quiz-intro" data-search-exclude>' in out
    assert '<form action="javascript:void(0);" onsubmit="return false;" data-search-exclude>' in out
