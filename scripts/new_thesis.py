#!/usr/bin/env python3
"""Заготовка нового тезиса: `make thesis SLUG=... TITLE="..." [TOPIC=раздел/тема]`.

Создаёт папку тезиса со страницей, чек-листом и скриптом, и файл теста в quizzes/.
Каждый файл помечен «НЕ ГОТОВО», поэтому проверка (make check) и сборка
откажутся их публиковать, пока автор не допишет текст и не уберёт пометки.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.content import DOCS_DIR, QUIZZES_DIR  # noqa: E402
from kb.validate import ID_RE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TOPIC = "kommunikatsiya-i-pr/klienty-i-partnery"

THESIS = """\
---
type: thesis
id: {slug}
title: {title}
section: {section}
topic: {topic}
order: {order}
summary: Одна строка о том, чему учит тезис.
duration: 20
tags: [звонок]
materials:
  - title: Чек-лист {title_lower}
    kind: checklist
    page: chek-list.md
  - title: Скрипт {title_lower}
    kind: script
    page: skript.md
quiz: {quiz}
phrases:
  - «Первая готовая фраза клиенту.»
  - «Вторая фраза.»
  - «Третья фраза.»
search_keywords: []
---

<!-- НЕ ГОТОВО: введение, шаги, ошибки и итог тезиса -->

Введение: зачем ассистенту этот тезис (1–2 абзаца).

## Как …

### 1. Первый шаг

Что сделать и как.

!!! example "Пример"
    Конкретный пример.

### 2. Второй шаг

Что сделать и как.

!!! tip "Совет"
    Практический совет.

### 3. Третий шаг

Что сделать и как.

!!! example "Пример"
    Конкретный пример.

## Ошибки, которых стоит избегать

### 1. Первая ошибка

### 2. Вторая ошибка

### 3. Третья ошибка

## Материалы

<!-- kb:materials -->

## Итог

Вывод в 2–4 предложениях.

## Проверь себя

<!-- kb:quiz -->
"""

CHECKLIST = """\
---
type: material
title: Чек-лист {title_lower}
tags: [звонок]
---

<!-- НЕ ГОТОВО: пункты чек-листа -->

# Чек-лист {title_lower}

- [ ] Пункт 1
- [ ] Пункт 2
- [ ] Пункт 3
- [ ] Пункт 4
- [ ] Пункт 5
"""

SCRIPT = """\
---
type: material
title: Скрипт {title_lower}
tags: [звонок]
---

<!-- НЕ ГОТОВО: текст скрипта -->

# Скрипт {title_lower}

```script
Ассистент: Здравствуйте, [Имя клиента]! Меня зовут [Твоё имя], …
```
"""

QUESTION = """\
<quiz>
Вопрос {n}?
- [x] Верный ответ
> Почему он верен.
- [ ] Правдоподобный неверный ответ
> Почему он неверен.
</quiz>
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Создать заготовку тезиса, его материалов и теста.")
    parser.add_argument("--slug", required=True, help="папка и id тезиса: латиница и дефисы")
    parser.add_argument("--title", required=True, help="название тезиса по-русски")
    parser.add_argument("--topic", default=DEFAULT_TOPIC, help=f"раздел/тема внутри docs/ (по умолчанию {DEFAULT_TOPIC})")
    parser.add_argument("--section-title", default="Коммуникация и PR")
    parser.add_argument("--topic-title", default="Коммуникация с клиентами и партнёрами")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not ID_RE.match(args.slug):
        parser.error(f"slug «{args.slug}» недопустим: нужны латиница, цифры и дефисы, например vstrechi-offline")
    if not args.title.strip():
        parser.error("пустое название: укажи TITLE=\"Название тезиса\"")
    root = Path(args.root)
    folder = root / DOCS_DIR / args.topic / args.slug
    quiz = root / QUIZZES_DIR / f"{args.slug}.md"
    for path in (folder, quiz):
        if path.exists():
            print(f"{path.relative_to(root)} уже существует — выбери другой slug.", file=sys.stderr)
            return 1
    order = len(list((root / DOCS_DIR / args.topic).glob("*/index.md"))) + 1
    values = {
        "slug": args.slug,
        "title": args.title.strip(),
        "title_lower": args.title.strip()[0].lower() + args.title.strip()[1:],
        "section": args.section_title,
        "topic": args.topic_title,
        "order": order,
        "quiz": f"{QUIZZES_DIR}/{args.slug}.md",
    }
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(THESIS.format(**values), encoding="utf-8")
    (folder / "chek-list.md").write_text(CHECKLIST.format(**values), encoding="utf-8")
    (folder / "skript.md").write_text(SCRIPT.format(**values), encoding="utf-8")
    quiz.parent.mkdir(exist_ok=True)
    quiz.write_text("<!-- НЕ ГОТОВО: вопросы теста (не меньше 8) -->\n\n"
                    + "\n".join(QUESTION.format(n=n) for n in range(1, 9)), encoding="utf-8")

    rel = folder.relative_to(root / DOCS_DIR).as_posix()
    print(f"Создана заготовка тезиса «{args.title}»:")
    for path in sorted([*folder.iterdir(), quiz]):
        print(f"  {path.relative_to(root)}")
    print("\nДобавь тезис в nav в mkdocs.yml, внутрь своей темы:")
    print(f"  - {args.title}:")
    for name in ("index.md", "chek-list.md", "skript.md"):
        print(f"      - {rel}/{name}")
    print("\nПока в файлах есть пометки «НЕ ГОТОВО», make check и make build их не пропустят.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
