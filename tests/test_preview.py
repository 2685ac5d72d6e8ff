"""`make preview TOPIC=…` (scripts/preview.py): просмотр одной темы с автообновлением.

На дереве 2 раздела × 2 темы (tests/test_browser_topics.py) просмотр темы «Тема Б» запускается
по-настоящему (mkdocs serve на свободном порту): правка тезиса в репозитории появляется на
странице, других тем в просмотре нет, ссылка главной в другую тему — простым текстом, а
сломанная правка даёт сообщение проверки по-русски (путь:строка), без трассировки, и просмотр
продолжает отдавать страницу, пока правку не исправят. Скорость — в make bench-scale, не здесь.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html import escape

import pytest

from conftest import ENV, ROOT, fixture_config, plain
from test_browser_topics import make_tree

sys.path.insert(0, str(ROOT / "scripts"))
import preview  # noqa: E402

TOPIC = "razdel/tema-b"
THESIS = "docs/razdel/tema-b/tezis-b/index.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    """Статус и HTML страницы; неразрывные пробелы сборки (kb.typography) — обычными, как в исходнике."""
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, plain(r.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        return err.code, ""


def wait_until(check, timeout: float = 90, what: str = ""):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"за {timeout} с не дождались: {what() if callable(what) else what}")


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    tree = make_tree(tmp_path_factory.mktemp("preview") / "kb")
    fixture_config(tree)
    port = free_port()
    log = tree.parent / "preview.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "scripts/preview.py"), TOPIC, "--port", str(port), "--root", str(tree)],
                                stdout=out, stderr=subprocess.STDOUT, env=ENV)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: get(base)[0] == 200, what=lambda: f"просмотр на {base}; журнал:\n{log.read_text(encoding='utf-8')}")
        yield tree, base, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert not (tree / "site").exists(), "просмотр не пишет в site/"


def test_only_the_topic_and_global_pages_are_served(running):
    tree, base, log = running
    status, html = get(base + "razdel/tema-b/tezis-b/")
    assert status == 200 and "Тезис Б" in html
    assert get(base + "razdel/")[0] == 200  # раздел темы
    for other in ("razdel/tema/", "razdel/tema/tezis/", "razdel-2/", "razdel-2/tema-c/tezis-c/", "razdel-2/tema-d/"):
        assert get(base + other)[0] == 404, other
    status, home = get(base)
    # ссылка главной на тезис другой темы — простым текстом, сборка строгая и прошла
    assert status == 200 and "Тезис" in home and 'href="razdel/tema/tezis/"' not in home
    assert "Просмотр темы razdel/tema-b" in log.read_text(encoding="utf-8")


def test_edit_shows_up_and_broken_edit_keeps_serving(running):
    tree, base, log = running
    page = tree / THESIS
    original = page.read_text(encoding="utf-8")
    url = base + "razdel/tema-b/tezis-b/"
    page.write_text(original.replace("Введение к тезису.", "Введение к тезису. Правка из репозитория."), encoding="utf-8")
    wait_until(lambda: "Правка из репозитория." in (get(url)[1]), what="правка на странице")

    # сломанная правка: тест тезиса указывает на файл, которого нет
    broken = original.replace("quiz: quizzes/tezis-b.md", "quiz: quizzes/net-takogo.md")
    line = broken.splitlines().index("quiz: quizzes/net-takogo.md") + 1
    page.write_text(broken.replace("Введение к тезису.", "Сломанная правка."), encoding="utf-8")
    message = f"{THESIS}:{line}: файла теста quizzes/net-takogo.md нет; создай его (make thesis делает заготовку) или поправь quiz"
    wait_until(lambda: message in log.read_text(encoding="utf-8"), what=lambda: f"сообщение проверки; журнал:\n{log.read_text(encoding='utf-8')}")
    text = log.read_text(encoding="utf-8")
    assert "Проверка содержания не пройдена" in text and "Traceback" not in text
    wait_until(lambda: "Сборка не прошла: просмотр показывает последнюю удачную" in log.read_text(encoding="utf-8"),
               what="что просмотр сказал о последней удачной сборке")
    status, html = get(url)  # просмотр жив и показывает последнюю удачную сборку с плашкой ошибки
    assert status == 200 and "Правка из репозитория." in html and "Сломанная правка." not in html
    assert html.count('class="kb-preview-error"') == 1 and "Сборка не прошла — страница из последней удачной" in html
    assert escape(message, quote=True) in html or escape(message, quote=False) in html

    page.write_text(original.replace("Введение к тезису.", "Исправленная правка."), encoding="utf-8")
    wait_until(lambda: "Исправленная правка." in (get(url)[1]), what="страница после исправления")
    assert "kb-preview-error" not in (get(url)[1])  # удачная сборка плашку убрала


def test_quiz_edit_shows_up_on_the_thesis_page(running):
    tree, base, log = running
    quiz = tree / "quizzes/tezis-b.md"
    original = quiz.read_text(encoding="utf-8")
    assert "Вопрос Б номер 1?" in (get(base + "razdel/tema-b/tezis-b/")[1])
    quiz.write_text(original.replace("Вопрос Б номер 1?", "Вопрос Б номер 1 после правки?"), encoding="utf-8")
    wait_until(lambda: "Вопрос Б номер 1 после правки?" in (get(base + "razdel/tema-b/tezis-b/")[1]), what="правка теста тезиса")


def test_new_file_in_topic_joins_and_deleted_leaves(running):
    tree, base, log = running
    extra = tree / "docs/razdel/tema-b/spravka.md"
    extra.write_text("---\ntype: reference\norder: 3\ntitle: Справка темы\nowner: Методист курса\nreviewed: 2026-01-15\n---\n\n"
                     "# Справка темы\n\nНовая страница темы.\n",
                     encoding="utf-8")
    try:
        wait_until(lambda: "Новая страница темы." in (get(base + "razdel/tema-b/spravka/")[1]), what="новая страница")
    finally:
        extra.unlink()
    wait_until(lambda: get(base + "razdel/tema-b/spravka/")[0] == 404, what="удалённая страница пропала")


def test_page_taken_from_the_render_cache_still_checks_its_anchor_links(running):
    """Неизменённая страница в просмотре не переводится из Markdown заново (запас просмотра), но её ссылки
    на якоря правленой страницы проверяются: убрал заголовок — сборка не прошла; вернул — прошла."""
    tree, base, log = running
    thesis, material = tree / THESIS, tree / "docs/razdel/tema-b/tezis-b/chek-list.md"
    thesis_text, material_text = thesis.read_text(encoding="utf-8"), material.read_text(encoding="utf-8")
    url = base + "razdel/tema-b/tezis-b/"
    anchor = re.search(r'id="(2-[^"]+)"', get(url)[1]).group(1)
    try:
        material.write_text(material_text + f"\nСм. [второй шаг](index.md#{anchor}).\n", encoding="utf-8")
        wait_until(lambda: f"#{anchor}" in get(url + "chek-list/")[1], what="ссылка на якорь")
        mark = len(log.read_text(encoding="utf-8"))
        thesis.write_text(thesis_text.replace("### 2. Второй шаг", "### 2. Другой шаг"), encoding="utf-8")
        wait_until(lambda: "Сборка не прошла" in log.read_text(encoding="utf-8")[mark:],
                   what=lambda: f"сборка не прошла; журнал:\n{log.read_text(encoding='utf-8')[mark:]}")
        assert f"#{anchor}" in log.read_text(encoding="utf-8")[mark:]  # MkDocs назвал пропавший якорь
    finally:
        material.write_text(material_text, encoding="utf-8")
        thesis.write_text(thesis_text, encoding="utf-8")
    wait_until(lambda: "kb-preview-error" not in get(url)[1] and "Второй шаг" in get(url)[1], what="сборка после возврата")


def test_scoped_text_unlinks_only_existing_pages_of_other_topics(tmp_path):
    tree = make_tree(tmp_path / "kb")
    sc = preview.scope(tree, TOPIC)
    assert sc.topic == TOPIC
    assert sc.excluded_dirs == {"razdel/tema", "razdel-2/tema-c", "razdel-2/tema-d", "razdel-2"}
    assert "quizzes/tezis.md" in sc.excluded_files and "quizzes/final/tezis-c.md" in sc.excluded_files
    assert "quizzes/tezis-b.md" not in sc.excluded_files
    text = ("---\ntype: situation\ndialogue: dialogues/x.md\n---\n"
            "[Тезис А](../razdel/tema/tezis/index.md#shag \"подсказка\") и [Г](../razdel-2/tema-d/index.md), "
            "[нет такой](../razdel/tema/net.md), [своя](../razdel/tema-b/tezis-b/index.md), "
            "![схема](../razdel/tema/tezis/skhema.png), [сайт](https://example.ru/razdel/tema/)\n")
    sc.excluded_files.add("dialogues/x.md")
    out = preview.scoped_text(text, "pered-zvonkom/situatsiya.md", tree, sc)
    assert out.count("\n") == text.count("\n")  # номера строк в сообщениях те же, что в репозитории
    assert "# dialogue: dialogues/x.md — в просмотре темы тренажёра нет" in out
    assert "Тезис А и Г," in out
    assert "[нет такой](../razdel/tema/net.md)" in out  # битая ссылка остаётся: строгая сборка её отвергнет
    assert "[своя](../razdel/tema-b/tezis-b/index.md)" in out
    assert "![схема](../razdel/tema/tezis/skhema.png)" in out and "[сайт](https://example.ru/razdel/tema/)" in out
    # тренажёр своей темы остаётся
    assert preview.scoped_text("---\ndialogue: dialogues/y.md\n---\n", "razdel/tema-b/tezis-b/index.md", tree, sc) \
        == "---\ndialogue: dialogues/y.md\n---\n"


def test_unknown_topic_is_a_russian_error(tmp_path, capsys):
    tree = make_tree(tmp_path / "kb")
    assert preview.main(["razdel/net", "--root", str(tree)]) == 2
    err = capsys.readouterr().err
    assert "make preview: темы 'razdel/net' нет" in err and "razdel-2/tema-d — Тема Г" in err
    assert preview.main(["razdel", "--root", str(tree)]) == 2  # раздел — не тема
    assert "темы 'razdel' нет" in capsys.readouterr().err
    assert preview.main(["", "--root", str(tree)]) == 2
    assert "Укажи тему: make preview TOPIC=раздел/тема" in capsys.readouterr().err
