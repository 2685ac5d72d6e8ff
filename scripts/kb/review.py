"""Проверка страниц, как в базах знаний служб поддержки: кто отвечает и когда страница проверена.

Front matter тезиса, материала и справочной страницы::

    owner: Методист курса      # роль или человек, кто отвечает за точность страницы
    reviewed: 2026-11-20       # когда её последний раз проверили (ГГГГ-ММ-ДД)
    review_every: 90           # по желанию: перепроверять чаще или реже, чем extra.kb.review_every
    updated: 2026-11-01        # по желанию: когда текст последний раз менялся по существу
                               # (без него — reviewed); ученику — «Обновлено после твоего прочтения»

Проверка «давно не проверялось» считается от сегодняшней даты в момент сборки (или `make review`):
сайт, собранный сегодня, покажет пометку тем страницам, чей срок прошёл к сегодняшнему дню.
Для воспроизводимой сборки и тестов «сегодня» задаётся переменной KB_TODAY (ГГГГ-ММ-ДД) или
SOURCE_DATE_EPOCH (секунды с 1970 года, как у reproducible builds).

Правила полей — в ``kb.validate``; здесь — чтение дат, сроки и ссылка «Сообщить о неточности».
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .ru import plural

#: Страницы, у которых есть ответственный и дата проверки.
REVIEWED_TYPES = ("thesis", "material", "reference")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Подстановки в extra.kb.report_url.
REPORT_FIELDS = ("title", "url")


def today() -> dt.date:
    """Сегодня для сборки: KB_TODAY, иначе SOURCE_DATE_EPOCH, иначе часы машины."""
    value = os.environ.get("KB_TODAY", "").strip()
    if value:
        parsed = parse_date(value)
        if parsed is None:
            raise ValueError(f"KB_TODAY: нужна дата ГГГГ-ММ-ДД, а не «{value}»")
        return parsed
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH: нужны секунды с 1970 года, а не «{epoch}»") from None
    return dt.date.today()


def parse_date(value: Any) -> dt.date | None:
    """Дата из front matter: YAML уже дал date, или строка «ГГГГ-ММ-ДД»; иначе None."""
    if isinstance(value, dt.datetime):
        return None  # со временем — не то, что просили
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def ru_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Stamp:
    """Отметка о проверке страницы."""

    owner: str
    reviewed: dt.date
    every: int  # дней между проверками
    today: dt.date

    @property
    def due(self) -> dt.date:
        return self.reviewed + dt.timedelta(days=self.every)

    @property
    def age(self) -> int:
        return (self.today - self.reviewed).days

    @property
    def overdue(self) -> bool:
        return self.today > self.due

    def context(self) -> dict[str, Any]:
        """Для шаблона overrides/partials/kb-review.html."""
        return {"owner": self.owner, "reviewed": self.reviewed.isoformat(), "reviewed_ru": ru_date(self.reviewed),
                "every": self.every, "age": self.age, "overdue": self.overdue,
                "age_text": days(self.age), "every_text": days(self.every)}


def days(n: int) -> str:
    """«1 день», «3 дня», «200 дней»."""
    return f"{n} {plural(n, 'день', 'дня', 'дней')}"


def review_every(meta: dict[str, Any], default: int) -> int:
    value = meta.get("review_every")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def stamp(meta: dict[str, Any], default_every: int, day: dt.date) -> Stamp | None:
    """Отметка страницы или None, если у неё нет ответственного и даты (или они неверны — скажет проверка)."""
    if meta.get("type") not in REVIEWED_TYPES:
        return None
    owner, reviewed = meta.get("owner"), parse_date(meta.get("reviewed"))
    if not isinstance(owner, str) or not owner.strip() or reviewed is None:
        return None
    return Stamp(" ".join(owner.split()), reviewed, review_every(meta, default_every), day)


def updated(meta: dict[str, Any]) -> str | None:
    """Когда текст менялся по существу (updated, иначе reviewed), ГГГГ-ММ-ДД — для данных курса."""
    day = parse_date(meta.get("updated")) or parse_date(meta.get("reviewed"))
    return day.isoformat() if day else None


def overdue(kb, default_every: int, day: dt.date) -> list[tuple[Any, Stamp]]:
    """Страницы с прошедшим сроком проверки: самые давние первыми (при равенстве — по пути)."""
    found = []
    for page in kb.pages.values():
        mark = stamp(page.meta, default_every, day)
        if mark is not None and mark.overdue:
            found.append((page, mark))
    return sorted(found, key=lambda pm: (pm[1].reviewed, pm[0].rel))


_FIELD_RE = re.compile(r"\{(\w*)\}")


def template_fields(template: str) -> list[str]:
    return _FIELD_RE.findall(template)


def report_link(template: str, title: str, url: str) -> str:
    """Адрес «Сообщить о неточности»: {title} и {url} подставлены и закодированы для адреса.

    Постоянная часть шаблона тоже кодируется (пробелы и кириллица), но её разметка адреса —
    «:», «/», «?», «&», «=», «@», «%» — остаётся как есть.
    """
    values = {"title": title, "url": url}
    parts = []
    last = 0
    for m in _FIELD_RE.finditer(template):
        parts.append(quote(template[last:m.start()], safe=":/?&=@%#+,;~!$'()*[]"))
        parts.append(quote(values[m.group(1)], safe=""))
        last = m.end()
    parts.append(quote(template[last:], safe=":/?&=@%#+,;~!$'()*[]"))
    return "".join(parts)
