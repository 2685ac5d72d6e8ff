"""Тренажёр разговора: файл диалога ``dialogues/<slug>.md`` — разбор, граф, проверка, данные для сайта.

Формат (кратко; полностью — README, раздел об авторах): front matter YAML (``type: dialogue``,
``title``, ``client`` с ``name`` и ``about``, ``channel``, ``situation``, ``start``, по желанию
``search_keywords``), затем узлы — заголовок ``## <id>`` и строки::

    Настроение: раздражение        настроение клиента с этого узла (дальше наследуется)
    Ремарка: 9:05, звонок.         что происходит
    Клиент: Здравствуйте…          реплика клиента (несколько строк — несколько сообщений)
    - [3] Текст ассистента → id    реплика ассистента: баллы 0–5, текст, следующий узел
      > Почему это работает…       пояснение к реплике выше (обязательно)
    Концовка: успех                узел — концовка: успех, частично или провал
    Итог: Чем кончился разговор.   итог концовки (обязателен)

Разбор (``parse``) терпим, как ``kb.model``: он ничего не бросает и не печатает, а запоминает,
что не разобралось; что с этим не так и что делать, говорит ``check`` (его зовёт
``kb.validate.check`` — одна проверка для ``make check``, сборки и тестов). Граф (достижимость,
путь лучших реплик, наибольшая сумма баллов, настроения) считается здесь же, и им пользуются
проверка, сборка (``to_data`` — данные для плеера) и книга PDF (``print_order``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import content, search_keywords

if TYPE_CHECKING:  # pragma: no cover - только для подсказок типов
    from .model import KnowledgeBase, Thesis
    from .settings import CourseSettings

DIALOGUES_DIR = "dialogues"
#: Каналы разговора и настроения клиента — других автор не пишет.
CHANNELS = ("телефон", "чат", "мессенджер", "почта", "встреча")
MOODS = ("спокойствие", "интерес", "сомнение", "тревога", "раздражение", "гнев", "радость", "доверие")
#: Концовка: слово автора → вид в данных плеера.
ENDINGS = {"успех": "success", "частично": "partial", "провал": "failure"}
MIN_POINTS, MAX_POINTS = 0, 5
MAX_REPLIES = 4
NODE_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Строки узла «Ключ: текст».
KEYS = ("Настроение", "Ремарка", "Клиент", "Концовка", "Итог")
UNIQUE_KEYS = ("Настроение", "Концовка", "Итог")  # не больше одной в узле
KEY_RE = re.compile(r"^(?P<key>" + "|".join(KEYS) + r")\s*:\s*(?P<value>.*)$")
HEADING_RE = re.compile(r"^##\s+(?P<id>.*?)\s*$")
REPLY_RE = re.compile(r"^-\s+(?:\[(?P<points>[^\]\n]*)\]\s*)?(?P<rest>.*)$")
ARROW_RE = re.compile(r"\s*(?:→|->)\s*(?P<target>[^\s→]*)\s*$")
FEEDBACK_RE = re.compile(r"^\s*>\s?(?P<text>.*)$")

#: Тезисы объявляют диалог этим полем front matter; страница «Перед звонком» — ссылается им же.
META_KEY = "dialogue"


@dataclass
class Utterance:
    who: str  # "narration" (Ремарка) или "client" (Клиент)
    text: str
    line: int


@dataclass
class Reply:
    line: int
    index: int  # номер реплики в узле, с 1
    points_raw: str | None  # текст в [ ]; None — скобок нет
    text: str
    target: str | None  # id после стрелки; None — стрелки нет
    feedback: str = ""
    feedback_line: int | None = None

    @property
    def points(self) -> int | None:
        """Баллы, если они записаны верно (целое от 0 до 5), иначе None."""
        raw = (self.points_raw or "").strip()
        if not re.fullmatch(r"\d+", raw):
            return None
        value = int(raw)
        return value if MIN_POINTS <= value <= MAX_POINTS else None


@dataclass
class Node:
    id: str
    line: int
    mood: str | None = None
    mood_line: int | None = None
    lines: list[Utterance] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    ending: str | None = None  # слово после «Концовка:»
    ending_line: int | None = None
    summary: str | None = None  # текст после «Итог:»
    summary_line: int | None = None
    repeated: list[tuple[int, str, int]] = field(default_factory=list)  # (строка, ключ, первая строка)

    @property
    def is_ending(self) -> bool:
        return self.ending is not None

    @property
    def is_decision(self) -> bool:
        return bool(self.replies)

    def best(self) -> Reply | None:
        """Лучшая реплика: единственная с наибольшими баллами; None — если её нет или баллы неверны."""
        if not self.replies or any(r.points is None for r in self.replies):
            return None
        top = max(r.points for r in self.replies)
        winners = [r for r in self.replies if r.points == top]
        return winners[0] if len(winners) == 1 else None


@dataclass
class Dialogue:
    rel: str  # dialogues/x.md — путь от корня репозитория
    page: content.Page  # файл с разобранным front matter
    nodes: dict[str, Node] = field(default_factory=dict)  # id → первый узел с этим id
    node_list: list[Node] = field(default_factory=list)  # все узлы по порядку файла (и повторы id)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # строки, которые не разобрались
    orphan_feedback: list[int] = field(default_factory=list)  # «> …» без реплики над ним
    empty: list[tuple[int, str]] = field(default_factory=list)  # «Клиент:» без текста и т. п.
    field_lines: dict[str, int] = field(default_factory=dict)  # «client.name» → строка

    @property
    def slug(self) -> str:
        return PurePosixPath(self.rel).stem

    @property
    def meta(self) -> dict[str, Any]:
        return self.page.meta

    @property
    def title(self) -> str:
        return _text(self.meta.get("title"))

    @property
    def start(self) -> str:
        return _text(self.meta.get("start"))

    @property
    def client(self) -> dict[str, str]:
        client = self.meta.get("client")
        client = client if isinstance(client, dict) else {}
        return {"name": _text(client.get("name")), "about": _text(client.get("about"))}

    @property
    def channel(self) -> str:
        return _text(self.meta.get("channel"))

    @property
    def situation(self) -> str:
        return " ".join(_text(self.meta.get("situation")).split())

    def line_of(self, key: str) -> int:
        """Строка поля front matter (``client.name`` — вложенного); нет поля — первая строка."""
        return self.field_lines.get(key) or self.page.line_of(key.split(".")[0])


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# ----------------------------------------------------------------------------- разбор


def read(path: Path, root: Path) -> Dialogue:
    """Прочитать файл диалога (терпимо: ошибки чтения и YAML — в ``page``)."""
    page = content.read_page(path, root)
    dialogue = Dialogue(page.rel, page)
    if page.read_error or page.yaml_error:
        return dialogue
    _client_lines(dialogue)
    _parse_body(dialogue)
    return dialogue


def _client_lines(dialogue: Dialogue) -> None:
    """Строки вложенных полей client.name и client.about (у Page — только поля верхнего уровня)."""
    client = dialogue.meta.get("client")
    start = dialogue.page.key_lines.get("client")
    if not isinstance(client, dict) or start is None:
        return
    lines = dialogue.page.text.split("\n")
    for no in range(start + 1, dialogue.page.body_line):
        m = re.match(r"^\s+(name|about)\s*:", lines[no - 1])
        if m:
            dialogue.field_lines.setdefault(f"client.{m.group(1)}", no)
        elif lines[no - 1].strip() and not lines[no - 1][:1].isspace():
            break


def _parse_body(dialogue: Dialogue) -> None:
    node: Node | None = None
    last_reply: Reply | None = None  # реплика, к которой относится следующая строка «> …»
    in_comment = False
    for no, raw in dialogue.page.body_lines():
        line = raw.rstrip()
        if in_comment or line.lstrip().startswith("<!--"):
            in_comment = "-->" not in line
            continue
        if not line.strip():
            continue
        heading = HEADING_RE.match(line)
        if heading:
            node = Node(heading.group("id"), no)
            dialogue.node_list.append(node)
            dialogue.nodes.setdefault(node.id, node)
            last_reply = None
            continue
        if node is None:
            dialogue.unknown.append((no, line.strip()))
            continue
        feedback = FEEDBACK_RE.match(line)
        if feedback:
            if last_reply is None:
                dialogue.orphan_feedback.append(no)
            else:
                text = feedback.group("text").strip()
                last_reply.feedback = f"{last_reply.feedback} {text}".strip()
                if last_reply.feedback_line is None and text:
                    last_reply.feedback_line = no
            continue
        last_reply = None
        reply = REPLY_RE.match(line)
        if reply:
            rest = reply.group("rest")
            arrow = ARROW_RE.search(rest)
            target = arrow.group("target") if arrow else None
            text = rest[: arrow.start()] if arrow else rest
            last_reply = Reply(no, len(node.replies) + 1, reply.group("points"), text.strip(), target)
            node.replies.append(last_reply)
            continue
        key = KEY_RE.match(line)
        if not key:
            dialogue.unknown.append((no, line.strip()))
            continue
        name, value = key.group("key"), " ".join(key.group("value").split())
        if not value:
            dialogue.empty.append((no, name))
            continue
        if name in ("Ремарка", "Клиент"):
            node.lines.append(Utterance("narration" if name == "Ремарка" else "client", value, no))
            continue
        first = {"Настроение": node.mood_line, "Концовка": node.ending_line, "Итог": node.summary_line}[name]
        if first is not None:
            node.repeated.append((no, name, first))
        elif name == "Настроение":
            node.mood, node.mood_line = value, no
        elif name == "Концовка":
            node.ending, node.ending_line = value, no
        else:
            node.summary, node.summary_line = value, no


# ----------------------------------------------------------------------------- граф


def _edges(dialogue: Dialogue, node: Node) -> list[str]:
    """Узлы, куда ведут реплики узла (только существующие)."""
    return [r.target for r in node.replies if r.target in dialogue.nodes]


def reachable(dialogue: Dialogue) -> set[str]:
    """Узлы, до которых можно дойти от ``start``."""
    if dialogue.start not in dialogue.nodes:
        return set()
    seen = {dialogue.start}
    stack = [dialogue.start]
    while stack:
        for target in _edges(dialogue, dialogue.nodes[stack.pop()]):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def can_end(dialogue: Dialogue) -> set[str]:
    """Узлы, из которых можно дойти до какой-нибудь концовки."""
    good = {nid for nid, n in dialogue.nodes.items() if n.is_ending}
    changed = True
    while changed:
        changed = False
        for nid, node in dialogue.nodes.items():
            if nid not in good and any(t in good for t in _edges(dialogue, node)):
                good.add(nid)
                changed = True
    return good


@dataclass
class BestPath:
    """Путь по лучшим репликам от начала."""

    nodes: list[str]  # пройденные узлы по порядку
    replies: list[Reply]  # выбранные лучшие реплики (на одну меньше узлов, если путь дошёл до концовки)
    loop: Reply | None = None  # реплика, которая вернула в уже пройденный узел
    complete: bool = False  # дошёл до концовки

    @property
    def total(self) -> int:
        return sum(r.points or 0 for r in self.replies)


def best_path(dialogue: Dialogue) -> BestPath | None:
    """Путь лучших реплик от ``start``; None — его не построить (нет узла, нет лучшей реплики, нет перехода)."""
    current = dialogue.nodes.get(dialogue.start)
    if current is None:
        return None
    path = BestPath([current.id], [])
    while not current.is_ending:
        best = current.best()
        if best is None or best.target not in dialogue.nodes:
            return None
        path.replies.append(best)
        if best.target in path.nodes:
            path.loop = best
            return path
        current = dialogue.nodes[best.target]
        path.nodes.append(current.id)
    path.complete = True
    return path


def max_path(dialogue: Dialogue) -> tuple[int, list[str]] | None:
    """Наибольшая сумма баллов среди путей без повторов от ``start`` до концовки и сам путь.

    Диалоги маленькие: перебор в глубину. Без кругов (обычный случай) — с запоминанием
    ответа для узла, тогда перебор линейный.
    """
    if dialogue.start not in dialogue.nodes:
        return None
    acyclic = _acyclic(dialogue)
    memo: dict[str, tuple[int, list[str]] | None] = {}

    def walk(nid: str, visited: frozenset[str]) -> tuple[int, list[str]] | None:
        if acyclic and nid in memo:
            return memo[nid]
        node = dialogue.nodes[nid]
        result: tuple[int, list[str]] | None = (0, [nid]) if node.is_ending else None
        for reply in node.replies:
            if reply.target not in dialogue.nodes or reply.target in visited or reply.points is None:
                continue
            sub = walk(reply.target, visited | {reply.target})
            if sub is not None and (result is None or reply.points + sub[0] > result[0]):
                result = (reply.points + sub[0], [nid, *sub[1]])
        if acyclic:
            memo[nid] = result
        return result

    return walk(dialogue.start, frozenset({dialogue.start}))


def _acyclic(dialogue: Dialogue) -> bool:
    state: dict[str, int] = {}  # 1 — в обходе, 2 — пройден

    def visit(nid: str) -> bool:
        state[nid] = 1
        for target in _edges(dialogue, dialogue.nodes[nid]):
            if state.get(target) == 1 or (target not in state and not visit(target)):
                return False
        state[nid] = 2
        return True

    return all(visit(nid) for nid in dialogue.nodes if nid not in state)


def print_order(dialogue: Dialogue) -> list[str]:
    """Порядок узлов для сценария на бумаге и для настроений: сначала путь лучших реплик,
    потом остальные в ширину от начала (реплики — в порядке файла), потом недостижимые."""
    path = best_path(dialogue)
    edges = {nid: _edges(dialogue, node) for nid, node in dialogue.nodes.items()}
    return _order(dialogue.start, edges, path.nodes if path else [])


def _order(start: str, edges: dict[str, list[str]], best: list[str]) -> list[str]:
    order = list(dict.fromkeys(best))
    queue = [start] if start in edges else []
    seen = set(queue)
    while queue:
        nid = queue.pop(0)
        if nid not in order:
            order.append(nid)
        for target in edges[nid]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return order + [nid for nid in edges if nid not in order]


def moods(dialogue: Dialogue) -> dict[str, str | None]:
    """Настроение в каждом узле: своё или того узла, откуда в него впервые приходит разговор
    (в порядке ``print_order``); у недостижимых без своего — настроение начала."""
    first = dialogue.nodes.get(dialogue.start)
    fallback = first.mood if first else None
    inherited: dict[str, str | None] = {}
    result: dict[str, str | None] = {}
    for nid in print_order(dialogue):
        node = dialogue.nodes[nid]
        mood = node.mood or inherited.get(nid) or fallback
        result[nid] = mood
        for target in _edges(dialogue, node):
            inherited.setdefault(target, mood)
    return result


def version(dialogue: Dialogue) -> str:
    """Версия содержания: 12 знаков sha256 от того, что видит и выбирает ученик.

    Входят начало, узлы, их настроения, строки, реплики (текст, баллы, переход) и концовки с
    итогами; пробелы нормализованы. Пояснения и название не входят, как и у тестов: их правка
    не обнуляет результат ученика, а правка реплик или графа — обнуляет («пройди заново»).
    """
    norm = {
        "start": dialogue.start,
        "nodes": [
            [n.id, n.mood, [[u.who, u.text] for u in n.lines],
             [[r.points_raw, " ".join(r.text.split()), r.target] for r in n.replies], n.ending, n.summary]
            for n in dialogue.node_list
        ],
    }
    raw = json.dumps(norm, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def decisions(dialogue: Dialogue) -> list[Node]:
    return [n for n in dialogue.node_list if n.is_decision]


def to_data(dialogue: Dialogue, thesis: Thesis, url: str) -> dict[str, Any]:
    """Данные плеера ``window.KB_DATA.dialogues[slug]`` (контракт — README, «Тренажёр разговора»).

    ``url`` — адрес страницы тезиса; ``max`` — сумма баллов пути лучших реплик (проверка
    гарантирует, что больше не набирает ни один путь).
    """
    path = best_path(dialogue)
    best_total = path.total if path and path.complete else None
    most = max_path(dialogue)
    resolved = moods(dialogue)
    nodes: dict[str, Any] = {}
    for nid in print_order(dialogue):
        node = dialogue.nodes[nid]
        item: dict[str, Any] = {"mood": resolved[nid], "lines": [{"who": u.who, "text": u.text} for u in node.lines]}
        if node.is_ending:
            item["ending"] = {"kind": ENDINGS.get(node.ending or "", node.ending), "text": node.summary or ""}
        else:
            best = node.best()
            item["replies"] = [
                {"id": f"{nid}.{r.index}", "points": r.points, "best": r is best, "text": r.text,
                 "feedback": r.feedback, "next": r.target}
                for r in node.replies
            ]
        nodes[nid] = item
    return {
        "id": dialogue.slug,
        "version": version(dialogue),
        "title": dialogue.title,
        "client": dialogue.client,
        "channel": dialogue.channel,
        "situation": dialogue.situation,
        "start": dialogue.start,
        "max": best_total if best_total is not None else (most[0] if most else 0),
        "thesis": {"id": thesis.id, "title": thesis.title, "url": url},
        "nodes": nodes,
    }


def path_label(ids: list[str]) -> str:
    return " → ".join(ids)


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


# ----------------------------------------------------------------------------- проверка


#: Поля front matter диалога: имя → подсказка.
FIELDS = {
    "title": "название диалога, например «Отчёт задерживается — клиентка звонит сама»",
    "client": "клиент: name (имя) и about (кто он)",
    "channel": "канал: " + ", ".join(CHANNELS),
    "situation": "ситуация до разговора в 1–3 предложениях",
    "start": "id первого узла, например zvonok",
}
CLIENT_FIELDS = {"name": "имя клиента, например Ольга Миронова", "about": "кто клиент, одной строкой"}


def check(kb: KnowledgeBase, settings: CourseSettings, report: Any) -> None:
    """Все правила диалогов: файлы, объявления в тезисах, ссылки «Перед звонком», узлы и граф.

    ``report.add(путь, строка, сообщение)`` — тот же отчёт, что у ``kb.validate``. Текстовые
    правила страниц (НЕ ГОТОВО, исполняемый HTML) к файлам диалогов применяет сам ``kb.validate``.
    """
    from .validate import _age  # здесь, а не наверху: kb.validate импортирует этот модуль

    declared: dict[str, str] = {}  # файл диалога → тезис, который его объявил
    for thesis in sorted(kb.theses, key=lambda th: _age(th.page)):
        _check_declaration(thesis.page, kb, report, declared)
    for page in kb.pages.values():
        if page.type == "situation" and META_KEY in page.meta:
            _check_link(page, kb, report, declared)
    for thesis in kb.theses:
        taken = kb.pages.get(thesis.dialogue_src)
        if thesis.dialogue is not None and taken is not None:
            report.add(taken.rel, 1, f"имя {PurePosixPath(thesis.dialogue_src).name} в папке тезиса занято страницей "
                       "тренажёра, которую собирает сайт; переименуй файл")
    # чей-то front matter не читается — его объявлений мы не знаем, сирот не ищем (как у тестов)
    unreadable = any(p.yaml_error or p.read_error for p in kb.pages.values())
    for rel, dialogue in kb.dialogues.items():
        if rel not in declared and not unreadable:
            report.add(rel, 1, "диалог не объявлен ни в одном тезисе; укажи его в поле dialogue тезиса или удали файл")
        check_dialogue(dialogue, settings, report)


def _resolve(page: content.Page, kb: KnowledgeBase, report: Any) -> str | None:
    """Путь файла диалога из поля dialogue страницы; None — о поломке уже сказано."""
    value, line = page.meta.get(META_KEY), page.line_of(META_KEY)
    if not isinstance(value, str) or not value.strip():
        report.add(page.rel, line, "поле «dialogue» заполнено неверно; нужно: путь к файлу диалога, например "
                   "dialogues/podgotovka.md")
        return None
    path = PurePosixPath(value.strip())
    if path.is_absolute() or ".." in path.parts or path.parts[:1] != (DIALOGUES_DIR,) or path.suffix != ".md":
        report.add(page.rel, line, f"диалог {value} лежит вне папки dialogues/ или это не файл .md; перенеси его туда")
        return None
    rel = str(path)
    if rel not in kb.dialogues:
        report.add(page.rel, line, f"файла диалога {rel} нет; создай его (make thesis делает заготовку) или поправь dialogue")
        return None
    return rel


def _check_declaration(thesis: content.Page, kb: KnowledgeBase, report: Any, declared: dict[str, str]) -> None:
    if META_KEY not in thesis.meta:
        return
    rel = _resolve(thesis, kb, report)
    if rel is None:
        return
    if rel in declared:
        report.add(thesis.rel, thesis.line_of(META_KEY), f"диалог {rel} уже объявлен в {declared[rel]}; у каждого "
                   "тезиса свой диалог")
        return
    declared[rel] = thesis.rel


def _check_link(page: content.Page, kb: KnowledgeBase, report: Any, declared: dict[str, str]) -> None:
    rel = _resolve(page, kb, report)
    if rel is not None and rel not in declared:
        report.add(page.rel, page.line_of(META_KEY), f"диалог {rel} не объявлен ни в одном тезисе, а страница "
                   "ссылается на его тренажёр; объяви его в тезисе (поле dialogue) или убери ссылку")


def check_dialogue(dialogue: Dialogue, settings: CourseSettings, report: Any) -> None:
    """Правила одного файла диалога."""
    from .validate import _check_placeholders

    rel, page = dialogue.rel, dialogue.page
    if page.read_error:
        report.add(rel, 1, page.read_error)
        return
    if page.yaml_error:
        line, why = page.yaml_error
        report.add(rel, line, f"front matter не читается как YAML: {why}; поправь синтаксис")
        return
    if not NODE_ID_RE.match(dialogue.slug):
        report.add(rel, 1, f"имя файла «{PurePosixPath(rel).name}» недопустимо: нужны латиница, цифры и дефисы, "
                   "например dialogues/otchet-zaderzhivaetsya.md")
    _check_front_matter(dialogue, report)

    # строки и узлы
    for no, text in dialogue.unknown:
        short = text if len(text) <= 40 else text[:39] + "…"
        report.add(rel, no, f"непонятная строка «{short}»: в диалоге бывают узлы «## id», строки «Настроение:», "
                   "«Ремарка:», «Клиент:», «Концовка:», «Итог:», реплики «- [N] текст → id» и пояснения «> …» под "
                   "ними; поправь строку")
    for no in dialogue.orphan_feedback:
        report.add(rel, no, "пояснение «> …» не относится ни к одной реплике: поставь его сразу под репликой «- [N] …»")
    for no, key in dialogue.empty:
        report.add(rel, no, f"после «{key}:» нет текста; допиши его")
    broken = bool(dialogue.unknown or dialogue.orphan_feedback or dialogue.empty)
    seen: dict[str, int] = {}
    for node in dialogue.node_list:
        if not NODE_ID_RE.match(node.id):
            report.add(rel, node.line, f"id узла «{node.id}» недопустим; нужно: латиница, цифры и дефисы, например zvonok")
            broken = True
        elif node.id in seen:
            report.add(rel, node.line, f"узел «{node.id}» уже есть в строке {seen[node.id]}; у каждого узла свой id")
            broken = True
        seen.setdefault(node.id, node.line)
        broken |= _check_node(dialogue, node, settings, report)
    if not dialogue.node_list:
        report.add(rel, page.body_line, "в диалоге нет ни одного узла; начни узел заголовком «## id»")
        return
    for node in dialogue.node_list:
        for where, text in _texts(node):
            _check_placeholders(rel, where - 1, text, report)
    _check_longest(dialogue, settings, report)

    start = dialogue.start
    if start and start not in dialogue.nodes:
        report.add(rel, dialogue.line_of("start"), f"узла «{start}» из поля start нет; укажи id первого узла")
        return
    if not start:
        return
    first = dialogue.nodes[start]
    if first.mood is None:
        report.add(rel, first.line, f"у первого узла «{start}» нет строки «Настроение: …»; с неё начинается "
                   "настроение клиента")
    if broken:
        return  # граф проверяем, когда узлы в порядке: иначе сообщения о нём были бы ложными
    _check_graph(dialogue, settings, report)


def _texts(node: Node) -> list[tuple[int, str]]:
    out = [(u.line, u.text) for u in node.lines] + [(r.line, r.text) for r in node.replies]
    return out + ([(node.summary_line, node.summary)] if node.summary and node.summary_line else [])


def _check_front_matter(dialogue: Dialogue, report: Any) -> None:
    rel, meta = dialogue.rel, dialogue.meta
    if meta.get("type") != "dialogue":
        report.add(rel, dialogue.line_of("type"), "у файла диалога должно быть «type: dialogue» в front matter")
    for name, hint in FIELDS.items():
        value = meta.get(name)
        if value is None:
            report.add(rel, 1, f"в front matter диалога нет поля «{name}»; добавь его: {hint}")
        elif name == "client":
            if not isinstance(value, dict):
                report.add(rel, dialogue.line_of(name), f"поле «client» заполнено неверно; нужно: {hint}")
                continue
            for sub, sub_hint in CLIENT_FIELDS.items():
                if not _text(value.get(sub)):
                    report.add(rel, dialogue.line_of(f"client.{sub}"), f"у клиента нет поля «{sub}»; добавь: {sub_hint}")
        elif not _text(value):
            report.add(rel, dialogue.line_of(name), f"поле «{name}» заполнено неверно; нужно: {hint}")
        elif name == "channel" and value.strip() not in CHANNELS:
            report.add(rel, dialogue.line_of(name), f"канал «{value}» неизвестен; допустимы: {', '.join(CHANNELS)}")
    try:
        search_keywords.from_meta(meta)
    except ValueError as err:
        report.add(rel, dialogue.line_of(search_keywords.META_KEY), f"{err}; запиши фразы списком, по строке на пункт")


def _check_node(dialogue: Dialogue, node: Node, settings: CourseSettings, report: Any) -> bool:
    """Правила узла; True — узел сломан так, что граф проверять рано."""
    rel, broken = dialogue.rel, False
    for no, key, first in node.repeated:
        report.add(rel, no, f"строка «{key}:» в узле «{node.id}» повторяется (первая — в строке {first}); оставь одну")
    if node.mood is not None and node.mood not in MOODS:
        report.add(rel, node.mood_line, f"настроение «{node.mood}» неизвестно; допустимы: {', '.join(MOODS)}")
    if node.is_decision and (node.is_ending or node.summary is not None):
        report.add(rel, node.line, f"узел «{node.id}» — и решение, и концовка; оставь реплики или строки "
                   "«Концовка:» и «Итог:»")
        return True
    if not node.is_decision and not node.is_ending:
        report.add(rel, node.line, f"узел «{node.id}» — ни решение, ни концовка: добавь 3–4 реплики «- [N] текст → id» "
                   "или строки «Концовка: успех|частично|провал» и «Итог: …»")
        return True
    if node.is_ending:
        if node.ending not in ENDINGS:
            report.add(rel, node.ending_line, f"вид концовки «{node.ending}» неизвестен; допустимы: {', '.join(ENDINGS)}")
            broken = True
        if node.summary is None:
            report.add(rel, node.line, f"у концовки «{node.id}» нет строки «Итог: …»; напиши, чем кончился разговор")
        return broken
    lo, hi, n = settings.min_options, MAX_REPLIES, len(node.replies)
    if not lo <= n <= hi:
        report.add(rel, node.line, f"в узле «{node.id}» {n} {_plural(n, 'реплика', 'реплики', 'реплик')} ассистента; "
                   f"нужно от {lo} до {hi}")
    for reply in node.replies:
        if reply.points_raw is None:
            report.add(rel, reply.line, "у реплики нет баллов; начни её так: «- [N] текст → id», N — от 0 до 5")
        elif reply.points is None:
            report.add(rel, reply.line, f"баллы «{reply.points_raw}» неверны: нужно целое число от 0 до 5")
        if not reply.text:
            report.add(rel, reply.line, "у реплики нет текста: напиши, что говорит ассистент")
        if not reply.feedback:
            report.add(rel, reply.line, "у реплики нет пояснения; добавь под ней строку «  > …»: почему реплика работает "
                       "или нет, со ссылкой на шаг или ошибку тезиса")
        if not reply.target:
            report.add(rel, reply.line, "у реплики нет перехода; закончи её стрелкой «→ id» следующего узла")
            broken = True
        elif reply.target not in dialogue.nodes:
            report.add(rel, reply.line, f"узла «{reply.target}» нет; поправь переход или добавь узел «## {reply.target}»")
            broken = True
    points = [r.points for r in node.replies]
    if None in points:
        return True
    top = max(points)
    if points.count(top) > 1:
        report.add(rel, node.line, f"в узле «{node.id}» у {points.count(top)} реплик наибольшие баллы ({top}); лучшая "
                   "реплика должна быть одна — измени баллы")
        return True
    return broken


def _check_longest(dialogue: Dialogue, settings: CourseSettings, report: Any) -> None:
    """Правило тестов для реплик: лучшая — не самая длинная в большинстве решений."""
    rated = [(n, n.best()) for n in decisions(dialogue) if n.best() is not None and len(n.replies) > 1]
    if not rated:
        return
    longest = sum(len(best.text) > max(len(r.text) for r in n.replies if r is not best) for n, best in rated)
    share = longest / len(rated)
    if share > settings.longest_correct_share:
        report.add(dialogue.rel, 1, f"лучшая реплика — самая длинная в {longest} из {len(rated)} решений ({share:.0%}; "
                   f"можно не больше {settings.longest_correct_share:.0%}); сделай другие реплики такими же "
                   "подробными и конкретными")


def _check_graph(dialogue: Dialogue, settings: CourseSettings, report: Any) -> None:
    rel = dialogue.rel
    reach = reachable(dialogue)
    ends = can_end(dialogue)
    for node in dialogue.node_list:
        if node.id not in reach:
            report.add(rel, node.line, f"до узла «{node.id}» не дойти от начала «{dialogue.start}»: ни одна реплика "
                       "не ведёт к нему по пути; добавь переход или удали узел")
        elif node.id not in ends:
            report.add(rel, node.line, f"из узла «{node.id}» не дойти ни до одной концовки (круг без выхода); добавь "
                       "реплику, которая ведёт к концовке")
    path = best_path(dialogue)
    if path is None:
        return
    if path.loop is not None:
        report.add(rel, path.loop.line, f"путь лучших реплик возвращается в узел «{path.loop.target}»; лучшая реплика "
                   "должна вести дальше, к успеху")
        return
    ending = dialogue.nodes[path.nodes[-1]]
    if ending.ending != "успех":
        report.add(rel, ending.line, f"путь лучших реплик кончается концовкой «{ending.id}» ({ending.ending}), а должен — "
                   "успехом; поправь баллы или переходы")
    count, need = len(path.replies), settings.dialogue_min_decisions
    if count < need:
        report.add(rel, dialogue.line_of("start"), f"на пути лучших реплик {count} "
                   f"{_plural(count, 'решение', 'решения', 'решений')}; нужно не меньше {need}: добавь узлы-решения")
    most = max_path(dialogue)
    if most is not None and most[0] > path.total:
        report.add(rel, dialogue.line_of("start"), f"путь лучших реплик набирает {path.total} из возможных {most[0]}: "
                   f"больше даёт путь {path_label(most[1])}; лучшие реплики должны вести к наибольшей сумме — поправь баллы")
