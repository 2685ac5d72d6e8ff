#!/usr/bin/env python3
"""Заготовки: тезис (`make thesis`) и тема или раздел (`make topic`).

    make thesis SLUG=vstrechi TITLE="Подготовка к встрече" [TOPIC=раздел/тема]
    make topic TOPIC=razdel/tema TITLE="Название темы" [SECTION_TITLE="Название раздела"]

Тезис: папка со страницей, чек-листом и скриптом, файл теста в quizzes/, файл вопросов
итогового теста в quizzes/final/ (с тем же именем; на сайте их не видно) и диалог тренажёра
разговора в dialogues/. Тема: папка с index.md (type: topic) и, если раздела ещё нет, index.md
раздела. Навигацию
править не нужно: сайт строит её из папок и поля order. Каждый созданный файл помечен
«НЕ ГОТОВО», поэтому проверка (make check) и сборка откажутся его публиковать, пока
автор не допишет текст и не уберёт пометки; текст заготовки, оставленный без пометки,
проверка тоже узнаёт (kb.content.SCAFFOLD_PHRASES). Пути вне docs/ и не-латинские имена
папок отвергаются; названия записываются в YAML так, что читаются обратно как есть.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import model, review  # noqa: E402
from kb.content import DOCS_DIR, FINAL_QUIZZES_DIR, QUIZZES_DIR  # noqa: E402
from kb.dialogues import DIALOGUES_DIR  # noqa: E402
from kb.validate import ID_RE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TOPIC = "kommunikatsiya-i-pr/klienty-i-partnery"

THESIS = """\
---
type: thesis
id: {slug}
title: {title_yaml}
order: {order}
summary: Одна строка о том, чему учит тезис.
duration: 20
tags: [тег-заготовки]
materials:
  - title: {checklist_yaml}
    kind: checklist
    page: chek-list.md
  - title: {script_yaml}
    kind: script
    page: skript.md
quiz: {quiz}
dialogue: {dialogue}
phrases:
  - «Первая готовая фраза клиенту»
  - «Вторая фраза»
  - «Третья фраза»
search_keywords: []
owner: Впиши ответственного
reviewed: {today}
---

<!-- НЕ ГОТОВО: введение, шаги, ошибки и итог тезиса -->

Введение: зачем ассистенту этот тезис (1–2 абзаца).

## Как …

### 1. Название первого шага

Что сделать и как.

!!! example "Пример"
    Конкретный пример.

### 2. Название второго шага

Что сделать и как.

!!! tip "Совет"
    Практический совет.

### 3. Название третьего шага

Что сделать и как.

!!! example "Пример"
    Конкретный пример.

## Ошибки, которых стоит избегать

### 1. Название первой ошибки

Чем она вредит и как её избежать.

### 2. Название второй ошибки

Чем она вредит и как её избежать.

### 3. Название третьей ошибки

Чем она вредит и как её избежать.

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
title: {checklist_yaml}
tags: [тег-заготовки]
owner: Впиши ответственного
reviewed: {today}
---

<!-- НЕ ГОТОВО: пункты чек-листа -->

# Чек-лист: {title_lower}

- [ ] Первое действие в повелительном наклонении
- [ ] Второе действие
- [ ] Третье действие
- [ ] Четвёртое действие
- [ ] Пятое действие
"""

SCRIPT = """\
---
type: material
title: {script_yaml}
tags: [тег-заготовки]
owner: Впиши ответственного
reviewed: {today}
---

<!-- НЕ ГОТОВО: текст скрипта -->

# Скрипт: {title_lower}

```script
Ассистент: Здравствуйте, [Имя клиента]! Меня зовут [Твоё имя], …
```
"""

#: Тренажёр разговора: граф уже правильный (4 решения, три концовки), текст — подсказки автору.
DIALOGUE = """\
---
type: dialogue
title: {dialogue_title_yaml}
client:
  name: Имя Фамилия
  about: кто клиент и сколько работает с нами
channel: телефон
situation: >-
  Что случилось до разговора и зачем клиент звонит или пишет (1–3 предложения).
start: nachalo
search_keywords: []
---

<!-- НЕ ГОТОВО: клиент, ситуация, реплики, пояснения и концовки диалога -->

## nachalo
Настроение: тревога
Ремарка: Где и как начинается разговор.
Клиент: Первая реплика клиента.

- [3] Лучший ответ: по шагу тезиса. → shag-2
  > Почему работает: шаг тезиса «…».
- [1] Вежливый, но неполный ответ без главного. → shag-2
  > Чего не хватает.
- [0] Ответ с типичной ошибкой. → proval
  > Какая ошибка тезиса: «…».

## shag-2
Клиент: Клиент отвечает.

- [3] Лучший ответ второго шага. → shag-3
  > Почему работает.
- [0] Ответ с другой типичной ошибкой. → proval
  > Какая ошибка.
- [1] Слабый, но поправимый ответ на второй шаг. → shag-3
  > Чего не хватает.

## shag-3
Клиент: Клиент уточняет.

- [1] Слабый ответ, после которого разговор кончится так себе. → chastichno
  > Чего не хватает.
- [3] Лучший ответ третьего шага. → shag-4
  > Почему работает.
- [0] Ответ с ошибкой на третьем шаге. → proval
  > Какая ошибка.

## shag-4
Клиент: Клиент соглашается или сомневается.

- [0] Ответ, который всё портит. → proval
  > Какая ошибка.
- [1] Неплохой ответ, но без договорённости о следующем шаге. → chastichno
  > Чего не хватает.
- [3] Лучший ответ: итог и следующий шаг. → uspekh
  > Почему работает.

## uspekh
Концовка: успех
Настроение: доверие
Клиент: Клиент благодарит.
Итог: Чем кончился разговор после лучших реплик.

## chastichno
Концовка: частично
Настроение: сомнение
Итог: Что удалось и что осталось нерешённым.

## proval
Концовка: провал
Настроение: раздражение
Итог: Чем кончился разговор после ошибки.
"""

QUESTION = """\
<quiz>
Вопрос {n}?
- [x] Верный ответ
> Почему он работает.
- [ ] Правдоподобный неверный ответ такой же длины
> В чём ошибка.
- [ ] Ещё один правдоподобный неверный ответ
> В чём ошибка.
</quiz>
"""


#: Страница раздела или темы: (type, вводный абзац, маркер списка детей, что дописать — для пометки «НЕ ГОТОВО»).
INDEX_KINDS = {
    "section": ("О чём раздел (1–2 абзаца). Темы раздела — ниже, в порядке изучения.", "<!-- kb:topics -->",
                "о чём раздел"),
    "topic": ("О чём тема и кому она нужна (1–2 абзаца). Тезисы темы — ниже, в порядке изучения.", "<!-- kb:theses -->",
              "о чём тема"),
}

INDEX = """\
---
type: {kind}
order: {order}
title: {title_yaml}
---

<!-- НЕ ГОТОВО: {unfinished} -->

# {title}

{about}

{marker}
"""


def _write_index(path: Path, kind: str, title: str) -> None:
    """index.md раздела или темы; order — следующий среди соседей."""
    about, marker, unfinished = INDEX_KINDS[kind]
    order = _next_order(list(path.parent.parent.glob("*/index.md")))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INDEX.format(kind=kind, order=order, title=title, title_yaml=_yaml(title), about=about,
                                 marker=marker, unfinished=unfinished), encoding="utf-8")


def _yaml(text: str) -> str:
    """Строка для YAML, которая читается обратно как есть (двоеточия, #, кавычки): JSON — это YAML."""
    return json.dumps(text, ensure_ascii=False)


def _folder(root: Path, rel: str, parser: argparse.ArgumentParser, what: str) -> Path:
    """Папка внутри docs/ из латинских слагов; иначе — понятный отказ."""
    parts = [p for p in rel.strip().strip("/").split("/") if p]
    bad = [p for p in parts if not ID_RE.match(p)]
    if not parts or bad or rel.startswith("/"):
        parser.error(f"{what} «{rel}» недопустим: нужны папки внутри docs/ из латиницы, цифр и дефисов, "
                     "например kommunikatsiya-i-pr/klienty-i-partnery")
    docs = (root / DOCS_DIR).resolve()
    folder = (docs / "/".join(parts)).resolve()
    if not folder.is_relative_to(docs):
        parser.error(f"{what} «{rel}» ведёт за пределы docs/")
    return folder


def _today(parser: argparse.ArgumentParser) -> str:
    """Дата проверки в заготовке — сегодня (KB_TODAY для тестов)."""
    try:
        return review.today().isoformat()
    except ValueError as err:
        parser.error(str(err))


def _next_order(pages: list[Path]) -> int:
    orders = []
    for page in pages:
        meta = model.content.read_page(page, page.parent).meta if page.is_file() else {}
        if isinstance(meta.get("order"), int):
            orders.append(meta["order"])
    return max(orders, default=0) + 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["topic"]:
        return new_topic(argv[1:])
    return new_thesis(argv)


def new_topic(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make topic", description="Создать тему (и раздел, если его нет).")
    parser.add_argument("--topic", required=True, help="раздел/тема внутри docs/, латиницей")
    parser.add_argument("--title", required=True, help="название темы по-русски")
    parser.add_argument("--section-title", default="", help="название раздела, если раздела ещё нет")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    folder = _folder(root, args.topic, parser, "путь темы")
    docs = (root / DOCS_DIR).resolve()
    if len(folder.relative_to(docs).parts) != 2:
        parser.error("тема задаётся двумя папками: раздел/тема, например kommunikatsiya-i-pr/novaya-tema")
    if not args.title.strip():
        parser.error("пустое название: укажи TITLE=\"Название темы\"")
    if folder.exists():
        print(f"{folder.relative_to(root)} уже существует — выбери другое имя папки.", file=sys.stderr)
        return 1
    created = []
    section_index = folder.parent / "index.md"
    if not section_index.exists():
        if not args.section_title.strip():
            parser.error(f"раздела {folder.parent.relative_to(root)} ещё нет: укажи и его название, SECTION_TITLE=\"…\"")
        _write_index(section_index, "section", args.section_title.strip())
        created.append(section_index)
    title = args.title.strip()
    _write_index(folder / "index.md", "topic", title)
    created.append(folder / "index.md")
    print(f"Создана тема «{title}»:")
    for path in created:
        print(f"  {path.relative_to(root)}")
    rel = folder.relative_to(docs).as_posix()
    print(f"\nТеперь добавь тезисы: make thesis TOPIC={rel} SLUG=… TITLE=\"…\". Навигация обновится сама.")
    return 0


def new_thesis(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make thesis", description="Создать заготовку тезиса, его материалов и теста.")
    parser.add_argument("--slug", required=True, help="папка и id тезиса: латиница и дефисы")
    parser.add_argument("--title", required=True, help="название тезиса по-русски")
    parser.add_argument("--topic", default=DEFAULT_TOPIC, help=f"раздел/тема внутри docs/ (по умолчанию {DEFAULT_TOPIC})")
    parser.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not ID_RE.match(args.slug):
        parser.error(f"slug «{args.slug}» недопустим: нужны латиница, цифры и дефисы, например vstrechi-offline")
    title = " ".join(args.title.split())
    if not title:
        parser.error("пустое название: укажи TITLE=\"Название тезиса\"")
    root = Path(args.root).resolve()
    topic_dir = _folder(root, args.topic, parser, "путь темы")
    topic_index = topic_dir / "index.md"
    if not topic_index.is_file() or model.content.read_page(topic_index, root).type != "topic":
        print(f"Темы {topic_dir.relative_to(root)} нет (нужен index.md с type: topic). Создай её: "
              f"make topic TOPIC={args.topic} TITLE=\"…\"", file=sys.stderr)
        return 1
    folder = topic_dir / args.slug
    quiz = root / QUIZZES_DIR / f"{args.slug}.md"
    dialogue = root / DIALOGUES_DIR / f"{args.slug}.md"
    final = root / FINAL_QUIZZES_DIR / f"{args.slug}.md"
    for path in (folder, quiz, final, dialogue):
        if path.exists():
            print(f"{path.relative_to(root)} уже существует — выбери другой slug.", file=sys.stderr)
            return 1
    lower = title[0].lower() + title[1:]
    values = {
        "slug": args.slug,
        "title_yaml": _yaml(title),
        "checklist_yaml": _yaml(f"Чек-лист: {lower}"),
        "script_yaml": _yaml(f"Скрипт: {lower}"),
        "title_lower": lower,
        "order": _next_order(list(topic_dir.glob("*/index.md"))),
        "quiz": f"{QUIZZES_DIR}/{args.slug}.md",
        "dialogue": f"{DIALOGUES_DIR}/{args.slug}.md",
        "dialogue_title_yaml": _yaml(f"Разговор: {lower}"),
        "today": _today(parser),
    }
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(THESIS.format(**values), encoding="utf-8")
    (folder / "chek-list.md").write_text(CHECKLIST.format(**values), encoding="utf-8")
    (folder / "skript.md").write_text(SCRIPT.format(**values), encoding="utf-8")
    quiz.parent.mkdir(exist_ok=True)
    quiz.write_text("<!-- НЕ ГОТОВО: вопросы теста (не меньше 8) -->\n\n"
                    + "\n".join(QUESTION.format(n=n) for n in range(1, 9)), encoding="utf-8")
    dialogue.parent.mkdir(exist_ok=True)
    dialogue.write_text(DIALOGUE.format(**values), encoding="utf-8")
    final.parent.mkdir(parents=True, exist_ok=True)
    final.write_text("<!-- НЕ ГОТОВО: вопросы итогового теста (не меньше 6, не те, что в тесте тезиса) -->\n\n"
                     + "\n".join(QUESTION.format(n=n).replace("Вопрос", "Итоговый вопрос", 1) for n in range(1, 7)),
                     encoding="utf-8")

    print(f"Создана заготовка тезиса «{title}»:")
    for path in sorted([*folder.iterdir(), quiz, final, dialogue]):
        print(f"  {path.relative_to(root)}")
    print("\nВ меню тезис появится сам, на месте по полю order. Пока в файлах есть пометки «НЕ ГОТОВО»,")
    print("make check и make build их не пропустят.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
