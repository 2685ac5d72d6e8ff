#!/usr/bin/env python3
"""Страницы, которые давно не проверялись: `make review` (`make review STRICT=1` — для CI).

    python scripts/review.py [--strict] [КОРЕНЬ]

Печатает тезисы, материалы и справочные страницы, у которых с даты reviewed прошло больше
review_every дней (страницы или extra.kb), — самые давние первыми, с ответственным:
`путь:строка: «Название» — проверено ДД.ММ.ГГГГ, N дней назад (проверять раз в M дней); ответственный: …`.
Выход 0; с --strict — 1, если такие страницы есть. «Сегодня» — дата машины или KB_TODAY (ГГГГ-ММ-ДД).
Сроки и даты — kb/review.py; здесь только вызов.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import model, review  # noqa: E402
from kb import settings as kb_settings  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make review", description="Страницы, которые пора проверить.")
    parser.add_argument("--strict", action="store_true", help="выйти с кодом 1, если такие страницы есть (для CI)")
    parser.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parents[1]), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    kb = model.load(Path(args.root))
    try:
        settings = kb_settings.from_root(kb.root)
        today = review.today()
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    late = review.overdue(kb, settings.review_every, today)
    for page, mark in late:
        print(f"{page.rel}:{page.line_of('reviewed')}: «{page.meta.get('title', '')}» — проверено "
              f"{review.ru_date(mark.reviewed)}, {review.days(mark.age)} назад (проверять раз в "
              f"{review.days(mark.every)}); ответственный: {mark.owner}")
    if late:
        print(f"\nДавно не проверялись: {len(late)}. Проверь страницы, поставь в reviewed дату проверки "
              "(и updated, если текст изменился).", file=sys.stderr)
        return 1 if args.strict else 0
    print(f"Все страницы проверены в срок (на {review.ru_date(today)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
