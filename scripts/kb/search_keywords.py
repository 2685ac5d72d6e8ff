"""Ключевые фразы страницы для поиска: поле front matter ``search_keywords``.

Разговорный запрос («злой клиент», «сроки сорвались», «напомнить о себе»)
часто не содержит ни одного слова страницы, и никакой стеммер его не спасёт.
Автор перечисляет такие фразы в front matter::

    search_keywords:
      - злой клиент
      - клиент ругается

Фразы попадают в поисковый индекс отдельным полем ``keywords`` главной записи
страницы (запись с ``location`` = url страницы, без ``#якоря``). На странице и
в выдаче поиска их не видно: Material показывает только title, text и tags.
Поле весит как заголовок (:data:`BOOST`), поэтому страница с подходящей
фразой выходит в начало выдачи, даже если слово вроде «клиент» стоит в
заголовках многих других страниц.

Поиск Material 9 индексирует в браузере каждое поле из ``config.fields``
файла ``search/search_index.json`` (воркер: ``this.field(name, …)`` для всех
ключей), поэтому достаточно дописать в этот файл поле и его вес. Это делает
:func:`add_to_index`; файл индекса переписывает ``kb.search_index.apply`` после
того, как плагин search его записал (``on_post_build`` хука идёт после плагинов).

Модуль ничего не знает о MkDocs, кроме формата индекса. Хук собирает фразы в
``on_page_content`` (:func:`from_meta`), проверка содержания отвергает негодные.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

#: Имя поля во front matter.
META_KEY = "search_keywords"
#: Имя поля в записи индекса и в ``config.fields``.
FIELD = "keywords"
#: Вес поля: как у заголовка в Material (title: 1000, text: 1).
BOOST = 1000.0
#: Путь индекса внутри собранного сайта.
INDEX_PATH = Path("search") / "search_index.json"


def from_meta(meta: Mapping[str, Any]) -> list[str]:
    """Фразы из front matter: список непустых строк без повторов.

    Одна строка вместо списка тоже принимается. Всё остальное (число,
    словарь, вложенный список) — ошибка автора: ``ValueError`` с объяснением.
    """
    value = meta.get(META_KEY)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"{META_KEY}: нужен список фраз, а не {type(value).__name__}")
    phrases: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"{META_KEY}: каждая фраза — строка, а не {item!r}")
        phrase = " ".join(item.split())
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def add_to_index(index: dict, keywords: Mapping[str, list[str]], boost: float = BOOST) -> int:
    """Дописать фразы в главные записи страниц индекса; вернуть число страниц.

    ``index`` — разобранный search_index.json (``{"config": …, "docs": […]}``),
    ``keywords`` — url страницы (как ``page.url``) → фразы. Запись с якорем
    (раздел страницы) не трогаем: фразы относятся ко всей странице. Поле и его
    вес добавляются в ``config.fields``, если их там ещё нет (вес из
    ``mkdocs.yml``, если его задали, остаётся).
    """
    wanted = {url: list(words) for url, words in keywords.items() if words}
    if not wanted:
        return 0
    index["config"].setdefault("fields", {}).setdefault(FIELD, {"boost": boost})
    done = 0
    for doc in index["docs"]:
        words = wanted.get(doc.get("location"))
        if words is not None:
            doc[FIELD] = words
            done += 1
    return done
