#!/usr/bin/env python3
"""Проверка содержания базы знаний: `make check` или `python scripts/check_content.py [КОРЕНЬ]`.

Печатает каждое нарушение как `путь:строка: сообщение` и выходит с кодом 1; без нарушений — 0.
Сначала правила базы знаний (scripts/kb/validate.py); если они соблюдены и рядом есть mkdocs.yml —
то, что отвергла бы строгая сборка: битые ссылки, якоря, картинки, страницы вне навигации
(scripts/kb/site_check.py: проверяет сама MkDocs). Здесь только вызов.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.site_check import strict_build_problems  # noqa: E402
from kb.validate import validate  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    problems = validate(root)
    if not problems:
        problems = strict_build_problems(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"\nНайдено нарушений: {len(problems)}. Исправь их и запусти проверку снова.", file=sys.stderr)
        return 1
    print("Содержание в порядке: нарушений нет.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
