"""Поисковый индекс собранного сайта: ключевые фразы, синонимы, загрузка по требованию.

Плагин search MkDocs пишет ``search/search_index.json``; хук сборки после него
вызывает :func:`apply`, и тот:

* дописывает фразы ``search_keywords`` страниц полем ``keywords``
  (:mod:`kb.search_keywords`);
* кладёт в ``config`` индекса синонимы из ``docs/includes/synonyms.yml``
  (``kb_synonyms``: воркер поиска применяет их к запросу, kb-query.js) и имя
  воркера Material с хешем (``kb_worker``: его загружает наш воркер
  ``assets/javascripts/workers/kb-search.js``);
* переносит индекс в ``search/search_index.full.json``, а в
  ``search_index.json`` — который страница Material скачивает при каждой
  загрузке — оставляет заглушку: тот же ``config`` и адрес настоящего индекса
  (``kb_index``), без документов. Настоящий индекс воркер скачивает, только когда
  ученик начал искать.

В копии для ``file://`` (плагин offline) индекс остаётся целым: offline
встраивает ``search_index.json`` в скрипт, а Material и так загружает его
только при открытии поиска.

Модуль знает о MkDocs только формат индекса и то, где Material держит воркер.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

import yaml

from . import search_keywords

#: Синонимы: список строк, в строке — слова и фразы, которые ищутся друг вместо друга.
SYNONYMS = Path("docs") / "includes" / "synonyms.yml"
#: Индекс, который страница скачивает всегда (после apply — заглушка).
INDEX_PATH = search_keywords.INDEX_PATH
#: Настоящий индекс: его скачивает воркер по требованию.
FULL_INDEX = "search/search_index.full.json"
#: Где Material держит свой воркер поиска (относительно пакета material).
MATERIAL_WORKERS = Path("templates") / "assets" / "javascripts" / "workers"


def material_worker() -> str:
    """Имя воркера поиска установленного Material: ``search.<хеш>.min.js``."""
    import material

    found = sorted(p.name for p in (Path(material.__file__).parent / MATERIAL_WORKERS).glob("search.*.min.js"))
    if len(found) != 1:
        raise ValueError(f"не найден воркер поиска Material в {MATERIAL_WORKERS}: {found or 'нет файлов'}")
    return found[0]


def parse_synonyms(text: str, where: str = str(SYNONYMS)) -> list[list[str]]:
    """Синонимы из YAML: список групп, в группе не меньше двух непустых строк."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ValueError(f"{where}: не разбирается как YAML: {err}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{where}: нужен список строк вида «- [слово, синоним, …]»")
    groups: list[list[str]] = []
    for n, group in enumerate(data, 1):
        if not isinstance(group, list) or not all(isinstance(w, (str, int)) for w in group):
            raise ValueError(f"{where}: группа {n}: нужен список слов в квадратных скобках, а не {group!r}")
        words = list(dict.fromkeys(" ".join(str(w).split()) for w in group if str(w).strip()))
        if len(words) < 2:
            raise ValueError(f"{where}: группа {n} ({', '.join(words) or 'пусто'}): нужно хотя бы два слова")
        groups.append(words)
    return groups


def load_synonyms(root: Path) -> list[list[str]]:
    path = Path(root) / SYNONYMS
    if not path.is_file():
        return []
    return parse_synonyms(path.read_text(encoding="utf-8"))


def offline(plugins: Mapping[str, Any]) -> bool:
    """Включён ли плагин offline (сборка копии для file://)."""
    for name, plugin in plugins.items():
        if name.split("/")[-1] == "offline" and getattr(plugin, "config", {}).get("enabled"):
            return True
    return False


def prepare(index: dict, keywords: Mapping[str, list[str]], synonyms: list[list[str]], worker: str) -> dict:
    """Индекс с фразами, синонимами и именем воркера Material (меняет и возвращает index)."""
    search_keywords.add_to_index(index, keywords)
    index["config"]["kb_worker"] = worker
    index["config"]["kb_synonyms"] = synonyms
    return index


def placeholder(index: dict) -> dict:
    """Заглушка вместо индекса: config и адрес настоящего индекса, без документов и синонимов."""
    config = {k: v for k, v in index["config"].items() if k != "kb_synonyms"}
    return {"config": {**config, "kb_index": FULL_INDEX}, "docs": []}


def apply(site_dir: Path, keywords: Mapping[str, list[str]], synonyms: list[list[str]], *, lazy: bool = True) -> bool:
    """Переписать индекс собранного сайта; False — индекса нет (плагин search выключен)."""
    path = Path(site_dir) / INDEX_PATH
    if not path.is_file():
        return False
    index = prepare(json.loads(path.read_text(encoding="utf-8")), keywords, synonyms, material_worker())
    if lazy:
        _write(Path(site_dir) / FULL_INDEX, index)
        _write(path, placeholder(index))
    else:
        _write(path, index)
    return True


def _write(path: Path, data: dict) -> None:
    # тот же компактный вид, что у плагина search
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


#: Что mkdocs-quiz вставляет в страницу и что не должно попасть в поиск: ответы и пояснения
#: теста (форма вопроса), вступление к тесту («Пройти тест заново») и виджет «Прогресс теста, Отвечено: 0 / 0…» на каждой странице — из-за
#: него «прогресс», «тест», «отвечено» были словами с каждой страницы.
#:
#: Почему не просто data-search-exclude на блоке вопроса (div.quiz): парсер плагина search
#: Material сравнивает элементы по имени тега, и исключение кончается на первом же вложенном
#: </div> — ответы теста попадали в индекс. Поэтому метка стоит на элементах, внутри которых
#: нет элементов с тем же тегом: <form> вопроса, вступление к тесту, <label> и <ul> виджета,
#: <nav> мобильного виджета.
EXCLUDE = (
    '<form action="javascript:void(0);" onsubmit="return false;"',
    '<label class="md-nav__title">',
    '<ul class="md-nav__list" data-md-component="quiz-progress"',
    '<nav id="quiz-progress-mobile"',
    '<div class="quiz-intro">',
)


def exclude_from_search(html: str) -> str:
    """Пометить ответы тестов и виджеты mkdocs-quiz data-search-exclude (см. EXCLUDE)."""
    for start in EXCLUDE:
        if start in html:
            tag = start.rstrip(">")
            html = html.replace(start, tag + " data-search-exclude" + start[len(tag):])
    return html
