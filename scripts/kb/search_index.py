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

Если индекс большой и есть Node.js, рядом кладётся и готовый индекс lunr
(``search_index.lunr.json`` с документами без текста, :func:`prebuild`, адрес в
``kb_prebuilt``): воркер загружает его, а не строит индекс в браузере ученика, и отвечает
сразу; фрагменты текста в выдаче берёт из полного индекса, когда тот догрузится.

В копии для ``file://`` (плагин offline) индекс остаётся целым: offline
встраивает ``search_index.json`` в скрипт, а Material и так загружает его
только при открытии поиска.

Модуль знает о MkDocs только формат индекса и то, где Material держит воркер.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any, Mapping

import yaml

from . import node as node_js
from . import search_keywords

#: Синонимы: список строк, в строке — слова и фразы, которые ищутся друг вместо друга.
SYNONYMS = Path("docs") / "includes" / "synonyms.yml"
#: Индекс, который страница скачивает всегда (после apply — заглушка).
INDEX_PATH = search_keywords.INDEX_PATH
#: Настоящий индекс: его скачивает воркер по требованию.
FULL_INDEX = "search/search_index.full.json"
#: Готовый индекс lunr (scripts/kb/search_prebuild.js): воркер загружает его, а не строит.
PREBUILT = "search/search_index.lunr.json"
PREBUILD_SCRIPT = Path(__file__).with_name("search_prebuild.js")
#: Где Material держит свой воркер поиска и стеммеры lunr (относительно пакета material).
MATERIAL_JS = Path("templates") / "assets" / "javascripts"
MATERIAL_WORKERS = MATERIAL_JS / "workers"

log = logging.getLogger("mkdocs.plugins.kb.search")


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


def apply(site_dir: Path, keywords: Mapping[str, list[str]], synonyms: list[list[str]], *, lazy: bool = True,
          prebuild_from: int = 0) -> bool:
    """Переписать индекс собранного сайта; False — индекса нет (плагин search выключен).

    prebuild_from — с какого размера полного индекса (байт) собирать готовый индекс lunr.
    """
    path = Path(site_dir) / INDEX_PATH
    if not path.is_file():
        return False
    index = prepare(json.loads(path.read_text(encoding="utf-8")), keywords, synonyms, material_worker())
    if lazy:
        full = _write(Path(site_dir) / FULL_INDEX, index)
        stub = placeholder(index)
        if full < prebuild_from:
            _remove_prebuilt(Path(site_dir))  # небольшой индекс браузер построит сам
        elif prebuild(Path(site_dir)):
            # размер полного индекса: небольшой воркер ждёт до первого ответа, большой — нет
            stub["config"].update(kb_prebuilt=PREBUILT, kb_index_size=full)
        _write(path, stub)
    else:
        _write(path, index)
    return True


def prebuild(site_dir: Path, node: str | None = None) -> bool:
    """Готовый индекс lunr рядом с полным индексом; False — нет Node.js (индекс построит браузер).

    Сбой самого построения — ValueError: сайт с поиском, который не загрузится, не публикуем.
    """
    node = node or shutil.which("node")
    if node is None:
        log.info("Поиск: Node.js не найден — готовый индекс не собран, браузер построит его сам "
                 "при первом поиске (на большой базе это секунды). Поставь nodejs, чтобы собирать его.")
        _remove_prebuilt(site_dir)
        return False
    import material

    js = Path(material.__file__).parent / MATERIAL_JS
    node_js.run(node, PREBUILD_SCRIPT, "готовый поисковый индекс не собрался",
                args=[str(js / "workers" / material_worker()), str(js / "lunr" / "min"),
                      str(site_dir / FULL_INDEX), str(site_dir / PREBUILT)])
    return True


def _write(path: Path, data: dict) -> int:
    # тот же компактный вид, что у плагина search; возвращает размер в байтах
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(raw)
    return len(raw)


def _remove_prebuilt(site_dir: Path) -> None:
    (site_dir / PREBUILT).unlink(missing_ok=True)


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
