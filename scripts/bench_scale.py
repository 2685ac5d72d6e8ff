#!/usr/bin/env python3
"""Цифры роста базы знаний: `make bench-scale`. Печатает таблицу, ничего не проверяет.

Во временной папке собирает копии сайта, где тезисов N (по умолчанию 6, 60 и 300):
первая тема — настоящая, остальные — копии её шести тезисов (со своими id, тестами и
справкой) в новых разделах по 5 тем. Для каждой копии:

* CPU проверки содержания (kb.validate, в отдельном процессе, медиана);
* CPU строгой сборки курса и «голой» сборки Material тех же страниц (тема material,
  те же расширения Markdown, без хука, mkdocs-quiz и плагинов курса) парами: первая пара —
  на пустом кеше сборки (.cache/kb: шаблоны, typograf, terser, PurgeCSS), перед каждой
  следующей в один тезис дописывается строка, как при работе автора; медианы CPU; CPU на
  страницу и его отношение в каждой паре, медиана пар (курс собирает ещё шпаргалки тем — у
  Material их нет, поэтому сравниваем на страницу), и отношение всей сборки;
* вес HTML страницы тезиса; сколько байт (gzip) грузит страница тезиса в Chromium без
  поискового индекса и сколько из них — данные курса (assets/kb/*.js);
* правка → страница: `make preview` (scripts/preview.py) последней темы копии; в её тезис
  дописывается строка, и часы идут до тех пор, пока страница тезиса, которую отдаёт просмотр
  по HTTP, не покажет эту строку (медиана трёх правок, время на часах);
* что скачивает поиск, когда начали искать (готовый индекс и полный), сырое и gzip;
  сколько CPU сборки ушло на готовый индекс; время по часам страницы в Chromium от «/»
  до первого ответа и до фрагментов текста (медиана трёх замеров без кеша); память
  индекса в воркере поиска (воркер Material с модулями курса, в Node.js) и время
  запроса в нём.

Замеры — CPU-секунды процессов (user+sys), а не время на часах; запускай, когда
машина ничем больше не занята. BENCH_SIZES=6,60 и BENCH_RUNS=5 (по умолчанию; для больших
размеров на одну меньше) меняют размеры и повторы.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from kb import search_index  # noqa: E402
from kb.local_server import LocalServer  # noqa: E402
PY = sys.executable
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SECTION, TOPIC = "kommunikatsiya-i-pr", "klienty-i-partnery"
TOPICS_PER_SECTION = 5
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SEARCH_RUNS = 3  # замеров поиска на размер (медиана)
RELOAD_RUNS = 3  # правок на размер в замере «правка → страница» (медиана)
MATERIAL = Path(__import__("material").__file__).parent / "templates"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def kib(n: float) -> str:
    return f"{n / 1024:,.0f} КиБ".replace(",", " ")


# ---------------------------------------------------------------- копии базы ---

def make_copy(dest: Path, theses: int) -> None:
    """Копия репозитория, где тем столько, чтобы тезисов было ``theses`` (кратно шести)."""
    for name in ("mkdocs.yml", "overrides", "scripts", "quizzes", "dialogues"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    if (ROOT / "node_modules").is_dir():  # typograf для неразрывных пробелов (kb.typography) — как в make build
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    shutil.copytree(ROOT / "docs", dest / "docs")
    topic_dir = ROOT / "docs" / SECTION / TOPIC
    real = sorted(p.parent.name for p in topic_dir.glob("*/index.md"))
    copies = max(theses // len(real), 1) - 1
    for n in range(copies):
        s, t = divmod(n + 1, TOPICS_PER_SECTION)
        section = f"razdel-{s}" if s else SECTION
        sdir = dest / "docs" / section
        if not (sdir / "index.md").exists():
            text = (ROOT / "docs" / SECTION / "index.md").read_text(encoding="utf-8")
            text = text.replace("title: Коммуникация и PR", f"title: Раздел {s}").replace("order: 1", f"order: {s + 1}")
            sdir.mkdir(parents=True)
            (sdir / "index.md").write_text(text, encoding="utf-8")
        tdir = sdir / f"tema-{n + 1}"
        shutil.copytree(topic_dir, tdir)
        index = tdir / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace(
            "title: Коммуникация с клиентами и партнёрами", f"title: Тема {n + 1}").replace("order: 1", f"order: {t + 1}"),
            encoding="utf-8")
        for slug in real:
            page = tdir / slug / "index.md"
            quiz = f"{slug}-{n + 1}"
            text = page.read_text(encoding="utf-8")
            text = text.replace(f"id: {slug}\n", f"id: {quiz}\n").replace(f"quiz: quizzes/{slug}.md", f"quiz: quizzes/{quiz}.md")
            if f"dialogue: dialogues/{slug}.md" in text:  # у каждой копии тезиса — свой тренажёр
                text = text.replace(f"dialogue: dialogues/{slug}.md", f"dialogue: dialogues/{quiz}.md")
                shutil.copy(ROOT / "dialogues" / f"{slug}.md", dest / "dialogues" / f"{quiz}.md")
            page.write_text(text, encoding="utf-8")
            shutil.copy(ROOT / "quizzes" / f"{slug}.md", dest / "quizzes" / f"{quiz}.md")
            shutil.copy(ROOT / "quizzes" / "final" / f"{slug}.md", dest / "quizzes" / "final" / f"{quiz}.md")


def bare_config(dest: Path) -> Path:
    """Тот же сайт «голым» Material: тема и расширения Markdown те же, без хука и плагинов курса."""
    lines = (dest / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    keep, skip = [], False
    for line in lines.splitlines():
        top = line[:1] not in (" ", "\t", "#", "")
        if top:
            skip = line.split(":")[0] in {"hooks", "plugins", "extra_javascript", "validation", "extra", "strict"}
        if not skip:
            keep.append(line.replace("custom_dir: overrides", "custom_dir: overrides-bare"))
    (dest / "overrides-bare").mkdir(exist_ok=True)
    keep += ["plugins:", "  - search", "extra:", "  generator: false"]
    cfg = dest / "mkdocs-bare.yml"
    cfg.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return cfg


# ---------------------------------------------------------------- замеры ---

def children_cpu() -> float:
    """CPU (user+sys) завершённых дочерних процессов этого скрипта."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of(cmd: list[str], cwd: Path) -> float:
    before = children_cpu()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return children_cpu() - before


VALIDATE = ("import sys,time; sys.path.insert(0,'scripts'); from kb.validate import validate; "
            "t=time.process_time(); p=validate('.'); print(time.process_time()-t, len(p))")


def validator_cpu(dest: Path) -> float:
    out = subprocess.run([PY, "-c", VALIDATE], cwd=dest, env=ENV, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0])


SEARCH_CLOCK = """() => {
  const clock = window.kbClock = {}
  addEventListener("keydown", () => { clock.start = clock.start || performance.now() }, true)
  new MutationObserver((_, observer) => {
    if (!clock.result && document.querySelector(".md-search-result__item")) clock.result = performance.now()
    const teasers = document.querySelectorAll(".md-search-result__article > p")
    if ([...teasers].some(p => p.textContent.trim())) { clock.teaser = performance.now(); observer.disconnect() }
  }).observe(document.body, { childList: true, subtree: true })
}"""


def keep(loaded: dict[str, bytes], response) -> None:
    """Тело ответа для подсчёта байт; ответы, которые браузер уже выбросил, пропускаем."""
    if response.ok:
        try:
            loaded[response.url] = response.body()
        except Exception:  # noqa: BLE001 — тело недоступно (переход, кеш): не наш байт
            pass


def browser_figures(site: Path, thesis_url: str, query: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server = LocalServer(site)
    base = server.url
    loaded: dict[str, bytes] = {}
    figures: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        collect = lambda r: keep(loaded, r)  # noqa: E731
        page.on("response", collect)
        page.goto(base + thesis_url, wait_until="load")
        page.wait_for_timeout(1500)
        # дальше тела ответов не собираем: десятки мегабайт индекса через Playwright заняли бы
        # процессор во время замера поиска
        page.remove_listener("response", collect)
        own = {u: b for u, b in loaded.items() if "search_index" not in u}
        figures["page_gz"] = sum(gz(b) for b in own.values())
        figures["data_raw"] = sum(len(b) for u, b in own.items() if "/assets/kb/" in u)
        figures["data_gz"] = sum(gz(b) for u, b in own.items() if "/assets/kb/" in u)
        page.close()
        # страница тренажёра того же тезиса: всё, что она качает (HTML, стили, скрипты, данные диалога)
        loaded.clear()
        page = browser.new_page()
        page.on("response", collect)
        page.goto(base + thesis_url + "trenazher/", wait_until="load")
        page.wait_for_timeout(1500)
        page.remove_listener("response", collect)
        figures["dialogue_gz"] = sum(gz(b) for u, b in loaded.items() if "search_index" not in u)
        page.close()
        # время по часам страницы: от нажатия «/» до первого результата в списке и до
        # фрагментов текста под заголовками (без задержек самого Playwright); медиана трёх
        # замеров, каждый в новом контексте браузера — без кеша, как у нового читателя
        ready, teaser = [], []
        for _ in range(SEARCH_RUNS):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + thesis_url, wait_until="load")
            page.wait_for_timeout(1500)
            page.evaluate(SEARCH_CLOCK)
            page.keyboard.press("/")
            page.keyboard.type(query)
            page.keyboard.press("End")  # кириллицу Playwright вводит без keyup, а Material ищет по keyup
            page.wait_for_function("window.kbClock.teaser", timeout=60000)
            clock = page.evaluate("window.kbClock")
            ready.append((clock["result"] - clock["start"]) / 1000)
            teaser.append((clock["teaser"] - clock["start"]) / 1000)
            context.close()
        figures["search_ready"], figures["search_teaser"] = statistics.median(ready), statistics.median(teaser)
        browser.close()
    server.close()
    return figures


WORKER_MEMORY = r"""
// Память и время поиска в воркере: как в workers/kb-search.js — воркер Material, модули курса,
// готовый индекс (если сборка его положила) и тексты из полного; иначе Material строит индекс сам.
const fs = require("fs"), path = require("path"), vm = require("vm");
const [worker, lunrDir, modules, full, prebuilt] = process.argv.slice(2);  // prebuilt — если есть
let handler, ready;
const self = globalThis;
self.self = self;
self.addEventListener = (type, fn) => { handler = fn; };
self.importScripts = (...urls) => urls.forEach(u => vm.runInThisContext(fs.readFileSync(path.join(lunrDir, path.basename(u)), "utf8")));
self.postMessage = (m) => { if (m.type === 1) ready = true; else self.lastResult = m; };
vm.runInThisContext(fs.readFileSync(worker, "utf8"));
for (const name of ["kb-query.js", "kb-prebuilt.js"]) vm.runInThisContext(fs.readFileSync(path.join(modules, name), "utf8"));
const read = file => JSON.parse(fs.readFileSync(file, "utf8"));
global.gc(); const before = process.memoryUsage().heapUsed;
const t0 = process.hrtime.bigint();
let data;
if (prebuilt) {
  const pre = read(prebuilt);
  data = { config: pre.kb_config, docs: pre.kb_docs, options: { suggest: false } };
  self.lunr = self.kbPrebuilt.install(self.lunr, pre, data.docs);
  self.kbPrebuilt.attachTexts(data.docs, read(full).docs);
} else {
  data = Object.assign(read(full), { options: { suggest: false } });
}
handler({ data: { type: 0, data } });
const check = () => {
  if (!ready) return setTimeout(check, 10);
  const setup = Number(process.hrtime.bigint() - t0) / 1e6;
  global.gc(); const after = process.memoryUsage().heapUsed;
  const q0 = process.hrtime.bigint(); handler({ data: { type: 2, data: "жалоб*" } });
  setTimeout(() => {
    const query = Number(process.hrtime.bigint() - q0) / 1e6;
    console.log(JSON.stringify({ mb: (after - before) / 1048576, setup_ms: setup, query_ms: query }));
  }, 0);
};
check();
"""


def search_files(site: Path) -> list[Path]:
    """Что скачивает поиск, когда ученик начал искать: готовый индекс (если есть), затем полный."""
    full, prebuilt = site / search_index.FULL_INDEX, site / search_index.PREBUILT
    return [prebuilt, full] if prebuilt.is_file() else [full]


def worker_memory(site: Path) -> dict[str, float]:
    worker = next((MATERIAL / "assets/javascripts/workers").glob("search.*.min.js"))
    script = site.parent / "worker-memory.js"
    script.write_text(WORKER_MEMORY, encoding="utf-8")
    out = subprocess.run(["node", "--expose-gc", str(script), str(worker), str(MATERIAL / "assets/javascripts/lunr/min"),
                          str(site / "assets/javascripts/workers"), *map(str, search_files(site)[::-1])],
                         capture_output=True, text=True, timeout=600)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"mb": float("nan"), "setup_ms": float("nan"), "query_ms": float("nan"), "error": out.stderr[-300:]}


def prebuild_cpu(site: Path) -> float:
    """CPU готового индекса поиска (он уже входит в сборку; здесь — отдельно, для сведения):
    тот же вызов, что у сборки, — считается только процесс Node.js."""
    if shutil.which("node") is None or not (site / search_index.PREBUILT).is_file():
        return float("nan")  # сборка готовый индекс не собирала (маленький индекс или нет Node.js)
    before = children_cpu()
    search_index.prebuild(site)
    return children_cpu() - before


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            # неразрывные пробелы сборки (kb.typography) — обычными, как в правке
            return r.read().decode("utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    except (OSError, ValueError):
        return None


def wait_for(url: str, text: str, timeout: float) -> float:
    """Ждать, пока страница по адресу не покажет text; вернуть время по часам (с)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url}: за {timeout:.0f} с не появилось {text!r}")


def preview_reload(dest: Path) -> float:
    """Правка → страница: просмотр последней темы копии, медиана RELOAD_RUNS правок её тезиса, с."""
    topics = sorted(p.parent for p in (dest / "docs").glob("*/*/index.md") if "type: topic" in p.read_text(encoding="utf-8"))
    copies = [t for t in topics if t != dest / "docs" / SECTION / TOPIC]  # копия: с ней в просмотре и первая тема
    topic = (copies or topics)[-1]
    thesis = sorted(topic.glob("*/index.md"))[0]
    key = topic.relative_to(dest / "docs").as_posix()
    url = f"http://127.0.0.1:{free_port()}"
    port = url.rsplit(":", 1)[1]
    proc = subprocess.Popen([PY, str(ROOT / "scripts" / "preview.py"), key, "--port", port, "--root", str(dest)],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = f"{url}/{thesis.parent.relative_to(dest / 'docs').as_posix()}/"
        wait_for(page, "</html>", 600)
        original = thesis.read_text(encoding="utf-8")
        times = []
        for n in range(RELOAD_RUNS):
            mark = f"Правка для замера номер {n + 1}."
            time.sleep(1)  # сборка после прошлой правки закончилась, наблюдатель mkdocs успокоился
            start = time.monotonic()
            thesis.write_text(original.rstrip("\n") + f"\n\n{mark}\n", encoding="utf-8")
            wait_for(page, mark, 120)
            times.append(time.monotonic() - start)
        return statistics.median(times)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(theses: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"kb-scale-{theses}-") as tmp:
        dest = Path(tmp) / "kb"
        dest.mkdir()
        make_copy(dest, theses)
        bare = bare_config(dest)
        row: dict[str, float] = {"theses": len(list((dest / "docs").glob("*/*/*/index.md")))}
        row["validator"] = statistics.median(validator_cpu(dest) for _ in range(runs))
        out, out_bare = dest / "site", dest / "site-bare"
        ours, bares = [], []
        edited = dest / "docs" / SECTION / TOPIC / "podgotovka" / "index.md"
        original = edited.read_text(encoding="utf-8")
        for n in range(runs):  # через раз: медленный дрейф машины ложится на обе сборки пары поровну
            if n:  # как у автора: перед каждой сборкой, кроме первой, правка одного тезиса
                edited.write_text(original.rstrip("\n") + f"\n\nПравка замера № {n}.\n", encoding="utf-8")
            ours.append(cpu_of([MKDOCS, "build", "--strict", "-q", "-d", str(out)], dest))
            bares.append(cpu_of([MKDOCS, "build", "-q", "-f", str(bare), "-d", str(out_bare)], dest))
        edited.write_text(original, encoding="utf-8")
        # страниц у курса больше: шпаргалки тем он создаёт сам, у «голого» Material их нет
        pages, pages_bare = len(list(out.rglob("*.html"))), len(list(out_bare.rglob("*.html")))
        warm = range(1, runs) if runs > 1 else range(runs)  # первая сборка курса — на пустом кеше
        row.update(pages=pages, pages_bare=pages_bare, cold=ours[0],
                   build=statistics.median(ours[n] for n in warm), bare=statistics.median(bares[n] for n in warm),
                   # отношение на страницу — в каждой паре (курс и Material подряд), медиана пар
                   ratio=statistics.median(ours[n] / pages / (bares[n] / pages_bare) for n in warm),
                   ratio_spread=(min(ours[n] / pages / (bares[n] / pages_bare) for n in warm),
                                 max(ours[n] / pages / (bares[n] / pages_bare) for n in warm)))
        thesis = out / SECTION / TOPIC / "podgotovka" / "index.html"
        row["html"] = thesis.stat().st_size
        row["html_gz"] = gz(thesis.read_bytes())
        files = [f.read_bytes() for f in search_files(out)]
        row["index"], row["index_gz"] = sum(map(len, files)), sum(map(gz, files))
        row["prebuild"] = prebuild_cpu(out)
        row["reload"] = preview_reload(dest)
        row.update(browser_figures(out, f"{SECTION}/{TOPIC}/podgotovka/", "жалоба"))
        row.update({f"worker_{k}": v for k, v in worker_memory(out).items() if k != "error"})
        return row


def main() -> int:
    sizes = [int(x) for x in os.environ.get("BENCH_SIZES", "6,60,300").split(",")]
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    rows = []
    for n in sizes:
        print(f"… {n} тезисов", file=sys.stderr, flush=True)
        rows.append(measure(n, runs if n <= 60 else max(2, runs - 1)))
    header = ["тезисов", "страниц (у Material)", "проверка, с CPU", "сборка, с CPU", "первая (пустой .cache), с CPU",
              "Material, с CPU",
              "на страницу, мс (у Material)", "к Material на страницу (мин.–макс.)", "без готового индекса", "к Material всего",
              "HTML тезиса", "тезис грузит (gzip)", "из них данные курса", "тренажёр грузит (gzip)", "поиск качает", "gzip",
              "из сборки — индекс поиска, с CPU", "поиск: первый ответ, с", "фрагменты текста, с",
              "память воркера", "запрос в воркере, мс", "правка → страница, с"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        per_page, per_page_bare = r["build"] / r["pages"], r["bare"] / r["pages_bare"]
        prebuilt = not math.isnan(r["prebuild"])  # нет — сборка готовый индекс не собирала
        prebuild = r["prebuild"] if prebuilt else 0.0
        print("| " + " | ".join([
            f"{r['theses']:.0f}", f"{r['pages']:.0f} ({r['pages_bare']:.0f})", f"{r['validator']:.2f}", f"{r['build']:.1f}",
            f"{r['cold']:.1f}",
            f"{r['bare']:.1f}", f"{1000 * per_page:.1f} ({1000 * per_page_bare:.1f})",
            f"{r['ratio']:.2f}× ({r['ratio_spread'][0]:.2f}–{r['ratio_spread'][1]:.2f})",
            f"{(r['build'] - prebuild) / r['pages'] / per_page_bare:.2f}×", f"{r['build'] / r['bare']:.2f}×",
            f"{kib(r['html'])} ({kib(r['html_gz'])} gzip)", kib(r["page_gz"]), f"{kib(r['data_raw'])} ({kib(r['data_gz'])} gzip)",
            kib(r["dialogue_gz"]), kib(r["index"]), kib(r["index_gz"]), f"{prebuild:.1f}" if prebuilt else "—", f"{r['search_ready']:.2f}",
            f"{r['search_teaser']:.2f}",
            f"{r.get('worker_mb', float('nan')):.0f} МиБ", f"{r.get('worker_query_ms', float('nan')):.0f}",
            f"{r['reload']:.2f}",
        ]) + " |")
    print(f"\nСборок: {runs} для ≤60 тезисов, {max(2, runs - 1)} для больших, парами (курс, затем Material); "
          "первая — на пустом кеше сборки .cache/kb («первая»), перед каждой следующей дописывается строка в один тезис, "
          "как при работе автора; «сборка» и «Material» — медианы CPU (user+sys) этих сборок. «К Material на страницу» — "
          "отношение CPU на страницу в каждой паре, медиана пар (в скобках — самая низкая и самая высокая): курс собирает "
          "ещё и шпаргалки тем, которых у «голого» Material нет. «Правка → страница» — время на часах от записи "
          "тезиса до страницы с правкой в make preview последней темы (медиана трёх правок).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
