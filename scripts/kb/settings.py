"""Настройки курса: ключ ``extra.kb`` в mkdocs.yml, проверенный схемой MkDocs.

Один источник для хука сборки, проверки содержания и модулей в браузере
(хук кладёт нужные значения в данные курса). Пример::

    extra:
      kb:
        pass_mark: 0.8
        final_per_thesis: 3
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError


class Fraction(c.Type):
    """Доля от 0 до 1 (0.8 — это 80%)."""

    def __init__(self, default: float) -> None:
        super().__init__((int, float), default=default)

    def run_validation(self, value: object) -> float:
        value = super().run_validation(value)
        if isinstance(value, bool) or not 0 < value <= 1:
            raise ValidationError(f"нужна доля от 0 до 1 (например, 0.8 — это 80%), а не {value!r}")
        return float(value)


class Positive(c.Type):
    """Целое число не меньше ``minimum``."""

    def __init__(self, default: int, minimum: int = 1) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or value < self.minimum:
            raise ValidationError(f"нужно целое число не меньше {self.minimum}, а не {value!r}")
        return value


class ReportUrl(c.Type):
    """Адрес «Сообщить о неточности»: mailto: или http(s)://, подстановки {title} и {url}; "" — ссылки нет."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        from .review import REPORT_FIELDS, template_fields

        value = super().run_validation(value).strip()
        if not value:
            return value
        if not value.startswith(("mailto:", "https://", "http://")):
            raise ValidationError(f"нужен адрес mailto:… или https://… (трекер), а не {value!r}")
        unknown = [f for f in template_fields(value) if f not in REPORT_FIELDS]
        if unknown:
            raise ValidationError(f"подстановки {{{unknown[0]}}} нет; допустимы {{title}} (название страницы) "
                                  "и {url} (её адрес)")
        return value


class CourseSettings(Config):
    #: Тест тезиса и итоговый тест сданы при этой доле верных ответов.
    pass_mark = Fraction(0.8)
    #: Вопросов из каждого тезиса в итоговом тесте темы.
    final_per_thesis = Positive(3)
    #: Не меньше стольких вопросов в тесте тезиса.
    min_questions = Positive(8)
    #: Не меньше стольких вопросов, которые можно оценить (выбор ответа, не пропуск слова).
    min_gradable = Positive(6)
    #: Не меньше стольких вариантов ответа в вопросе.
    min_options = Positive(3, minimum=2)
    #: Доля вопросов с одним верным ответом, где верный — самый длинный (не больше).
    longest_correct_share = Fraction(0.4)
    #: Медиана отношения длины верного ответа к самому длинному неверному (не больше).
    length_ratio = c.Type((int, float), default=1.15)
    #: Слова-абсолюты («всё», «всегда», «только»…): насколько доля неверных ответов с ними может
    #: отличаться от доли верных (в любую сторону; 0.15 — на 15 процентных пунктов).
    absolute_words_gap = Fraction(0.15)
    #: Не меньше стольких вопросов в пуле итогового теста у каждого тезиса (quizzes/final/).
    min_final_questions = Positive(6)
    #: Фраз для шпаргалки у тезиса: от и до.
    min_phrases = Positive(3)
    max_phrases = Positive(5)
    min_checklist_items = Positive(5)
    #: Тренажёр разговора: не меньше стольких решений на пути лучших реплик.
    dialogue_min_decisions = Positive(4)
    #: Готовый индекс поиска (Node.js при сборке) — когда полный индекс больше стольких КиБ;
    #: меньший браузер строит сам быстрее секунды. 0 — всегда.
    search_prebuild_kib = Positive(2048, minimum=0)
    #: Дней от проверки страницы (reviewed) до «Давно не проверялось»; страница может задать свой
    #: срок полем review_every. 180 — полгода: курс учит приёмам общения, они меняются медленно.
    review_every = Positive(180)
    #: «Сообщить о неточности» на каждой странице: mailto: или адрес трекера с {title} и {url}.
    report_url = ReportUrl()


def from_dict(raw: Any, where: str = "mkdocs.yml: extra.kb") -> CourseSettings:
    """Проверенные настройки; ошибка — ``ValueError`` с русским объяснением, где и что поправить."""
    settings = CourseSettings()
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: нужен словарь настроек «ключ: значение»")
    settings.load_dict(raw)
    failed, _warnings = settings.validate()
    unknown = sorted(set(raw) - set(KEYS))
    messages = [f"{where}.{key}: {err}" for key, err in failed]
    messages += [f"{where}.{key}: такой настройки нет; допустимы: {', '.join(KEYS)}" for key in unknown]
    if settings.min_phrases > settings.max_phrases:
        messages.append(f"{where}: min_phrases больше max_phrases")
    if not failed and settings.min_final_questions < settings.final_per_thesis:
        messages.append(f"{where}: min_final_questions меньше final_per_thesis: итоговому тесту не из чего "
                        "выбирать вопросы тезиса")
    if messages:
        raise ValueError("; ".join(messages))
    return settings


def from_root(root: Path) -> CourseSettings:
    """Настройки из ``root/mkdocs.yml`` (для проверки без сборки); нет файла — значения по умолчанию."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return from_dict({})
    from mkdocs.utils.yaml import yaml_load  # понимает !ENV и теги python, как сама MkDocs

    with path.open(encoding="utf-8") as f:
        data = yaml_load(f) or {}
    return from_dict((data.get("extra") or {}).get("kb"))


KEYS: list[str] = [key for key, _ in CourseSettings._schema]
