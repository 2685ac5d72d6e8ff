"""Типографика при сборке: неразрывные пробелы typograf (scripts/kb/typography.js, kb.typography).

Сайт, собранный без Node.js в PATH, — точка отсчёта: сборка проходит и говорит, что типографика
пропущена, а настоящая сборка отличается от него только пробелами в статьях страниц — и ни
символом в коде, шаблонах скриптов, атрибутах, скриптах, поисковом индексе и данных курса.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, ROOT

from kb import typography

NBSP = "\u00a0"
NARROW = "\u202f"  # после «№»
T = "kommunikatsiya-i-pr/klienty-i-partnery/"
PEREGOVORY = T + "peregovory/index.html"
PEREPISKA = T + "delovaya-perepiska/index.html"
NOTE = "Типографика: Node.js не найден — неразрывные пробелы не расставлены, сайт собран без них"
#: Что typograf не трогает: код, скрипты, стили, svg, шаблоны скриптов и писем с полями, теги с атрибутами.
PROTECTED = re.compile(r"<(code|pre|kbd|script|style|svg|textarea)[\s>].*?</\1>|<div class=\"kb-script__text\".*?</div>"
                       r"|<!--.*?-->|<[^>]*>", re.S)


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """Настоящий сайт, собранный с PATH без node (пустая папка): типографика пропущена."""
    out = tmp_path_factory.mktemp("plain-site")
    empty = tmp_path_factory.mktemp("path-without-node")
    result = subprocess.run([MKDOCS, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
                            capture_output=True, text=True, env={**ENV, "PATH": str(empty)}, cwd=ROOT)
    return out, result


def without_node_steps(html: str) -> str:
    """Страница без того, что кроме typograf делает Node.js (kb.assets): скрипты сжимает terser, а не
    rjsmin (другие тексты встроенных скриптов и версии ?v=), стили Material сокращены и под другим
    именем. Внутрь <script> typograf не заходит (test_typeset_strings)."""
    html = re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S)
    html = re.sub(r"\?v=[0-9a-f]{10}", "?v=", html)
    return re.sub(r"\b(main|palette)\.[0-9a-f]{8}\.min\.css", r"\1.min.css", html)


def article(html: str) -> str:
    return html[html.index("<article"): html.rindex("</article>")]


def spaces(text: str) -> str:
    return text.replace(NBSP, " ").replace(NARROW, " ")


def test_build_without_node_succeeds_and_says_typography_was_skipped(plain):
    site, result = plain
    assert result.returncode == 0, result.stdout + result.stderr
    assert NOTE in result.stderr
    html = (site / PEREGOVORY).read_text(encoding="utf-8")
    assert "Выдели на подготовку 15 минут — верхнюю границу" in html  # обычные пробелы, как в исходнике
    # без Node.js и остальное, что он делает (kb.assets): JS сжат rjsmin, стили Material — полные, как есть
    assert "Скрипты: Node.js или terser не найден — JS сжат только от пробелов и комментариев" in result.stderr
    import material
    full = sorted(p.name for p in (Path(material.__file__).parent / "templates/assets/stylesheets").glob("*.min.css"))
    assert sorted(p.name for p in (site / "assets/stylesheets").glob("*.min.css")) == full
    assert all(name in html for name in full)


def test_pages_get_nbsp_after_short_words_before_dashes_in_dates_and_numbers(built_site: Path):
    html = article((built_site / PEREGOVORY).read_text(encoding="utf-8"))
    # после коротких слов, перед тире, в числе со словом и в диапазоне
    assert f"Выдели на{NBSP}подготовку 15{NBSP}минут{NBSP}— верхнюю границу" in html
    assert f"нормы в{NBSP}10–15{NBSP}минут:" in html
    assert f"и{NBSP}пройди по" in html
    assert not re.search(r"\S \u2014", PROTECTED.sub("", html))  # ни одного тире после обычного пробела
    perepiska = article((built_site / PEREPISKA).read_text(encoding="utf-8"))
    assert f"на{NBSP}14{NBSP}марта" in perepiska  # дата в таблице
    assert f"№{NARROW}128" in perepiska


def test_build_changes_only_spaces_in_articles(built_site: Path, plain):
    """Каждая страница: вне статьи — ни байта, в статье — теги, атрибуты, код, шаблоны скриптов с полями
    те же; текст тот же с точностью до пробелов. Данные курса и поисковый индекс — те же файлы."""
    site, _ = plain
    pages = typography.pages(built_site)
    assert len(pages) == len(typography.pages(site)) > 40
    added = 0
    for page in pages:
        name = str(page.relative_to(built_site))
        typeset = without_node_steps(page.read_text(encoding="utf-8"))
        before = without_node_steps((site / name).read_text(encoding="utf-8"))
        a, b = article(typeset), article(before)
        assert typeset.replace(a, "") == before.replace(b, ""), name
        assert [m.group(0) for m in PROTECTED.finditer(a)] == [m.group(0) for m in PROTECTED.finditer(b)], name
        expected = spaces(b).replace("<h1>404 - Not found</h1>", "<h1>404 — Not found</h1>")  # дефис между словами → тире
        assert spaces(a) == expected, name
        added += a.count(NBSP) - b.count(NBSP)
    assert added > 8000  # на ноябрь 2026 — 12 348 на статьях курса
    # шаблон скрипта: внутри короткие слова с обычным пробелом, поле [Имя клиента] — как было
    script = re.search(r'<div class="kb-script__text">(.*?)</div>', (built_site / PEREPISKA).read_text(encoding="utf-8"), re.S)
    assert script and NBSP not in script.group(1) and re.search(r"(?<!\w)(?:в|на|и|с) \w", script.group(1))
    assert 'class="kb-ph"' in script.group(1)
    for data in ["search/search_index.json", "search/search_index.full.json", "assets/kb/course.js",
                 *(str(p.relative_to(site)) for p in (site / "assets" / "kb").glob("topic-*.js"))]:
        assert (built_site / data).read_bytes() == (site / data).read_bytes(), data


def _data(root: Path, name: str) -> dict:
    text = (root / "assets" / "kb" / name).read_text(encoding="utf-8")
    return json.loads(text[text.index("]=") + 2: text.rindex(";})")])


def test_dialogue_lines_and_final_questions_get_nbsp_ids_do_not(built_site: Path, plain):
    site, _ = plain
    typeset, before = _data(built_site, "dialogue-kritika.js"), _data(site, "dialogue-kritika.js")
    assert spaces(json.dumps(typeset, ensure_ascii=False)) == spaces(json.dumps(before, ensure_ascii=False))
    lines = [r["text"] for n in typeset["nodes"].values() for r in n.get("replies", [])]
    assert sum(NBSP in line for line in lines) > len(lines) // 2
    assert all(NBSP not in nid for nid in typeset["nodes"]) and NBSP not in typeset["version"]

    final = "final-kommunikatsiya-i-pr--klienty-i-partnery.js"
    typeset, before = _data(built_site, final), _data(site, final)
    assert spaces(json.dumps(typeset, ensure_ascii=False)) == spaces(json.dumps(before, ensure_ascii=False))
    questions = [q for qs in typeset.values() for q in qs]
    assert sum(NBSP in q["html"] for q in questions) > len(questions) // 2
    assert all(NBSP not in q["id"] and all(NBSP not in a["id"] for a in q["answers"]) for q in questions)


@pytest.mark.parametrize("source, expected", [
    ("Звоню в 10:00 и пишу к вечеру", "Звоню в\u00a010:00 и\u00a0пишу к\u00a0вечеру"),
    ("<p>Срок — 14 марта, через 15 минут, 40–70 тысяч</p>",
     "<p>Срок\u00a0— 14\u00a0марта, через 15\u00a0минут, 40–70\u00a0тысяч</p>"),
    ("<p>Код <code>в на и</code> и <kbd>Ctrl + в</kbd> в тексте</p>",
     "<p>Код <code>в на и</code> и\u00a0<kbd>Ctrl + в</kbd> в\u00a0тексте</p>"),
    ('<a title="в срок и без" href="#в и">в срок</a>', '<a title="в срок и без" href="#в и">в\u00a0срок</a>'),
    ("R&amp;D и &lt;b&gt; в тексте", "R&amp;D и\u00a0&lt;b&gt; в\u00a0тексте"),
    ("<pre><code>и с в\n</code></pre><script>var s = 'в и';</script><style>a::after{content:'и с'}</style>",
     "<pre><code>и с в\n</code></pre><script>var s = 'в и';</script><style>a::after{content:'и с'}</style>"),
    ('<div class="kb-script__text">Здравствуйте, <span class="kb-ph" data-ph="Имя клиента">[Имя клиента]</span> — '
     'в срок и без долгов</div> и в конце',
     '<div class="kb-script__text">Здравствуйте, <span class="kb-ph" data-ph="Имя клиента">[Имя клиента]</span> — '
     'в срок и без долгов</div> и\u00a0в\u00a0конце'),
    ("<!-- в и с --> а в тексте", "<!-- в и с --> а\u00a0в\u00a0тексте"),
    ("\uf000 в тексте метка typograf — не трогаем", "\uf000 в тексте метка typograf — не трогаем"),
    ("", ""),
])
def test_typeset_strings(tmp_path: Path, source: str, expected: str):
    assert typography.apply(tmp_path, [source]) == [expected]


def test_fast_path_matches_typograf_html_mode(built_site: Path):
    """Свой проход по тегам (одна метка на тег) даёт то же, что typograf в режиме HTML со своими safeTags."""
    files = [str(built_site / p) for p in (PEREGOVORY, PEREPISKA, "pered-zvonkom/vozvrat-deneg/index.html", "index.html")]
    script = r"""
const T = require(process.argv[1]);
const fs = require("fs");
const ref = T.load();
ref.addSafeTag("<svg(\\s[^>]*?)?>", "</svg>");
ref.addSafeTag("<textarea(\\s[^>]*?)?>", "</textarea>");
ref.addSafeTag('<div class="kb-script__text"[^>]*>', "</div>");
ref.addSafeTag(/&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/gi);
const fast = T.load();
const out = [];
for (const f of JSON.parse(fs.readFileSync(0, "utf8"))) {
  const html = fs.readFileSync(f, "utf8").replace(/\u00a0|\u202f/g, " ");
  const a = html.slice(html.indexOf("<article"), html.lastIndexOf("</article>"));
  out.push([T.typeset(fast, a) === ref.execute(a), T.typeset(fast, a) !== a]);
}
process.stdout.write(JSON.stringify(out));
"""
    result = subprocess.run(["node", "-e", script, str(typography.SCRIPT)], input=json.dumps(files),
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [[True, True]] * len(files)


def test_typograf_failure_stops_the_build(tmp_path: Path):
    with pytest.raises(ValueError, match="типографика не прошла"):
        typography.apply(tmp_path, ["текст"], node="/bin/false")


# ------------------------------------------------------------ кеш между сборками ---

PAGE = "<html><nav>и в меню</nav><article>Звони в срок — и всё 15 минут</article></html>"
TYPESET = "<html><nav>и в меню</nav><article>Звони в\u00a0срок\u00a0— и\u00a0всё 15\u00a0минут</article></html>"
TEXTS = ["и в срок", "Он сказал — и ушёл", "<b>и</b> с тобой", "и в срок"]


def _build(site: Path, cache: Path, node: str | None = None) -> tuple[typography.Typesetter, str, list[str]]:
    """Одна «сборка» по ходу хука: страница пишется после Typesetter.page, в конце — finish."""
    setter = typography.Typesetter(cache, node=node)
    page = site / "a" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    written = setter.page(PAGE, str(page))
    page.write_text(written, encoding="utf-8")
    holders = [{"text": t} for t in TEXTS]
    setter.finish(site, [(h, "text") for h in holders])
    return setter, written, [h["text"] for h in holders]


def test_second_build_takes_articles_and_strings_from_the_cache_without_node(tmp_path: Path):
    """Первая сборка: статьи нет в кеше — страница пишется как есть, typograf ставит её в конце. Вторая:
    статья и строки — из кеша прямо при записи, Node.js не запускается (/bin/false упал бы). Итог тот же."""
    cache, site = tmp_path / "cache" / "typography.json", tmp_path / "site"
    first, written, texts = _build(site, cache)
    assert written == PAGE and (site / "a" / "index.html").read_text(encoding="utf-8") == TYPESET
    assert first.stats["typeset"] == 4 and texts == typography.apply(None, TEXTS)
    second, written, again = _build(site, cache, node="/bin/false")
    assert written == TYPESET and (site / "a" / "index.html").read_text(encoding="utf-8") == TYPESET
    assert again == texts and second.stats["typeset"] == 0
    assert second.stats["nbsp"] == first.stats["nbsp"] > 0


def test_cache_keeps_only_this_builds_entries_and_foreign_cache_is_not_used(tmp_path: Path):
    cache, site = tmp_path / "typography.json", tmp_path / "site"
    _build(site, cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert len(data["entries"]) == 4  # статья и три разные строки
    setter = typography.Typesetter(cache)
    setter.finish(tmp_path / "empty", [({"text": "в другой сборке"}, "text")])
    assert len(json.loads(cache.read_text(encoding="utf-8"))["entries"]) == 1  # файл не растёт
    key = typography.text_key("и в срок")
    cache.write_text(json.dumps({"stamp": data["stamp"], "entries": {key: {"t": "подмена"}}}), encoding="utf-8")
    holder = {"text": "и в срок"}
    typography.Typesetter(cache, node="/bin/false").finish(tmp_path / "empty", [(holder, "text")])
    assert holder["text"] == "подмена"  # кеш правда читается
    for content in ["{не JSON", json.dumps({"stamp": "другие правила", "entries": {key: {"t": "подмена"}}})]:
        cache.write_text(content, encoding="utf-8")
        holder = {"text": "и в срок"}
        typography.Typesetter(cache).finish(tmp_path / "empty", [(holder, "text")])
        assert holder["text"] == "и\u00a0в\u00a0срок"


def test_python_patch_applies_node_diff_with_utf16_offsets():
    """Замены считает typography.js (сдвиги в знаках UTF-16), применяет typography.py: знак вне BMP
    (эмодзи — два знака UTF-16, один знак Python) перед заменой не сдвигает её."""
    cases = [["a b c", "a\u00a0b c"], ["abc", "abc"], ["a - b", "a\u00a0— b"], ["x", "xyz"], ["", ""],
             ["📞 в срок и без", "📞 в\u00a0срок и\u00a0без"], ["в 😀 и 😀 с", "в\u00a0😀 и\u00a0😀 с"]]
    script = r"""
const T = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([a, b]) => [T.key(a), T.diff(a, b)])));
"""
    result = subprocess.run(["node", "-e", script, str(typography.SCRIPT)], input=json.dumps(cases),
                            capture_output=True, text=True, check=True, encoding="utf-8")
    for (before, after), (key, change) in zip(cases, json.loads(result.stdout)):
        assert typography.text_key(before) == key
        assert typography.patch(before, change) == after, (before, change)


def test_new_names_go_into_pages_in_place(tmp_path: Path):
    page = tmp_path / "index.html"
    page.write_text('<link href="main.0123abcd.min.css"><a>main.0123abcd.min.css</a> и в', encoding="utf-8")
    typography.rename_in_pages([page], {"main.0123abcd.min.css": "main.ffff0000.min.css"})
    assert page.read_text(encoding="utf-8") == '<link href="main.ffff0000.min.css"><a>main.ffff0000.min.css</a> и в'
    with pytest.raises(ValueError, match="другой длины"):
        typography.rename_in_pages([page], {"main.ffff0000.min.css": "main.min.css"})
