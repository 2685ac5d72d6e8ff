#!/usr/bin/env python3
"""Lighthouse на трёх страницах курса: `make lighthouse`. Печатает, ничего не проверяет.

Сайт собирается строго во временную папку и отдаётся настоящим nginx с настройкой из `make build`
(kb.nginx: сжатие gzip, кеш, CSP) — так, как его получит телефон в интранете. Lighthouse (npm,
devDependency в package.json; `make node-tools`) запускает Chromium из Debian (CHROME_PATH,
headless, --no-sandbox) в мобильном профиле по умолчанию: экран телефона, замедленные сеть и
процессор. Каждая страница — RUNS раз (по умолчанию 3), печатается медиана: балл производительности,
FCP, LCP, CLS и сколько байт страница скачала (после gzip, по данным Lighthouse).

Цифры зависят от загрузки машины: запускай, когда на ней больше ничего не идёт.

    python scripts/lighthouse.py [--runs 3] [--page thesis] [--site site]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from kb import nginx  # noqa: E402

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = {
    "home": ("главная", ""),
    "thesis": ("тезис", "kommunikatsiya-i-pr/klienty-i-partnery/kritika/"),
    "final": ("итоговый тест", "itogovyi-test/"),
}
TARGETS = "цели: балл ≥ 90, CLS < 0,1, тезис ≤ 100 КБ gzip"


def run_lighthouse(url: str, out: Path) -> dict:
    """Один прогон Lighthouse (только категория «производительность»), результат — JSON отчёта."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    cmd = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json", f"--output-path={out}",
           "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not out.exists():
        raise SystemExit(f"Lighthouse не отработал на {url}:\n{result.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def figures(report: dict) -> dict[str, float]:
    audits = report["audits"]
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse: {report['runtimeError'].get('message')}")
    return {
        "score": report["categories"]["performance"]["score"] * 100,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
    }


def measure(site: Path, pages: list[str], runs: int) -> list[tuple[str, dict[str, float]]]:
    rows = []
    with nginx.Running(site) as server, tempfile.TemporaryDirectory() as tmp:
        for key in pages:
            title, path = PAGES[key]
            got = [figures(run_lighthouse(server.url + path, Path(tmp) / f"{key}-{i}.json")) for i in range(runs)]
            # медиана по баллу: цифры одного прогона (FCP, LCP, CLS) не смешиваются с другими
            rows.append((f"{title} (/{path})", sorted(got, key=lambda f: f["score"])[len(got) // 2]
                         if runs % 2 else {k: statistics.median(f[k] for f in got) for k in got[0]}))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("LIGHTHOUSE_RUNS", "3")))
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="страница (можно несколько); по умолчанию все три")
    parser.add_argument("--site", type=Path, help="готовая сборка вместо новой во временной папке")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Нет Lighthouse: make node-tools (npm ci по package-lock.json).", file=sys.stderr)
        return 1
    pages = args.page or list(PAGES)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([MKDOCS, "build", "--strict", "-q", "-d", str(site)], cwd=ROOT,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)
        rows = measure(site.resolve(), pages, args.runs)
    print(f"Lighthouse {json.loads((ROOT / 'node_modules/lighthouse/package.json').read_text())['version']}, "
          f"мобильный профиль, медиана {args.runs} (по баллу); {TARGETS}")
    print(f"{'страница':<58} {'балл':>5} {'FCP':>7} {'LCP':>7} {'CLS':>6} {'gzip':>9}")
    for name, f in rows:
        print(f"{name:<58} {f['score']:>5.0f} {f['fcp']:>6.1f}с {f['lcp']:>6.1f}с {f['cls']:>6.3f} "
              f"{f['bytes'] / 1024:>6.0f} КиБ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
