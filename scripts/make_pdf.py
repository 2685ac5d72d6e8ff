"""`make pdf`: весь курс одной книгой в PDF — dist/klientskiy-servis-assistenta.pdf.

Печатает тот же Chromium, что и тесты (Debian /usr/bin/chromium через Playwright):

1. сайт собирается во временную папку (``mkdocs build``) или берётся готовый
   (``--site DIR``) и раздаётся на свободном порту 127.0.0.1;
2. в браузере собирается один печатный документ: обложка, содержание, затем
   страницы в порядке боковой навигации собранного сайта (раздел → тема → тезис
   → материалы, «Перед звонком», справка, словарь, шпаргалка) — статья каждой
   страницы, со стилями самого сайта (и его правилами печати);
3. тесты становятся пронумерованными вопросами с пустыми кружками (один ответ)
   и квадратиками (несколько), без отметок верных ответов; ответы с пояснениями —
   в разделе «Ответы к тестам» в конце; тренажёр разговора (его страница стоит после
   материалов тезиса) — сценарием с пронумерованными шагами и переходами «→ шаг N»
   (шаг 1 — начало, остальные номера перемешаны, как в книгах-играх),
   баллы и разбор реплик — там же, в конце (``dialogue_paper``, по данным тренажёра
   из собранного сайта ``assets/kb/dialogue-<slug>.js``); вопросы итогового теста (quizzes/final/, на
   сайте их нет) — отдельным разделом «Итоговый тест: вопросы» перед ответами, их
   ответы — в том же ключе под заголовками «Итоговый тест — <тезис>»;

4. два прохода печати: первый — с невидимыми метками в начале каждой страницы
   курса; ``pdftotext`` находит, на каком листе какая метка, и второй проход
   печатает содержание с номерами страниц (колонка номеров фиксированной
   ширины, поэтому вёрстка между проходами не сдвигается).

Номера страниц — в колонтитуле Chromium (``display_header_footer``), закладки PDF —
из заголовков (``outline``). Запросов к чужим хостам нет: они блокируются, и
если документ попробует что-то загрузить извне, печать остановится с ошибкой.

Запуск: ``python scripts/make_pdf.py [--site DIR] [--out FILE] [--skip ПУТЬ] [--html FILE]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from kb.identity import SLUG as COURSE_SLUG  # noqa: E402
from kb.local_server import LocalServer, QuietHandler  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
PRINT_PATH = "/__print__.html"
# Страницы, которые живут только в браузере: главная с «входами», прогресс ученика,
# итоговый тест (его вопросы книга печатает отдельным разделом), список тегов и таблица группы.
SKIP_PAGES = ["", "progress/", "povtorenie/", "itogovyi-test/", "tegi/", "rezultaty-gruppy/"]
MARGIN = {"top": "15mm", "bottom": "17mm", "left": "16mm", "right": "16mm"}
MARK = "zqm{}zq"  # метка страницы курса для первого прохода
MARK_RE = re.compile(r"zqm(\d+)zq")


class PdfError(Exception):
    """Понятная причина, почему PDF не получился."""


#: Заголовки книги для вопросов итогового теста: раздел с вопросами и группы в ключе.
FINAL_SECTION = "Итоговый тест: вопросы"
FINAL_KEY = "Итоговый тест — {}"


def final_pool(root: Path = ROOT) -> list[dict]:
    """Вопросы итогового теста по тезисам в порядке курса — HTML вопроса, ответов и пояснений.

    На страницах сайта их нет (итоговый тест берёт их из данных курса), поэтому книга читает
    их из источника той же моделью, что и сборка (kb.model), и переводит Markdown в HTML.
    """
    import markdown

    from kb import model, typography

    md = markdown.Markdown(extensions=["pymdownx.smartsymbols"])

    def to_html(text: str, inline: bool = False) -> str:
        out = md.reset().convert(text.strip())
        match = re.fullmatch(r"<p>(.*)</p>", out, re.DOTALL) if inline else None
        return match.group(1) if match else out

    pool = []
    for thesis in model.load(root).theses:
        questions = [q for q in thesis.final_questions if not q.fill_blank and not q.error]
        if questions:
            pool.append({"id": thesis.id, "title": thesis.title, "questions": [
                {"html": to_html(q.text), "multiple": q.multiple, "answers": [
                    {"html": to_html(a.text, True), "correct": a.correct, "feedback": to_html(a.feedback, True)}
                    for a in q.answers]}
                for q in questions]})
    # неразрывные пробелы — как у страниц сайта (kb.typography; без Node.js — как есть)
    fields = typography.text_fields(pool, typography.QUIZ_FIELDS)
    try:
        typography.apply_fields(None, fields)
    except ValueError as err:
        raise PdfError(str(err)) from None
    return pool


# --------------------------------------------------------------------- окружение


def check_tools() -> None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise PdfError(f"не найден Chromium ({CHROMIUM}). Поставь его командой `make browser` "
                       "(пакет chromium из Debian) или укажи путь в переменной CHROMIUM.")
    if shutil.which("pdftotext") is None:
        raise PdfError("нет программы pdftotext (пакет poppler-utils): она нужна, чтобы проставить "
                       "номера страниц в содержании. Поставь её командой `make browser`.")
    try:
        import playwright  # noqa: F401
    except ImportError:
        raise PdfError("в .venv нет пакета playwright: запусти через `make pdf` — он поставит "
                       "зависимости из requirements.txt.") from None


def build_site(dest: Path) -> Path:
    """Строгая сборка сайта во временную папку, как `make build`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([MKDOCS, "build", "--strict", "-q", "-d", str(dest)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
        raise PdfError(f"сайт не собрался (mkdocs build --strict), печатать нечего:\n{tail}")
    return dest


class _Handler(QuietHandler):
    """Сайт и печатный документ-заготовка по PRINT_PATH."""

    def __init__(self, *args, shell: bytes, **kwargs):
        self.shell = shell
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - имя из http.server
        if self.path == PRINT_PATH:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.shell)))
            self.end_headers()
            self.wfile.write(self.shell)
            return
        super().do_GET()


# --------------------------------------------------------- печатный документ

PRINT_CSS = r"""
@page { size: A4; }
html { background: #fff; }
body { display: block; margin: 0; background: #fff; }
.md-typeset h1, .md-typeset h2, .md-typeset h3, .pdf-toc, .pdf-cover { hyphens: manual; }
.pdf-mark { position: absolute; top: 0; left: 0; font-size: 2px; line-height: 1; color: #fff; }
.pdf-page { position: relative; break-before: page; }
.pdf-page > h1:first-of-type { margin-top: 0; }

.pdf-cover { height: 255mm; box-sizing: border-box; padding-top: 55mm; display: flex; flex-direction: column;
  font-family: var(--md-text-font-family); color: var(--md-default-fg-color); }
.pdf-cover__kicker { font-size: 12pt; letter-spacing: .04em; text-transform: uppercase;
  color: var(--md-primary-fg-color); margin: 0 0 6mm; }
.pdf-cover h1 { font-size: 30pt; line-height: 1.15; margin: 0 0 8mm; font-weight: 700; color: inherit; }
.pdf-cover__lead { font-size: 13pt; line-height: 1.45; max-width: 150mm; margin: 0 0 14mm; }
.pdf-cover__meta { font-size: 10pt; color: var(--md-default-fg-color--light); margin: 0; }
.pdf-cover__legend { margin-top: auto; font-size: 9.5pt; line-height: 1.5; border-top: 1px solid #999;
  padding-top: 4mm; color: var(--md-default-fg-color--light); }
.pdf-cover__legend .pdf-box { vertical-align: -1px; }

.pdf-toc { break-before: page; font-family: var(--md-text-font-family); font-size: 10pt; }
.pdf-toc h1 { font-size: 18pt; margin: 0 0 6mm; font-weight: 700; }
.pdf-toc ol { list-style: none; margin: 0; padding: 0; }
.pdf-toc li { margin: 0; padding: .6mm 0; break-inside: avoid; }
.pdf-toc a { display: flex; align-items: baseline; color: inherit; text-decoration: none; }
.pdf-toc .t { flex: 0 1 auto; }
.pdf-toc .d { flex: 1 1 auto; border-bottom: 1px dotted #888; margin: 0 1.5mm; min-width: 6mm; }
.pdf-toc .n { flex: 0 0 3em; text-align: right; font-variant-numeric: tabular-nums; }
.pdf-toc .lvl-0 { font-weight: 700; font-size: 11pt; padding-top: 3mm; }
.pdf-toc .lvl-1 { padding-left: 5mm; }
.pdf-toc .lvl-2 { padding-left: 10mm; font-weight: 600; }
.pdf-toc .lvl-3 { padding-left: 15mm; color: #444; font-size: 9.5pt; }
.pdf-toc .lvl-4 { padding-left: 20mm; color: #444; font-size: 9.5pt; }
.pdf-toc .parent { font-weight: 700; }
.pdf-toc .group { padding-top: 2mm; font-weight: 700; }

.pdf-box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 1px solid #000; box-sizing: border-box;
  margin-right: 2mm; vertical-align: -.4mm; flex: 0 0 auto; }
.pdf-box--single { border-radius: 50%; }
.pdf-box--multi { border-radius: 1px; }
.md-typeset .pdf-quiz { break-inside: avoid; margin: 0 0 5mm; }
.md-typeset .pdf-quiz__q { margin: 0 0 1.5mm; }
.md-typeset .pdf-quiz__n { font-weight: 700; }
.md-typeset ul.pdf-quiz__answers { list-style: none; margin: 0 0 0 1mm; padding: 0; }
.md-typeset ul.pdf-quiz__answers > li { display: flex; align-items: baseline; margin: 0 0 1mm; padding: 0; }
.md-typeset ul.pdf-quiz__answers > li::before { content: none; }
.md-typeset .pdf-quiz__letter { flex: 0 0 1.6em; }
.md-typeset .pdf-quiz__legend { font-size: .9em; color: var(--md-default-fg-color--light); }

.md-typeset ol.pdf-dialogue__steps { list-style: none; margin: 0; padding: 0; }
.md-typeset ol.pdf-dialogue__steps > li { margin-left: 0; }
.md-typeset .pdf-dialogue__step { break-inside: avoid; margin: 0 0 4mm; }
.md-typeset .pdf-dialogue__step h3 { margin: 0 0 1mm; font-size: 1em; }
.md-typeset .pdf-dialogue__step p { margin: 0 0 1mm; }
.md-typeset ol.pdf-dialogue__replies { list-style: none; margin: 1mm 0 0 1mm; padding: 0; }
.md-typeset ol.pdf-dialogue__replies > li { margin: 0 0 1mm; padding: 0; }
.md-typeset .pdf-dialogue__go { white-space: nowrap; font-weight: 700; }
.md-typeset .pdf-key h2 { break-after: avoid; }
.md-typeset ol.pdf-key__list { list-style: none; margin: 0; padding: 0; }
.md-typeset ol.pdf-key__list > li { margin: 0 0 2mm; padding: 0; break-inside: avoid; }
.md-typeset .pdf-key__ans { font-weight: 700; }
.md-typeset .pdf-key__why { margin: .5mm 0 0 5mm; font-size: .92em; }
"""

# ----------------------------------------------------- тренажёр разговора на бумаге

LETTERS = "абвгдежзиклмн"
MOOD_LABEL = "Настроение клиента"
ENDING_LABELS = {"success": "успех", "partial": "частично", "failure": "провал"}


def _points(n: int) -> str:
    word = "балл" if n % 10 == 1 and n % 100 != 11 else (
        "балла" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "баллов")
    return f"{n} {word}"


def _paper_replies(node: dict) -> list[dict]:
    """Реплики в порядке для бумаги: перемешаны одинаково при каждой печати (по хешу текста),
    чтобы лучшая не узнавалась по месту, как на сайте, где их перемешивает плеер."""
    return sorted(node["replies"], key=lambda r: hashlib.sha1(r["text"].encode("utf-8")).hexdigest())


def paper_order(data: dict) -> list[str]:
    """Узлы по номерам шагов: шаг 1 — начало, остальные перемешаны одинаково при каждой печати.

    Номера по порядку пути лучших реплик выдали бы лучший ответ («всегда на следующий шаг»), а
    номера в ширину — ответ, что ведёт к меньшему номеру; поэтому, как в книгах-играх, номер
    шага ничего не говорит о реплике. Концовки — тоже шаги, с итогом разговора.
    """
    def mixed(nid: str) -> str:
        return hashlib.sha1(f"{data['id']}/{nid}".encode("utf-8")).hexdigest()

    rest = sorted((nid for nid in data["nodes"] if nid != data["start"]), key=mixed)
    return [data["start"], *rest]


def dialogue_paper(data: dict, pass_mark: float = 0.8) -> dict[str, str]:
    """Сценарий диалога для книги: ``script`` — шаги с репликами и «→ шаг N», ``key`` — баллы и разбор."""
    esc = html.escape
    order = paper_order(data)
    number = {nid: i for i, nid in enumerate(order, 1)}
    nodes = data["nodes"]
    steps, key = [], []
    for nid in order:
        node = nodes[nid]
        n = number[nid]
        parts = [f'<h3>Шаг {n}</h3>']
        if node.get("mood"):
            parts.append(f'<p class="pdf-dialogue__mood">{MOOD_LABEL}: {esc(node["mood"])}</p>')
        for line in node["lines"]:
            text = esc(line["text"])
            parts.append(f"<p><em>{text}</em></p>" if line["who"] == "narration"
                         else f"<p><strong>{esc(data['client']['name'])}:</strong> {text}</p>")
        if "ending" in node:
            kind = ENDING_LABELS.get(node["ending"]["kind"], node["ending"]["kind"])
            parts.append(f'<p class="pdf-dialogue__end"><strong>Концовка: {esc(kind)}.</strong> '
                         f'{esc(node["ending"]["text"])}</p>')
        else:
            items, why = [], []
            for letter, reply in zip(LETTERS, _paper_replies(node)):
                go = f'<span class="pdf-dialogue__go">→ шаг {number[reply["next"]]}</span>'
                items.append(f'<li>{letter}) {esc(reply["text"])} {go}</li>')
                best = " — лучший ответ" if reply["best"] else ""
                why.append(f'<div class="pdf-key__why">{letter}) {_points(reply["points"])}{best}. '
                           f'{esc(reply["feedback"])}</div>')
            parts.append(f'<ol class="pdf-dialogue__replies">{"".join(items)}</ol>')
            key.append(f'<li><span class="pdf-key__ans">Шаг {n}.</span>{"".join(why)}</li>')
        steps.append(f'<li class="pdf-dialogue__step">{"".join(parts)}</li>')
    best_steps, current = [], data["start"]
    while current in nodes and "replies" in nodes[current] and current not in best_steps:
        best_steps.append(current)
        current = next(r["next"] for r in nodes[current]["replies"] if r["best"])
    path = " → ".join(str(number[nid]) for nid in [*best_steps, current] if nid in number)
    script = (
        '<div class="pdf-dialogue"><h2>Сценарий разговора</h2>'
        "<p>Начни с шага 1: прочитай, что говорит клиент, выбери ответ и переходи к шагу, на который указывает "
        "стрелка, — до концовки. Запиши выбранные буквы: баллы за каждый ответ и разбор — в конце книги, "
        "в «Ответах к тестам».</p>"
        f'<ol class="pdf-dialogue__steps">{"".join(steps)}</ol></div>'
    )
    key_html = (f'<p>Лучший путь: шаги {path} — {_points(data["max"])}, больше не набрать. Зачёт — '
                f"{round(pass_mark * 100)}% от лучшего и концовка не «провал».</p>"
                f'<ol class="pdf-key__list">{"".join(key)}</ol>')
    return {"title": f"Тренажёр: {data['title']}", "script": script, "key": key_html}


def dialogue_papers(site: Path) -> dict[str, dict[str, str]]:
    """Сценарии всех тренажёров сайта: slug → ``dialogue_paper`` (из assets/kb/dialogue-*.js)."""
    def load(path: Path, start: str) -> dict:
        text = path.read_text(encoding="utf-8")
        try:
            return json.loads(text[text.index(start) + len(start):text.rindex(";})")])
        except ValueError as err:
            raise PdfError(f"данные курса {path.name} не читаются: {err}") from None

    data_dir = site / "assets" / "kb"
    course = data_dir / "course.js"
    pass_mark = load(course, "d.course=").get("pass_mark", 0.8) if course.is_file() else 0.8
    papers = {}
    for path in sorted(data_dir.glob("dialogue-*.js")):
        data = load(path, "]=")
        papers[data["id"]] = dialogue_paper(data, pass_mark)
    return papers


# Собирает документ в странице PRINT_PATH. Страницы сайта читаются fetch-ем и
# DOMParser-ом: их скрипты не выполняются, в печать идёт то, что построила сборка.
ASSEMBLE_JS = r"""
async ({skip, css, mark, printedOn, dialogues, finalPool, finalSection, finalKey}) => {
  const origin = location.origin;
  const parse = (text) => new DOMParser().parseFromString(text, "text/html");
  const get = async (path) => {
    const res = await fetch(origin + "/" + path);
    if (!res.ok) throw new Error(`страница /${path}: HTTP ${res.status}`);
    return parse(await res.text());
  };
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
  const home = await get("");

  // стили сайта (и его правила печати), атрибуты темы на body
  const loads = [];
  for (const link of home.querySelectorAll('link[rel="stylesheet"]')) {
    const el = document.createElement("link");
    el.rel = "stylesheet";
    el.href = new URL(link.getAttribute("href"), origin + "/").href;
    loads.push(new Promise((ok) => { el.onload = ok; el.onerror = ok; }));
    document.head.append(el);
  }
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  for (const attr of home.body.attributes) document.body.setAttribute(attr.name, attr.value);

  // порядок — боковая навигация собранного сайта. С navigation.prune на странице
  // раскрыта только её ветка: свёрнутый раздел (md-nav__item--pruned) раскрывается
  // по боковой панели страницы внутри него — у всех страниц одно и то же дерево.
  const cache = new Map();
  const page = (path) => {
    if (!cache.has(path)) cache.set(path, get(path));
    return cache.get(path);
  };
  const pathOf = (a, base) => decodeURI(new URL(a.getAttribute("href"), base).pathname.slice(1));
  const parseNav = (ul, base) => [...ul.children].filter((li) => li.matches("li.md-nav__item")).map((li) => {
    if (li.classList.contains("md-nav__item--pruned")) {
      const a = li.querySelector(":scope > a.md-nav__link");
      return {title: clean(li.textContent), pruned: true, href: pathOf(a, base)};
    }
    if (li.classList.contains("md-nav__item--nested")) {
      const a = li.querySelector(":scope > .md-nav__container > a.md-nav__link");
      const label = li.querySelector(":scope > label.md-nav__link, :scope > .md-nav__link");
      const sub = li.querySelector(":scope > nav.md-nav:not(.md-nav--secondary) > ul");
      return {title: clean((a || label).textContent), path: a ? pathOf(a, base) : null,
              children: sub ? parseNav(sub, base) : []};
    }
    const a = li.querySelector(":scope > a.md-nav__link");
    // «Проверь себя» у тезиса — ссылка на раздел его же страницы (якорь), а не отдельная страница
    if (new URL(a.getAttribute("href"), base).hash) return null;
    return {title: clean(a.textContent), path: pathOf(a, base), children: null};
  }).filter(Boolean);
  const navOf = (doc, path) => {
    const ul = doc.querySelector("nav.md-nav--primary > ul");
    if (!ul) throw new Error(`на странице /${path} нет боковой навигации (nav.md-nav--primary)`);
    return parseNav(ul, origin + "/" + path);
  };
  const expand = async (nodes, at) => {
    for (let k = 0; k < nodes.length; k++) {
      if (nodes[k].pruned) {
        let node = {children: navOf(await page(nodes[k].href), nodes[k].href)};
        for (const i of [...at, k]) node = node && node.children && node.children[i];
        if (!node || node.pruned) throw new Error(`раздел «${nodes[k].title}» не раскрылся в навигации страницы /${nodes[k].href}`);
        nodes[k] = node;
      }
      if (nodes[k].children) await expand(nodes[k].children, [...at, k]);
    }
  };
  const tree = navOf(home, "");
  await expand(tree, []);
  const entries = [], skipped = [];
  const flatten = (nodes, level) => {
    for (const n of nodes) {
      if (n.path !== null && skip.includes(n.path)) skipped.push(n.title);
      else entries.push({title: n.title, level, path: n.path});
      if (n.children) flatten(n.children, level + 1);
    }
  };
  flatten(tree, 0);
  const pages = entries.filter((e) => e.path !== null);
  const index = new Map(pages.map((p, i) => [p.path, i]));
  const docs = await Promise.all(pages.map((p) => page(p.path)));

  const letters = "абвгдежзиклмн";
  const key = [];
  let qNo = 0;
  const sections = [];
  docs.forEach((doc, i) => {
    const page = pages[i];
    const pageUrl = origin + "/" + page.path;
    const article = doc.querySelector("article.md-content__inner");
    if (!article) throw new Error(`на странице /${page.path} нет article.md-content__inner`);
    article.querySelectorAll(".headerlink, .md-content__button, .quiz-intro, .quiz-header-link, script, style, noscript, .md-source-file, #quiz-progress-sidebar, #quiz-progress-mobile")
      .forEach((el) => el.remove());
    article.querySelectorAll("details").forEach((el) => el.setAttribute("open", ""));
    article.querySelectorAll("[src]").forEach((el) => el.setAttribute("src", new URL(el.getAttribute("src"), pageUrl).href));
    const h1 = article.querySelector("h1");
    page.heading = h1 ? clean(h1.textContent) : page.title;

    // тесты: вопрос с пустыми кружками/квадратиками, ответы — в конец
    const quizzes = [...article.querySelectorAll("div.quiz")];
    if (quizzes.length) key.push({title: page.heading, items: []});
    for (const quiz of quizzes) {
      qNo += 1;
      const answers = [...quiz.querySelectorAll("fieldset > div")].filter((d) => d.querySelector("input"));
      const multi = answers.some((d) => d.querySelector("input").type === "checkbox");
      const box = `<span class="pdf-box pdf-box--${multi ? "multi" : "single"}"></span>`;
      const question = quiz.querySelector(".quiz-question");
      const out = doc.createElement("div");
      out.className = "pdf-quiz";
      out.id = quiz.id || "";
      let qHtml = question ? question.innerHTML.trim() : "";
      const numbered = `<span class="pdf-quiz__n">Вопрос ${qNo}.</span> `;
      qHtml = /^<p[\s>]/.test(qHtml) ? qHtml.replace(/^<p([^>]*)>/, `<p class="pdf-quiz__q"$1>${numbered}`)
                                    : `<p class="pdf-quiz__q">${numbered}${qHtml}</p>`;
      const items = [], right = [];
      answers.forEach((d, n) => {
        const label = d.querySelector("label");
        const letter = letters[n] || String(n + 1);
        items.push(`<li>${box}<span class="pdf-quiz__letter">${letter})</span><span>${label ? label.innerHTML : ""}</span></li>`);
        if (d.querySelector("input").dataset.correct === "true") {
          const fb = d.querySelector(".answer-feedback");
          right.push({letter, why: fb ? fb.innerHTML.trim() : ""});
        }
      });
      out.innerHTML = qHtml + `<ul class="pdf-quiz__answers">${items.join("")}</ul>`;
      quiz.replaceWith(out);
      key[key.length - 1].items.push({n: qNo, right, multi});
    }

    // тренажёр разговора: вместо плеера — сценарий с шагами (его собирает Python), разбор — в конец
    for (const mount of article.querySelectorAll(".kb-dialogue[data-kb-dialogue]")) {
      const paper = dialogues[mount.dataset.kbDialogue];
      if (!paper) throw new Error(`нет сценария тренажёра ${mount.dataset.kbDialogue} (assets/kb/dialogue-*.js)`);
      article.querySelectorAll(".kb-dialogue-intro__how").forEach((el) => el.remove());
      const script = doc.createElement("div");
      script.innerHTML = paper.script;
      mount.replaceWith(...script.childNodes);
      key.push({title: paper.title, html: paper.key});
    }

    // id страниц уникальны в книге: p<номер>-<id>; ссылки ведут внутрь PDF
    article.querySelectorAll("[id]").forEach((el) => { el.id = `p${i}-${el.id}`; });
    article.querySelectorAll("a[href]").forEach((a) => {
      const url = new URL(a.getAttribute("href"), pageUrl);
      if (url.origin !== origin) { a.setAttribute("href", url.href); return; }
      const target = index.get(decodeURI(url.pathname.slice(1)));
      if (target === undefined) { a.replaceWith(...a.childNodes); return; }
      const hash = decodeURIComponent(url.hash.slice(1));
      a.setAttribute("href", hash ? `#p${target}-${hash}` : `#p${target}`);
    });
    const section = document.createElement("section");
    section.className = "pdf-page md-typeset";
    section.id = `p${i}`;
    section.innerHTML = `<span class="pdf-mark">${mark.replace("{}", i)}</span>` + article.innerHTML;
    sections.push(section);
  });

  // вопросы итогового теста: на сайте их нет — в книге отдельный раздел, ответы — в общем ключе
  const numberedQuestion = (html, n) => {
    const numbered = `<span class="pdf-quiz__n">Вопрос ${n}.</span> `;
    html = html.trim();
    return /^<p[\s>]/.test(html) ? html.replace(/^<p([^>]*)>/, `<p class="pdf-quiz__q"$1>${numbered}`)
                                 : `<p class="pdf-quiz__q">${numbered}${html}</p>`;
  };
  let finalNo = null;
  if (finalPool.length) {
    finalNo = pages.length;
    const parts = [];
    for (const group of finalPool) {
      const items = [];
      parts.push(`<h2 id="p${finalNo}-${esc(group.id)}">${esc(group.title)}</h2>`);
      for (const q of group.questions) {
        qNo += 1;
        const box = `<span class="pdf-box pdf-box--${q.multiple ? "multi" : "single"}"></span>`;
        const right = [];
        const lis = q.answers.map((a, n) => {
          const letter = letters[n] || String(n + 1);
          if (a.correct) right.push({letter, why: a.feedback});
          return `<li>${box}<span class="pdf-quiz__letter">${letter})</span><span>${a.html}</span></li>`;
        });
        parts.push(`<div class="pdf-quiz">${numberedQuestion(q.html, qNo)}<ul class="pdf-quiz__answers">${lis.join("")}</ul></div>`);
        items.push({n: qNo, right, multi: q.multiple});
      }
      key.push({title: finalKey.replace("{}", group.title), items});
    }
    const section = document.createElement("section");
    section.className = "pdf-page md-typeset pdf-final";
    section.id = `p${finalNo}`;
    section.innerHTML = `<span class="pdf-mark">${mark.replace("{}", finalNo)}</span><h1>${esc(finalSection)}</h1>` +
      `<p>Вопросы итогового теста — по тезисам. На сайте их нет: итоговый тест показывает ученику только ` +
      `результат и что перечитать. Ответы — в конце, в разделе «Ответы к тестам», под заголовками ` +
      `«${esc(finalKey.replace("{}", "…"))}».</p>` + parts.join("");
    sections.push(section);
  }

  // ответы к тестам
  const keySection = document.createElement("section");
  const keyNo = pages.length + (finalNo === null ? 0 : 1);
  keySection.className = "pdf-page md-typeset pdf-key";
  keySection.id = `p${keyNo}`;
  keySection.innerHTML = `<span class="pdf-mark">${mark.replace("{}", keyNo)}</span><h1>Ответы к тестам</h1>` +
    `<p>Номер вопроса, верный ответ и почему он верен; у тренажёров разговора — баллы и разбор каждого ответа ` +
    `по шагам. Сначала ответь сам, потом сверяйся.</p>` +
    key.map((t) => t.html !== undefined ? `<h2>${esc(t.title)}</h2>${t.html}` : `<h2>${esc(t.title)}</h2><ol class="pdf-key__list">` + t.items.map((q) =>
      `<li><span class="pdf-key__ans">${q.n}. ${q.right.map((r) => r.letter).join(", ")}</span>` +
      q.right.map((r) => `<div class="pdf-key__why">${q.right.length > 1 ? r.letter + ") " : ""}${r.why}</div>`).join("") +
      `</li>`).join("") + `</ol>`).join("");
  sections.push(keySection);

  // обложка и содержание
  const siteName = clean(home.querySelector(".md-header__topic .md-ellipsis")?.textContent) ||
    clean(home.title.split(" - ").pop());
  const description = home.querySelector('meta[name="description"]')?.content || "";
  document.title = siteName;
  const cover = document.createElement("section");
  cover.className = "pdf-cover";
  cover.innerHTML =
    `<p class="pdf-cover__kicker">Курс и база знаний · печатная версия</p>` +
    `<h1>${esc(siteName)}</h1><p class="pdf-cover__lead">${esc(clean(description))}</p>` +
    `<p class="pdf-cover__meta">Страниц курса: ${pages.length} · вопросов в тестах: ${qNo} · ${esc(printedOn)}</p>` +
    `<div class="pdf-cover__legend">В тестах <span class="pdf-box pdf-box--single"></span> означает один верный ` +
    `ответ, <span class="pdf-box pdf-box--multi"></span> — несколько. Верные ответы с пояснениями — в конце, ` +
    `в разделе «Ответы к тестам». Интерактивные части сайта (отметки в чек-листах, поля шаблонов, прогресс, ` +
    `итоговый тест) на бумаге не работают: их место — сайт курса.</div>`;
  const tocEntries = [];
  entries.forEach((e, k) => {
    const parent = k + 1 < entries.length && entries[k + 1].level > e.level && e.level < 2 ? " parent" : "";
    if (e.path === null) tocEntries.push(`<li class="lvl-${e.level} group">${esc(e.title)}</li>`);
    else {
      const n = index.get(e.path);
      tocEntries.push(`<li class="lvl-${e.level}${parent}"><a href="#p${n}"><span class="t">${esc(e.title)}</span>` +
        `<span class="d"></span><span class="n" data-target="${n}">000</span></a></li>`);
    }
  });
  if (finalNo !== null) {
    tocEntries.push(`<li class="lvl-0"><a href="#p${finalNo}"><span class="t">${esc(finalSection)}</span>` +
      `<span class="d"></span><span class="n" data-target="${finalNo}">000</span></a></li>`);
  }
  tocEntries.push(`<li class="lvl-0"><a href="#p${keyNo}"><span class="t">Ответы к тестам</span>` +
    `<span class="d"></span><span class="n" data-target="${keyNo}">000</span></a></li>`);
  const toc = document.createElement("nav");
  toc.className = "pdf-toc";
  toc.innerHTML = `<h1>Содержание</h1><ol>${tocEntries.join("")}</ol>`;

  document.body.replaceChildren(cover, toc, ...sections);
  await Promise.all(loads);
  await document.fonts.ready;
  return {
    title: siteName,
    pages: pages.map((p) => ({path: p.path, title: p.title, heading: p.heading})),
    questions: qNo,
    finalQuestions: finalPool.reduce((sum, g) => sum + g.questions.length, 0),
    skipped,
    keyNo,
  };
}
"""

FILL_TOC_JS = r"""
(numbers) => {
  document.querySelectorAll(".pdf-toc .n[data-target]").forEach((el) => {
    el.textContent = String(numbers[el.dataset.target] ?? "");
  });
  document.querySelectorAll(".pdf-mark").forEach((el) => el.remove());
}
"""


def shell_html() -> str:
    return ('<!doctype html><html lang="ru"><head><meta charset="utf-8">'
            "<title>Печать курса</title></head><body></body></html>")


def footer_template(title: str) -> str:
    return (
        '<div style="width:100%; font-size:8pt; color:#555; '
        "font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif; "
        f"padding:0 {MARGIN['right']} 0 {MARGIN['left']}; display:flex; justify-content:space-between;\">"
        f"<span>{html.escape(title)}</span>"
        '<span>стр. <span class="pageNumber"></span> из <span class="totalPages"></span></span></div>'
    )


def page_texts(pdf: Path) -> list[str]:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True)
    if result.returncode != 0:
        raise PdfError(f"pdftotext не прочитал {pdf}: {result.stderr.strip()}")
    pages = result.stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def locate_marks(texts: list[str], count: int) -> dict[str, int]:
    """Номер листа (с 1), на котором стоит метка каждой страницы курса."""
    found: dict[str, int] = {}
    for number, text in enumerate(texts, 1):
        for match in MARK_RE.finditer(text):
            found.setdefault(match.group(1), number)
    missing = [str(i) for i in range(count) if str(i) not in found]
    if missing:
        raise PdfError(f"не нашлись метки страниц {', '.join(missing)} в первом проходе печати: "
                       "номера в содержании проставить нельзя")
    return found


# ----------------------------------------------------------------------- печать


def render(site: Path, out: Path, html_copy: Path | None = None, skip: list[str] = SKIP_PAGES) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    server = LocalServer(site, _Handler, shell=shell_html().encode("utf-8"))
    external: list[str] = []
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run"])
            except PlaywrightError as err:
                raise PdfError(f"Chromium ({CHROMIUM}) не запустился: {str(err).splitlines()[0]}") from None
            try:
                context = browser.new_context(locale="ru-RU")

                def guard(route):
                    if route.request.url.startswith((server.url, "data:", "blob:")):
                        return route.continue_()
                    external.append(route.request.url)
                    return route.abort()

                context.route("**/*", guard)
                page = context.new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.goto(server.url + PRINT_PATH.lstrip("/"))
                today = dt.date.today().strftime("%d.%m.%Y")
                try:
                    info = page.evaluate(ASSEMBLE_JS, {"skip": skip, "css": PRINT_CSS, "mark": MARK,
                                                       "finalPool": final_pool(), "finalSection": FINAL_SECTION,
                                                       "finalKey": FINAL_KEY,
                                                       "printedOn": f"напечатано {today}",
                                                       "dialogues": dialogue_papers(site)})
                except PlaywrightError as err:
                    raise PdfError(f"печатный документ не собрался: {str(err).splitlines()[0]}") from None
                if external:
                    raise PdfError("печатный документ обращается к чужим хостам (запросы заблокированы): "
                                   + ", ".join(sorted(set(external))[:5]))
                pdf_options = dict(
                    format="A4", print_background=True, margin=MARGIN, display_header_footer=True,
                    header_template="<span></span>", footer_template=footer_template(info["title"]),
                    outline=True, tagged=True)
                with tempfile.TemporaryDirectory() as tmp:
                    draft = Path(tmp) / "draft.pdf"
                    page.pdf(path=str(draft), **pdf_options)
                    draft_texts = page_texts(draft)
                    marks = locate_marks(draft_texts, info["keyNo"] + 1)
                page.evaluate(FILL_TOC_JS, marks)
                if html_copy:
                    html_copy.parent.mkdir(parents=True, exist_ok=True)
                    html_copy.write_text(page.content(), encoding="utf-8")
                out.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(out), **pdf_options)
            finally:
                browser.close()
    finally:
        server.close()
    if external:
        raise PdfError("печатный документ обращается к чужим хостам (запросы заблокированы): "
                       + ", ".join(sorted(set(external))[:5]))
    texts = page_texts(out)
    if len(texts) != len(draft_texts):
        raise PdfError(f"между проходами печати сдвинулась вёрстка ({len(draft_texts)} и {len(texts)} "
                       "страниц): номера в содержании были бы неверны")
    return {**info, "sheets": len(texts), "marks": marks, "js_errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Весь курс одной книгой в PDF (Chromium + Playwright)")
    parser.add_argument("--site", type=Path, help="готовый собранный сайт (иначе соберу во временную папку)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / f"{COURSE_SLUG}.pdf", help="файл PDF")
    parser.add_argument("--html", type=Path, help="сохранить и печатный HTML (для отладки вёрстки)")
    parser.add_argument("--skip", action="append", default=[], metavar="ПУТЬ",
                        help="не печатать ещё и эту страницу, путь как в адресе: progress/ (можно несколько)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        check_tools()
        with tempfile.TemporaryDirectory(prefix="kb-pdf-") as tmp:
            if args.site:
                site = args.site.resolve()
                if not (site / "index.html").is_file():
                    raise PdfError(f"в {site} нет index.html: это не собранный сайт")
            else:
                print("Собираю сайт (mkdocs build)…")
                site = build_site(Path(tmp) / "site")
            built = time.monotonic()
            skip = SKIP_PAGES + [p.strip("/") + "/" for p in args.skip]
            result = render(site, args.out.resolve(), args.html, skip)
    except PdfError as err:
        print(f"make pdf: {err}", file=sys.stderr)
        return 1
    size = args.out.stat().st_size / 1024 / 1024
    print(f"Страниц курса: {len(result['pages'])}, вопросов: {result['questions']} (из них итогового теста: "
          f"{result['finalQuestions']}), листов A4: {result['sheets']}")
    if result["skipped"]:
        print("Только на сайте, в книгу не вошли: " + ", ".join(f"«{t}»" for t in result["skipped"]))
    print(f"PDF: {os.path.relpath(args.out)} ({size:.1f} МБ) за {time.monotonic() - started:.1f} с "
          f"(печать {time.monotonic() - built:.1f} с)")
    if result["js_errors"]:
        print("Внимание: ошибки JavaScript при сборке документа: " + "; ".join(result["js_errors"][:3]),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
