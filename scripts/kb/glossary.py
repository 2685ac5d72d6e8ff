"""Словарь терминов: подсказки на страницах и страница «Словарь» из одного файла.

Подсказка — ``<abbr title="определение">слово</abbr>`` (Material показывает её
как всплывающую подсказку, ``content.tooltips``). Раньше определения дописывались
в Markdown каждой страницы строками ``*[форма]: …`` — расширение abbr проходит
текст по разу на строку, и две трети времени сборки уходило на это. Теперь один
проход по готовому HTML страницы: одно регулярное выражение на все формы.

Подсказка ставится только на первое упоминание термина на странице и никогда в
заголовках, ссылках, коде, кнопках: иначе пунктир на каждом втором слове — шум.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any

from . import content

#: Внутри этих элементов подсказок нет.
SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "code", "pre", "kbd", "script", "style", "button",
        "textarea", "select", "option", "svg", "summary", "title", "label"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_NAME_RE = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


@dataclass
class Glossary:
    entries: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._term_of: dict[str, int] = {}
        for i, entry in enumerate(self.entries):
            for form in entry.get("forms") or []:
                self._term_of.setdefault(form, i)
        forms = sorted(self._term_of, key=len, reverse=True)
        self._re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, forms)) + r")(?![\w-])") if forms else None
        self._titles = [html_lib.escape(" ".join(str(e.get("definition", "")).split()), quote=True) for e in self.entries]

    @classmethod
    def from_text(cls, text: str | None) -> Glossary:
        if not text:
            return cls([])
        _, data = content.parse_yaml(text)
        return cls(sorted(data or [], key=content.glossary_sort_key))

    def letters(self) -> list[dict[str, Any]]:
        """Термины по первой букве — для указателя на странице «Словарь»."""
        groups: list[dict[str, Any]] = []
        for entry in self.entries:
            letter = str(entry.get("term", "?")).strip()[:1].upper().replace("Ё", "Е") or "?"
            if not groups or groups[-1]["letter"] != letter:
                groups.append({"letter": letter, "id": f"bukva-{len(groups) + 1}", "entries": []})
            groups[-1]["entries"].append(entry)
        return groups

    def annotate(self, html: str) -> str:
        """Подсказки к первому упоминанию каждого термина в тексте страницы."""
        if self._re is None:
            return html
        used: set[int] = set()
        skip: list[str] = []
        parts = _TAG_RE.split(html)
        for i, part in enumerate(parts):
            if not part:
                continue
            if i % 2:  # тег или комментарий
                m = _NAME_RE.match(part)
                if not m:
                    continue
                name = m.group(1).lower()
                if part.startswith("</"):
                    if skip and skip[-1] == name:
                        skip.pop()
                elif name in SKIP and name not in VOID and not part.endswith("/>"):
                    skip.append(name)
                continue
            if skip:
                continue
            parts[i] = self._re.sub(lambda m: self._wrap(m, used), part)
        return "".join(parts)

    def _wrap(self, m: re.Match[str], used: set[int]) -> str:
        term = self._term_of[m.group(1)]
        if term in used:
            return m.group(0)
        used.add(term)
        return f'<abbr title="{self._titles[term]}">{m.group(0)}</abbr>'
