#!/usr/bin/env python3
"""Вычитка текста: `make lint` или `python scripts/lint_content.py [КОРЕНЬ]`.

Орфография (hunspell, ru_RU + словарь проекта scripts/kb/slovar.txt) и типографика. Печатает каждое
замечание как `путь:строка: сообщение` и выходит с кодом 1; без замечаний — 0; без hunspell — 2.
Правила — в scripts/kb/lint.py; здесь только вызов.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.lint import HunspellMissing, lint  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[1]
    try:
        problems = lint(root)
    except HunspellMissing as error:
        print(error, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if problems:
        print(f"\nНайдено замечаний по тексту: {len(problems)}. Исправь их и запусти `make lint` снова.",
              file=sys.stderr)
        return 1
    print("Текст в порядке: орфография и типографика без замечаний.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
