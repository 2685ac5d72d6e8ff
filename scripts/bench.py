#!/usr/bin/env python3
"""Цифры сборки и веса сайта: `make bench`. Печатает, ничего не проверяет.

Время строгой сборки (лучшее из N), число страниц, вес сайта, вес данных курса,
поискового индекса и самых тяжёлых страниц — чтобы видеть, как сайт растёт
вместе с базой знаний.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


def kib(n: int) -> str:
    return f"{n / 1024:.1f} КиБ"


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([MKDOCS, "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, env=env, check=True)
            times.append(time.perf_counter() - start)
        pages = sorted(out.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
        total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        data = out / "assets/kb/course.js"
        index = out / "search/search_index.full.json"  # search_index.json — заглушка (kb.search_index)
        if not index.is_file():
            index = out / "search/search_index.json"
        own_js = sorted((out / "assets/javascripts").glob("*.js"))
        print(f"Сборка (--strict), лучшее из {runs}: {min(times):.2f} с (все: {', '.join(f'{t:.2f}' for t in times)})")
        print(f"Страниц HTML: {len(pages)}; весь сайт: {kib(total)}")
        print(f"План курса assets/kb/course.js: {kib(data.stat().st_size)} (gzip {kib(gz(data))})")
        print(f"Поисковый индекс: {kib(index.stat().st_size)} (gzip {kib(gz(index))})")
        print("Свои модули JS: " + ", ".join(f"{p.name} {kib(p.stat().st_size)}" for p in own_js if p.name != "course-data.js" and not p.name.startswith("bundle.")))
        print("Самые тяжёлые страницы:")
        for p in pages[:5]:
            print(f"  {p.relative_to(out)}: {kib(p.stat().st_size)} (gzip {kib(gz(p))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
