"""Проверка страниц: `make review` (scripts/review.py), сроки и ссылка «Сообщить о неточности» (kb/review.py)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import ENV, PYTHON, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from kb import review  # noqa: E402
from kb import settings as kb_settings  # noqa: E402

DIR = "docs/razdel/tema/tezis"


def set_reviewed(root: Path, rel: str, date: str, extra: str = "") -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("reviewed: 2026-01-15\n", f"reviewed: {date}\n{extra}", 1), encoding="utf-8")


def run_review(root: Path, today: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, str(ROOT / "scripts/review.py"), *args, str(root)], capture_output=True, text=True,
                          env={**ENV, "KB_TODAY": today})


def test_overdue_pages_oldest_first_with_owners(valid_tree):
    """Давние — первыми; свой review_every страницы сильнее общего; ровно в срок — ещё не просрочено."""
    set_reviewed(valid_tree, f"{DIR}/skript.md", "2025-03-01")
    set_reviewed(valid_tree, f"{DIR}/chek-list.md", "2025-09-01")
    # руководство: своё правило — раз в 30 дней; проверено 2026-06-01 → к 2026-07-10 просрочено
    set_reviewed(valid_tree, f"{DIR}/rukovodstvo.md", "2026-06-01", "review_every: 30\n")
    # тезис: проверен ровно 180 дней назад — срок сегодня, ещё не просрочено
    set_reviewed(valid_tree, f"{DIR}/index.md", "2026-01-11")
    thesis = valid_tree / f"{DIR}/index.md"
    thesis.write_text(thesis.read_text(encoding="utf-8").replace("owner: Методист курса", "owner: Анна  Петрова"),
                      encoding="utf-8")
    result = run_review(valid_tree, "2026-07-10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{DIR}/skript.md:3: «Тестовый скрипт» — проверено 01.03.2025, 496 дней назад (проверять раз в 180 дней); "
        "ответственный: Методист курса",
        f"{DIR}/chek-list.md:3: «Тестовый чек-лист» — проверено 01.09.2025, 312 дней назад (проверять раз в 180 дней); "
        "ответственный: Методист курса",
        f"{DIR}/rukovodstvo.md:3: «Тестовое руководство» — проверено 01.06.2026, 39 дней назад (проверять раз в 30 дней); "
        "ответственный: Методист курса",
    ]
    assert "Давно не проверялись: 3." in result.stderr
    strict = run_review(valid_tree, "2026-07-10", "--strict")
    assert strict.returncode == 1 and strict.stdout == result.stdout
    # на день позже тезис тоже просрочен: 181 день при сроке 180
    later = run_review(valid_tree, "2026-07-11").stdout.splitlines()
    assert len(later) == 4 and later[2].startswith(f"{DIR}/index.md:3: «Тестовый тезис» — проверено 11.01.2026, 181 день")
    assert later[2].endswith("ответственный: Анна Петрова")  # пробелы в имени схлопнуты


def test_nothing_overdue_strict_passes(valid_tree):
    result = run_review(valid_tree, "2026-02-01", "--strict")
    assert result.returncode == 0
    assert result.stdout == "Все страницы проверены в срок (на 01.02.2026).\n"


def test_review_every_from_settings(valid_tree):
    """extra.kb.review_every — срок для всех страниц без своего."""
    (valid_tree / "mkdocs.yml").write_text("site_name: x\nextra:\n  kb:\n    review_every: 10\n", encoding="utf-8")
    result = run_review(valid_tree, "2026-01-26", "--strict")  # 11 дней после 2026-01-15
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 4
    assert run_review(valid_tree, "2026-01-25", "--strict").returncode == 0  # ровно 10


def test_bad_today_is_a_message_not_a_traceback(valid_tree):
    result = run_review(valid_tree, "вчера")
    assert result.returncode == 2
    assert result.stderr.strip() == "KB_TODAY: нужна дата ГГГГ-ММ-ДД, а не «вчера»"


@pytest.mark.parametrize("template, title, url, expected", [
    ("mailto:kb@example.ru?subject=Неточность: {title}&body=Страница: {url}", "Звонок & письмо #1", "/a/b/",
     "mailto:kb@example.ru?subject=%D0%9D%D0%B5%D1%82%D0%BE%D1%87%D0%BD%D0%BE%D1%81%D1%82%D1%8C:%20"
     "%D0%97%D0%B2%D0%BE%D0%BD%D0%BE%D0%BA%20%26%20%D0%BF%D0%B8%D1%81%D1%8C%D0%BC%D0%BE%20%231"
     "&body=%D0%A1%D1%82%D1%80%D0%B0%D0%BD%D0%B8%D1%86%D0%B0:%20%2Fa%2Fb%2F"),
    ("https://tracker.example.ru/new?title={title}&page={url}", "A?b=c", "https://kb.example.ru/x/",
     "https://tracker.example.ru/new?title=A%3Fb%3Dc&page=https%3A%2F%2Fkb.example.ru%2Fx%2F"),
    ("mailto:kb@example.ru", "Тема", "/", "mailto:kb@example.ru"),
])
def test_report_link_encodes_title_and_address(template, title, url, expected):
    link = review.report_link(template, title, url)
    assert link == expected
    # обратно: почтовый клиент или трекер получат ровно название и адрес
    if "{title}" in template:
        query = parse_qs(urlsplit(link).query)
        assert any(title in v for vals in query.values() for v in vals)
        assert any(url in v for vals in query.values() for v in vals)
        assert " " not in link and unquote(link).count(title) == 1


@pytest.mark.parametrize("value, message", [
    ("ftp://x/{title}", "extra.kb.report_url: нужен адрес mailto:… или https://… (трекер), а не 'ftp://x/{title}'"),
    ("mailto:a@b.ru?subject={titel}", "extra.kb.report_url: подстановки {titel} нет; допустимы {title} "
                                      "(название страницы) и {url} (её адрес)"),
])
def test_report_url_setting_is_checked(value, message):
    with pytest.raises(ValueError) as err:
        kb_settings.from_dict({"report_url": value})
    assert str(err.value) == f"mkdocs.yml: {message}"


def test_stamp_overdue_boundary():
    meta = {"type": "thesis", "owner": "Методист", "reviewed": dt.date(2026, 1, 1)}
    assert not review.stamp(meta, 31, dt.date(2026, 2, 1)).overdue  # ровно 31 день
    assert review.stamp(meta, 31, dt.date(2026, 2, 2)).overdue
    assert review.stamp({**meta, "review_every": 60}, 31, dt.date(2026, 2, 2)).overdue is False
    assert review.stamp({**meta, "type": "situation"}, 31, dt.date(2026, 2, 2)) is None
    assert review.updated({**meta, "updated": dt.date(2025, 12, 1)}) == "2025-12-01"
    assert review.updated(meta) == "2026-01-01"
