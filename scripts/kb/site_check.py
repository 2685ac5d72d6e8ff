"""Что отвергнет строгая сборка: битые ссылки, якоря, картинки, страницы вне навигации.

Второй проверки ссылок здесь нет: собираем сайт самой MkDocs во временную папку
(её проверки ссылок и nav — те же, что у ``mkdocs build --strict``) и переводим её
предупреждения в формат проверки содержания ``путь:строка: сообщение`` по-русски.
Сайт при этом никуда не публикуется.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from .validate import Problem

_LINK_RE = re.compile(r"Doc file '(?P<doc>[^']+)' contains (?:a|an) (?:link|unrecognized relative link|absolute link) '(?P<link>[^']+)'")
_ANCHOR_RE = re.compile(r"does not contain an anchor '(?P<anchor>[^']+)'")
_NAV_RE = re.compile(r"not included in the \"nav\" configuration:\n(?P<pages>(?:\s+- .+\n?)+)")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _line_of(path: Path, needle: str) -> int:
    try:
        for no, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if needle in line:
                return no
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def translate(message: str, docs_dir: str, root: Path) -> list[Problem]:
    """Предупреждение MkDocs → проблемы с файлом, строкой и подсказкой по-русски."""
    if (m := _NAV_RE.search(message + "\n")) is not None:
        pages = [p.strip()[2:].strip() for p in m.group("pages").strip().splitlines()]
        return [Problem(f"{docs_dir}/{p}", 1, "страница не попала в навигацию: положи её в папку раздела, темы или "
                        "тезиса (меню строится по папкам) или добавь в nav в mkdocs.yml") for p in pages]
    if (m := _LINK_RE.search(message)) is not None:
        doc, link = m.group("doc"), m.group("link")
        path = root / docs_dir / doc
        line = _line_of(path, link)
        if (a := _ANCHOR_RE.search(message)) is not None:
            why = f"ссылка «{link}» ведёт на раздел {a.group('anchor')}, которого на той странице нет; поправь якорь после #"
        elif re.search(r"\.(png|jpe?g|gif|svg|webp)\b", link, re.I):
            why = f"картинки «{link}» нет среди файлов сайта; положи её в docs/ или поправь путь"
        elif link.startswith("/"):
            why = f"ссылка «{link}» от корня сайта сломается на сайте по другому адресу и с диска; сделай её относительной"
        else:
            why = f"ссылка «{link}» ведёт на страницу, которой нет; поправь путь (относительно этой страницы, с .md)"
        return [Problem(f"{docs_dir}/{doc}", line, why)]
    return [Problem("mkdocs.yml", 1, f"сборка MkDocs предупреждает: {' '.join(message.split())}")]


def strict_build_problems(root: Path) -> list[Problem]:
    """Собрать сайт в temp и вернуть всё, из-за чего строгая сборка не прошла бы."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    root = Path(root).resolve()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return []
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    problems: list[Problem] = []
    try:
        with tempfile.TemporaryDirectory(prefix="kb-check-") as tmp:
            config = load_config(str(config_file), site_dir=tmp, strict=False)
            try:
                build(config)
            except (Abort, MkDocsException) as err:
                problems.append(Problem("mkdocs.yml", 1, f"сборка остановилась: {err}"))
            docs_dir = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    finally:
        logger.removeHandler(handler)
    for message in handler.messages:
        problems.extend(translate(message, docs_dir, root))
    return sorted(set(problems))
