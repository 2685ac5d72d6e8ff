#!/usr/bin/env python3
"""Быстрый просмотр одной темы: `make preview TOPIC=раздел/тема [PORT=8000]`.

`make serve` на каждое сохранение пересобирает весь сайт — на 300 тезисах это почти минута.
Здесь во временной папке собирается проект только с выбранной темой: тот же mkdocs.yml,
оформление, хук и скрипты, общие страницы (главная, «Перед звонком», шпаргалки, словарь,
итоговый тест…), страница раздела темы и сама тема; папки других тем, их тесты, вопросы
итогового теста и тренажёры в него не попадают. Над ним работает обычный `mkdocs serve`
с автообновлением и строгой сборкой (`strict`, проверка содержания хука — как у `make build`).

Файлы темы, тестов, тренажёров и общих страниц — копии: каждые 0,2 с просмотр сверяет их с
репозиторием (время изменения и размер) и копирует новые и изменённые, удалённые убирает.
`mkdocs serve` видит изменение в копии и пересобирает маленький проект. Символьные ссылки
не годятся: проверка содержания не пускает в сборку ссылки за пределы проекта. Оформление
(overrides/) и скрипты — ссылки на папки репозитория: их правки видны сразу.

Темы, на которые ссылаются оставшиеся страницы (главная и «Перед звонком» ведут в первую
тему, ситуация «Перед звонком» — на тренажёр тезиса), остаются в проекте тоже: строгую
проверку ссылок ничем не ослабляем, поэтому они нужны, чтобы сборка прошла. Просмотр
ничего не пишет в site/: `mkdocs serve` собирает во временную папку.

    python scripts/preview.py раздел/тема [--port 8000] [--root .]
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from kb import content, dialogues, model  # noqa: E402
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
CONFIG = "mkdocs.yml"
# Что из корня репозитория не нужно сборке: результаты сборок, окружения, тесты.
SKIP_ROOT = {content.DOCS_DIR, content.QUIZZES_DIR, dialogues.DIALOGUES_DIR, CONFIG, "site", "site-offline",
             "dist", "tests", "node_modules", ".venv", ".git", ".pytest_cache"}
LINK_RE = re.compile(r"\]\(\s*<?([^)\s>#]+)")  # [текст](путь.md#якорь) → путь.md
SYNC_EVERY = 0.2  # секунд между сверками папки с репозиторием


class PreviewError(Exception):
    """Ошибка автора (нет такой темы и т. п.): сообщение по-русски, без трассировки."""


@dataclass
class Scope:
    """Что войдёт в просмотр: папки тем и разделов от docs/, файлы тестов и тренажёров от корня."""

    topics: list[str]  # ключи тем «раздел/тема», выбранная — первой
    sections: set[str]
    excluded_dirs: set[str]  # папки других тем и разделов (от docs/)
    excluded_files: set[str] = field(default_factory=set)  # тесты, вопросы итогового и диалоги других тем


def _links(page: content.Page, src: str) -> set[str]:
    """Цели ссылок страницы (пути от docs/) и её тренажёра (путь диалога от корня)."""
    found = set()
    base = posixpath.dirname(src)
    for target in LINK_RE.findall(page.body):
        if "://" in target or target.startswith(("mailto:", "/")):
            continue
        found.add(posixpath.normpath(posixpath.join(base, target)))
    ref = page.meta.get(dialogues.META_KEY)
    if isinstance(ref, str):
        found.add(posixpath.normpath(ref))
    return found


def scope(root: Path, key: str) -> Scope:
    """Тема ``key`` и темы, без которых не соберутся оставшиеся страницы (на них есть ссылки)."""
    kb = model.load(root)
    topics = {t.key: t for s in kb.sections for t in s.topics}
    if key not in topics:
        known = "\n".join(f"  {k} — {t.title}" for k, t in topics.items()) or "  (тем нет)"
        raise PreviewError(f"темы {key!r} нет: тема — папка docs/<раздел>/<тема>/ с index.md (type: topic). "
                           f"Есть темы:\n{known}")
    owner: dict[str, str] = {}  # путь от docs/ или диалог от корня → тема
    for k, topic in topics.items():
        owner[k] = k
        for thesis in topic.theses:
            ref = thesis.meta.get(dialogues.META_KEY)
            if isinstance(ref, str):
                owner[posixpath.normpath(ref)] = k

    def topic_of(path: str) -> str | None:
        if path in owner:
            return owner[path]
        parts = path.split("/")
        return owner.get("/".join(parts[:2])) if len(parts) > 2 else None

    kept = [key]
    todo = [src for src in kb.pages if topic_of(src) is None] + [src for src in kb.pages if topic_of(src) == key]
    while todo:
        src = todo.pop()
        for target in _links(kb.pages[src], src):
            other = topic_of(target)
            if other is not None and other not in kept:
                kept.append(other)
                todo += [s for s in kb.pages if topic_of(s) == other]
    sections = {k.split("/")[0] for k in kept}
    excluded_dirs = {k for k in topics if k not in kept} | {s.key for s in kb.sections if s.key not in sections}
    result = Scope(kept, sections, excluded_dirs)
    for k, topic in topics.items():
        if k in kept:
            continue
        for thesis in topic.theses:
            quiz = thesis.meta.get("quiz")
            if isinstance(quiz, str):
                result.excluded_files.add(posixpath.normpath(quiz))
                final = model.final_quiz_path(quiz)
                if final:
                    result.excluded_files.add(final)
            ref = thesis.meta.get(dialogues.META_KEY)
            if isinstance(ref, str):
                result.excluded_files.add(posixpath.normpath(ref))
    return result


def _wanted(root: Path, sc: Scope) -> set[str]:
    """Файлы репозитория (пути от корня), которые должны быть в проекте просмотра."""
    wanted: set[str] = set()
    for folder in (content.DOCS_DIR, content.QUIZZES_DIR, dialogues.DIALOGUES_DIR):
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base):
            rel_dir = Path(dirpath).relative_to(root).as_posix()
            if folder == content.DOCS_DIR:
                inner = Path(dirpath).relative_to(base).as_posix()
                dirnames[:] = [d for d in dirnames if posixpath.normpath(posixpath.join(inner, d)) not in sc.excluded_dirs]
            for name in filenames:
                rel = f"{rel_dir}/{name}"
                if rel not in sc.excluded_files:
                    wanted.add(rel)
    return wanted


def _same(src: Path, copy: Path) -> bool:
    try:
        a, b = src.stat(), copy.stat()
    except FileNotFoundError:
        return False
    return a.st_mtime_ns == b.st_mtime_ns and a.st_size == b.st_size


def sync(root: Path, dest: Path, sc: Scope) -> bool:
    """Привести проект просмотра к репозиторию: скопировать новые и изменённые файлы, убрать удалённые.

    Копии, а не ссылки: проверка содержания не пускает в сборку ссылки за пределы проекта.
    Возвращает True, если что-то изменилось."""
    changed = False
    wanted = _wanted(root, sc) | {CONFIG}  # mkdocs.yml — тоже копией: хук находит корень по его пути
    for rel in wanted:
        src, copy = root / rel, dest / rel
        if not _same(src, copy):
            copy.parent.mkdir(parents=True, exist_ok=True)
            tmp = copy.with_name(f".{copy.name}.kb-preview")
            shutil.copy2(src, tmp)
            os.replace(tmp, copy)  # целиком: сборка не увидит полфайла
            changed = True
    for folder in (content.DOCS_DIR, content.QUIZZES_DIR, dialogues.DIALOGUES_DIR):
        for dirpath, _, filenames in os.walk(dest / folder):
            for name in filenames:
                path = Path(dirpath) / name
                if path.relative_to(dest).as_posix() not in wanted:
                    path.unlink()
                    changed = True
    return changed


def make_project(root: Path, dest: Path, sc: Scope) -> None:
    for entry in root.iterdir():
        if entry.name not in SKIP_ROOT and not entry.name.startswith("."):
            (dest / entry.name).symlink_to(entry)
    for folder in (content.DOCS_DIR, content.QUIZZES_DIR, dialogues.DIALOGUES_DIR):
        (dest / folder).mkdir()
    sync(root, dest, sc)


def _keep_in_sync(root: Path, dest: Path, sc: Scope, stop: threading.Event) -> None:
    while not stop.wait(SYNC_EVERY):
        try:
            sync(root, dest, sc)
        except OSError as err:  # файл удалили посреди сверки — сверим в следующий раз
            print(f"просмотр: {err}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Быстрый просмотр одной темы с автообновлением")
    parser.add_argument("topic", help="тема: раздел/тема (папки от docs/)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", type=Path, default=ROOT, help="корень базы знаний (по умолчанию — этот репозиторий)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not args.topic:
        print("Укажи тему: make preview TOPIC=раздел/тема", file=sys.stderr)
        return 2
    try:
        sc = scope(root, args.topic.strip("/"))
    except PreviewError as err:
        print(f"make preview: {err}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kb-preview-") as tmp:
        dest = Path(tmp)
        make_project(root, dest, sc)
        also = [k for k in sc.topics[1:]]
        print(f"Просмотр темы {sc.topics[0]}" + (f" (и тем, на которые ссылаются общие страницы: {', '.join(also)})" if also else "")
              + f": http://127.0.0.1:{args.port}/ — Ctrl+C, чтобы остановить.", file=sys.stderr, flush=True)
        stop = threading.Event()
        watcher = threading.Thread(target=_keep_in_sync, args=(root, dest, sc, stop), daemon=True)
        watcher.start()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.Popen([MKDOCS, "serve", "--strict", "-a", f"127.0.0.1:{args.port}", "-f", str(dest / CONFIG)],
                                cwd=dest, env=env)
        signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            code = proc.wait()
        finally:
            stop.set()
        return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code


if __name__ == "__main__":
    sys.exit(main())
