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

import bisect
import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any

from . import content

#: Внутри этих элементов подсказок нет.
SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "code", "pre", "kbd", "script", "style", "button",
        "textarea", "select", "option", "svg", "summary", "title", "label"}
_SKIP_RE = re.compile(r"<!--.*?-->|<(" + "|".join(sorted(SKIP)) + r")\b[^>]*>.*?</\1\s*>", re.S | re.I)


def _trie_pattern(words: list[str]) -> str:
    """Альтернатива слов, свёрнутая в дерево по общим началам: «карточк(?:а|у)» вместо «карточка|карточку».

    Так регулярное выражение на каждой позиции проверяет одну букву, а не все формы подряд:
    на странице в 100 КБ это в разы быстрее. Более длинная форма идёт раньше своего начала.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        optional = "" in node
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        if optional:
            body = body + "?" if len(branches) == 1 else body[:-1] + "|)"
        return body

    return build(trie)


def _skip_ranges(html: str) -> list[tuple[int, int]]:
    """Диапазоны комментариев и элементов, где подсказок нет (вложенные одноимённые — редкость)."""
    return [m.span() for m in _SKIP_RE.finditer(html)]


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _in_tag(html: str, pos: int) -> bool:
    """Совпадение внутри тега (в значении атрибута): последний «<» ближе, чем последний «>»."""
    return html.rfind("<", 0, pos) > html.rfind(">", 0, pos)


@dataclass
class Glossary:
    entries: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._term_of: dict[str, int] = {}
        for i, entry in enumerate(self.entries):
            if entry.get("tooltip") is False:  # знакомое всем слово: только в «Словаре», в тексте без пунктира
                continue
            for form in entry.get("forms") or []:
                self._term_of.setdefault(form, i)
        forms = list(self._term_of)
        self._terms = len(set(self._term_of.values()))  # терминов с подсказкой: все нашлись — дальше не ищем
        # без просмотра назад в начале: тогда re быстро ищет первую букву; начало слова проверяем сами
        self._re = re.compile("(" + _trie_pattern(forms) + r")(?![\w-])") if forms else None
        self._titles = [html_lib.escape(" ".join(str(e.get("definition", "")).split()), quote=True) for e in self.entries]

    @classmethod
    def from_data(cls, data: Any) -> Glossary:
        """Из уже разобранного словаря (kb.model: файл читается и разбирается один раз)."""
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
        """Подсказки к первому упоминанию каждого термина в тексте страницы.

        Одно регулярное выражение проходит всю страницу; совпадение внутри тега или
        внутри элемента из SKIP пропускается (диапазоны этих элементов — тоже одним
        проходом), так что цена почти не зависит от числа терминов.
        """
        if self._re is None:
            return html
        skip = _skip_ranges(html)
        used: set[int] = set()
        out: list[str] = []
        last = 0
        for m in self._re.finditer(html):
            term = self._term_of[m.group(1)]
            start = m.start()
            if start and (html[start - 1].isalnum() or html[start - 1] in "-_"):
                continue  # середина слова
            if term in used or _inside(skip, m.start()) or _in_tag(html, m.start()):
                continue
            used.add(term)
            out.append(html[last:m.start()])
            out.append(f'<abbr title="{self._titles[term]}">{m.group(0)}</abbr>')
            last = m.end()
            if len(used) == self._terms:
                break
        out.append(html[last:])
        return "".join(out)

    def _wrap(self, m: re.Match[str], used: set[int]) -> str:
        term = self._term_of[m.group(1)]
        if term in used:
            return m.group(0)
        used.add(term)
        return f'<abbr title="{self._titles[term]}">{m.group(0)}</abbr>'
