#!/usr/bin/env python3
"""Быстрый просмотр одной темы: `make preview TOPIC=раздел/тема [PORT=8000]`.

`make serve` на каждое сохранение пересобирает весь сайт — на 300 тезисах это почти минута.
Здесь во временной папке собирается проект только с выбранной темой: тот же mkdocs.yml,
оформление, хук и скрипты, общие страницы (главная, «Перед звонком», шпаргалки, словарь,
итоговый тест…), страница раздела темы и сама тема; папки других тем, их тесты, вопросы
итогового теста и тренажёры в него не попадают. Над ним работает обычный `mkdocs serve`
с автообновлением и строгой сборкой (`strict`, проверка содержания хука — как у `make build`).

Файлы темы, тестов, тренажёров и общих страниц — копии: каждые 0,05 с просмотр сверяет их с
репозиторием (время изменения и размер) и копирует новые и изменённые, удалённые убирает.
`mkdocs serve` видит изменение в копии и пересобирает маленький проект. Символьные ссылки
не годятся: проверка содержания не пускает в сборку ссылки за пределы проекта. Оформление
(overrides/) и скрипты — ссылки на папки репозитория: их правки видны сразу.

Ссылки оставшихся страниц на страницы других тем (с главной и «Перед звонком» — в первую тему,
из темы — в соседние) в копии становятся простым текстом, а поле dialogue ситуации «Перед
звонком», ведущее на тренажёр другой темы, — комментарием (scoped_text). Только ссылки на
файлы, которые в репозитории есть: битая ссылка остаётся ссылкой, и строгая сборка просмотра
её отвергнет. Остальная строгость та же, что у `make build` (`strict`, проверка содержания
хука); не проверяются только якоря ссылок в другие темы — их проверит `make build`/`make check`.
Просмотр ничего не пишет в site/: `mkdocs serve` собирает во временную папку.

Пересборка после правки — около секунды и на 300 тезисах (make bench-scale): поиск выключен
(KB_SEARCH=false), страница, от которой ничего не изменилось, берётся из запаса без перевода из
Markdown, кеш сборки (.cache/kb) — в проекте просмотра; подробности — у SERVE ниже.

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
CONFIG = "mkdocs.yml"
# Что из корня репозитория не нужно сборке: результаты сборок, окружения, тесты.
SKIP_ROOT = {content.DOCS_DIR, content.QUIZZES_DIR, dialogues.DIALOGUES_DIR, CONFIG, "site", "site-offline",
             "dist", "tests", "node_modules", ".venv", ".git", ".pytest_cache"}
# [текст](путь.md#якорь "подсказка"); картинки ![…](…) — мимо
LINK_RE = re.compile(r'(?P<image>!?)\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)')
DIALOGUE_RE = re.compile(rf"^{dialogues.META_KEY}:\s*['\"]?([^'\"\s]+)['\"]?\s*$", re.MULTILINE)
SYNC_EVERY = 0.05  # секунд между сверками папки с репозиторием (сверка — миллисекунды)
POLL_EVERY = 0.05  # как часто mkdocs serve смотрит на файлы проекта (у него самого — 0,5 с)
BUILD_DELAY = 0.02  # сколько mkdocs serve ждёт, не придут ли ещё изменения (у него — 0,1 с): копия
                    # файла появляется целиком (os.replace), ждать почти нечего
# mkdocs serve, но (1) наблюдатель смотрит на файлы чаще: проект маленький, обход — миллисекунды;
# (2) пересборка, которая не прошла, не вешает сервер (сам mkdocs serve до исправления держит все
# запросы страниц без ответа): просмотр отдаёт последнюю удачную сборку, а сверху каждой страницы —
# плашку с сообщениями об ошибке, те же, что в терминале; удачная сборка плашку убирает.
# Первая сборка, которая не прошла, по-прежнему завершает просмотр.
SERVE = """
import html, logging, sys
from mkdocs.__main__ import cli
from mkdocs.commands import serve

class Messages(logging.Handler):  # сообщения журнала mkdocs уровня level и выше, пока обработчик подключён
    def __init__(self, level):
        super().__init__(level)
        self.lines = []
    def emit(self, record):
        self.lines.append(record.getMessage())

class Server(serve.LiveReloadServer):
    def __init__(self, builder, *args, **kwargs):
        self.kb_error = None
        def build():
            errors = Messages(logging.ERROR)
            logging.getLogger("mkdocs").addHandler(errors)
            try:
                builder()
                self.kb_error = None
            except SystemExit:  # Abort mkdocs: сообщение об ошибке уже в журнале
                self.kb_error = "\\n".join(errors.lines) or "сборка не прошла"
                logging.getLogger("mkdocs").error(
                    "Сборка не прошла: просмотр показывает последнюю удачную. Исправь и сохрани файл.")
            finally:
                logging.getLogger("mkdocs").removeHandler(errors)
        super().__init__(build, *args, polling_interval=float(sys.argv[1]), **kwargs)
        self.build_delay = float(sys.argv[2])

    def _inject_js_into_html(self, content, epoch):
        content = super()._inject_js_into_html(content, epoch)
        if self.kb_error is None or b"<body" not in content:
            return content
        start = content.index(b">", content.index(b"<body")) + 1
        banner = (
            '<div role="alert" class="kb-preview-error" style="position:sticky;top:0;z-index:100;margin:0;'
            'padding:.8em 1em;background:#8b0000;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;'
            'max-height:50vh;overflow:auto"><strong>Сборка не прошла — страница из последней удачной. '
            'Исправь и сохрани файл.</strong>\\n' + html.escape(self.kb_error) + '</div>')
        return content[:start] + banner.encode() + content[start:]

serve.LiveReloadServer = Server

# (3) Статические файлы темы: MkDocs на каждую сборку обходит папки темы (у Material — тысячи
# значков) и сверяет каждое имя с образцами — 0,4 с. Список тот же, пока не менялись папки
# overrides/ (новый файл меняет время изменения папки): обходим один раз.
import os
import material
from mkdocs.structure.files import File, Files

MATERIAL = os.path.dirname(material.__file__)
add_files_from_theme = Files.add_files_from_theme
theme_files = {}

def own_dirs(dirs):
    return tuple((d, os.stat(d).st_mtime_ns) for top in dirs if not top.startswith(MATERIAL)
                 for d, _, _ in os.walk(top))

def cached_theme_files(self, env, config):
    key = (tuple(config.theme.dirs), own_dirs(config.theme.dirs))
    if key not in theme_files:
        probe = Files([])
        add_files_from_theme(probe, env, config)
        theme_files.clear()
        theme_files[key] = [(f.src_uri, f.src_dir) for f in probe]
    for path, folder in theme_files[key]:
        if self.get_file_from_path(path) is None:
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))

Files.add_files_from_theme = cached_theme_files

# (5) Страница, у которой не изменилось ничего, от чего зависит её HTML, не переводится из Markdown
# заново: тот же текст после хуков (on_page_markdown), тот же адрес, тот же список файлов сайта
# (ссылки) и тот же mkdocs.yml (расширения). Правленая страница и всё, что от правки зависит,
# собираются, как обычно, и проверяются строго; страница, у которой при переводе были
# предупреждения (битая ссылка), в запас не идёт — сборка снова их покажет. Якоря ссылок между
# страницами MkDocs сверяет после перевода всех страниц — и для взятых из запаса тоже.
import hashlib
from mkdocs.structure.pages import Page

page_render = Page.render
rendered = {}

def site_key(config, files):
    key = getattr(files, "kb_key", None)
    if key is None:
        digest = hashlib.sha1(open(config.config_file_path, "rb").read())
        for f in sorted(files, key=lambda f: f.src_uri):
            digest.update(f"{f.src_uri}>{f.url}\\n".encode())
        key = files.kb_key = digest.hexdigest()
    return key

def render(self, config, files):
    key = (self.file.src_uri, self.url, self.markdown, site_key(config, files))
    hit = rendered.get(key)
    if hit is not None:
        self.content, self.toc, self._title_from_render, anchors, links = hit
        self.present_anchor_ids = set(anchors)
        self.links_to_anchors = {files.get_file_from_path(src): dict(v) for src, v in links.items()}
        return
    warnings = Messages(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        page_render(self, config, files)
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    if not warnings.lines:
        rendered[key] = (self.content, self.toc, self._title_from_render, set(self.present_anchor_ids or ()),
                         {f.src_uri: dict(v) for f, v in (self.links_to_anchors or {}).items()})

Page.render = render

# (4) Сборка создаёт сотни тысяч объектов; сборщик мусора Python по умолчанию обходит их каждые
# 700 новых — на просмотре темы это до пятой части пересборки. Реже — быстрее, память та же
# (циклов между сборками почти нет, остальное освобождает счётчик ссылок).
import gc
gc.set_threshold(50000, 20, 100)
cli(sys.argv[3:], prog_name="mkdocs")
"""


class PreviewError(Exception):
    """Ошибка автора (нет такой темы и т. п.): сообщение по-русски, без трассировки."""


@dataclass
class Scope:
    """Что войдёт в просмотр: тема; что нет — папки от docs/ и файлы от корня."""

    topic: str  # «раздел/тема»
    excluded_dirs: set[str]  # папки других тем и разделов (от docs/)
    excluded_files: set[str] = field(default_factory=set)  # тесты, вопросы итогового и диалоги других тем

    def left_out(self, src: str) -> bool:
        """Страница (путь от docs/) лежит в папке темы или раздела, которых нет в просмотре."""
        parts = src.split("/")
        return any("/".join(parts[:n]) in self.excluded_dirs for n in (1, 2))


def scope(root: Path, key: str) -> Scope:
    """Тема ``key``: всё остальное, что относится к другим темам, в просмотр не входит."""
    kb = model.load(root)
    topics = {t.key: t for s in kb.sections for t in s.topics}
    if key not in topics:
        known = "\n".join(f"  {k} — {t.title}" for k, t in topics.items()) or "  (тем нет)"
        raise PreviewError(f"темы {key!r} нет: тема — папка docs/<раздел>/<тема>/ с index.md (type: topic). "
                           f"Есть темы:\n{known}")
    section = key.split("/")[0]
    result = Scope(key, {k for k in topics if k != key} | {s.key for s in kb.sections if s.key != section})
    for k, topic in topics.items():
        if k == key:
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


def scoped_text(text: str, src: str, root: Path, sc: Scope) -> str:
    """Текст страницы для просмотра: ссылки на страницы тем вне просмотра — простым текстом.

    Только ссылки на файлы, которые в репозитории есть: битая ссылка остаётся ссылкой, и строгая
    сборка просмотра её отвергнет, как отвергла бы `make build`. Поле dialogue (ситуация «Перед
    звонком» → тренажёр тезиса другой темы) становится комментарием: номера строк не сдвигаются."""
    base = posixpath.dirname(src)

    def unlink(m: re.Match) -> str:
        target = m.group("target").split("#")[0]
        if m.group("image") or not target or "://" in target or target.startswith(("mailto:", "/")):
            return m.group(0)
        path = posixpath.normpath(posixpath.join(base, target))
        if sc.left_out(path) and (root / content.DOCS_DIR / path).is_file():
            return m.group("text")
        return m.group(0)

    text = LINK_RE.sub(unlink, text)
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            head = DIALOGUE_RE.sub(lambda m: f"# {m.group(0)} — в просмотре темы тренажёра нет"
                                   if posixpath.normpath(m.group(1)) in sc.excluded_files else m.group(0), text[:end])
            text = head + text[end:]
    return text


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


def sync(root: Path, dest: Path, sc: Scope, seen: dict[str, tuple[int, int]]) -> bool:
    """Привести проект просмотра к репозиторию: новые и изменённые файлы — в него, удалённые — из него.

    Копии, а не символьные ссылки: проверка содержания не пускает в сборку ссылки за пределы
    проекта. ``seen`` — (время изменения, размер) исходника при последнем копировании.
    Возвращает True, если что-то изменилось."""
    changed = False
    wanted = _wanted(root, sc) | {CONFIG}  # mkdocs.yml — тоже копией: хук находит корень по его пути
    for rel in wanted:
        src, copy = root / rel, dest / rel
        try:
            st = src.stat()
        except FileNotFoundError:  # удалили посреди сверки
            continue
        stamp = (st.st_mtime_ns, st.st_size)
        if seen.get(rel) == stamp and copy.exists():
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        tmp = copy.with_name(f".{copy.name}.kb-preview")
        if rel.startswith(f"{content.DOCS_DIR}/") and rel.endswith(".md"):
            data = src.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # о кодировке скажет проверка содержания
                tmp.write_bytes(data)
            else:
                tmp.write_text(scoped_text(text, rel[len(content.DOCS_DIR) + 1:], root, sc), encoding="utf-8")
        else:
            shutil.copy2(src, tmp)
        os.replace(tmp, copy)  # целиком: сборка не увидит полфайла
        seen[rel] = stamp
        changed = True
    for folder in (content.DOCS_DIR, content.QUIZZES_DIR, dialogues.DIALOGUES_DIR):
        for dirpath, _, filenames in os.walk(dest / folder):
            for name in filenames:
                path = Path(dirpath) / name
                rel = path.relative_to(dest).as_posix()
                if rel not in wanted:
                    path.unlink()
                    seen.pop(rel, None)
                    changed = True
    return changed


def make_project(root: Path, dest: Path, sc: Scope) -> dict[str, tuple[int, int]]:
    for entry in root.iterdir():
        if entry.name not in SKIP_ROOT and not entry.name.startswith("."):
            (dest / entry.name).symlink_to(entry)
    for name in ("overrides", "scripts"):  # дерево без своих (копия базы в тестах): хук и скрипты — этого репозитория
        if not (dest / name).exists():
            (dest / name).symlink_to(ROOT / name)
    for folder in (content.DOCS_DIR, content.QUIZZES_DIR, dialogues.DIALOGUES_DIR):
        (dest / folder).mkdir()
    seen: dict[str, tuple[int, int]] = {}
    sync(root, dest, sc, seen)
    return seen


def _keep_in_sync(root: Path, dest: Path, sc: Scope, seen: dict, stop: threading.Event) -> None:
    while not stop.wait(SYNC_EVERY):
        try:
            sync(root, dest, sc, seen)
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
        sc = scope(root, args.topic.strip("/").removeprefix(f"{content.DOCS_DIR}/"))
    except PreviewError as err:
        print(f"make preview: {err}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kb-preview-") as tmp:
        dest = Path(tmp)
        seen = make_project(root, dest, sc)
        print(f"Просмотр темы {sc.topic}: http://127.0.0.1:{args.port}/ — Ctrl+C, чтобы остановить. "
              "Других тем в нём нет, ссылки на них — простым текстом; весь сайт — make serve.", file=sys.stderr, flush=True)
        stop = threading.Event()
        watcher = threading.Thread(target=_keep_in_sync, args=(root, dest, sc, seen, stop), daemon=True)
        watcher.start()
        # без поиска (mkdocs.yml: enabled: !ENV KB_SEARCH): плагин search читает каждую страницу,
        # а просмотру темы поиск не нужен — она открыта в меню
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_SEARCH": "false"}
        proc = subprocess.Popen([sys.executable, "-c", SERVE, str(POLL_EVERY), str(BUILD_DELAY), "serve", "--strict",
                                 "-a", f"127.0.0.1:{args.port}", "-f", str(dest / CONFIG)], cwd=dest, env=env)
        signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            code = proc.wait()
        finally:
            stop.set()
            watcher.join(timeout=10)  # сверка не пишет в папку, которую сейчас удалим
        return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code


if __name__ == "__main__":
    sys.exit(main())
