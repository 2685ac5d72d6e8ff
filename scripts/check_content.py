#!/usr/bin/env python3
"""Проверка содержания базы знаний: `make check` или `python scripts/check_content.py [КОРЕНЬ]`.

Печатает каждое нарушение как `путь:строка: сообщение` и выходит с кодом 1; без нарушений — 0.
Правила — в scripts/kb/validate.py; здесь только вызов.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.validate import validate  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    problems = validate(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"\nНайдено нарушений: {len(problems)}. Исправь их и запусти проверку снова.", file=sys.stderr)
        return 1
    print("Содержание в порядке: нарушений нет.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
