"""Несколько разделов и тем: всё, что относится к теме, видит только её тезисы.

Фикстура — 2 раздела × 2 темы, по тезису в каждой (копии tests/fixtures/valid со
своими id, названиями и вопросами). Проверяем в браузере: страницу темы, шпаргалку
темы и общую страницу шпаргалок, «Мой прогресс» по разделам и темам, итоговый тест
темы (выбор темы, вопросы только её тезисов, лист называет тему) и галочки в меню.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, Server, answer_all_correct, build_site, fixture_config, plain

TOPICS = {  # ключ темы → (раздел, тема, id тезиса, буква в вопросах)
    "razdel/tema": ("Раздел", "Тема", "tezis", "А"),
    "razdel/tema-b": ("Раздел", "Тема Б", "tezis-b", "Б"),
    "razdel-2/tema-c": ("Раздел 2", "Тема В", "tezis-c", "В"),
    "razdel-2/tema-d": ("Раздел 2", "Тема Г", "tezis-d", "Г"),
}


ORDER = {"razdel/tema-b": 2, "razdel-2/tema-c": 2, "razdel-2/tema-d": 1}  # Г раньше В: порядок по order, не по имени


def make_tree(dest: Path) -> Path:
    shutil.copytree(FIXTURES / "valid", dest)
    docs = dest / "docs"
    (docs / "razdel-2").mkdir()
    (docs / "razdel-2/index.md").write_text((docs / "razdel/index.md").read_text(encoding="utf-8")
                                           .replace("title: Раздел", "title: Раздел 2").replace("order: 1", "order: 2"),
                                           encoding="utf-8")
    for n, (key, (_, topic, thesis, letter)) in enumerate(TOPICS.items()):
        quiz = (FIXTURES / "valid/quizzes/tezis.md").read_text(encoding="utf-8").replace("Вопрос номер", f"Вопрос {letter} номер")
        (dest / f"quizzes/{thesis}.md").write_text(quiz, encoding="utf-8")
        final = (FIXTURES / "valid/quizzes/final/tezis.md").read_text(encoding="utf-8").replace("вопрос номер", f"вопрос {letter} номер")
        (dest / f"quizzes/final/{thesis}.md").write_text(final, encoding="utf-8")
        if key == "razdel/tema":
            continue
        shutil.copytree(docs / "razdel/tema", docs / key)
        (docs / key / "tezis").rename(docs / key / thesis)
        index = docs / key / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("title: Тема", f"title: {topic}")
                         .replace("order: 1", f"order: {ORDER[key]}"), encoding="utf-8")
        page = docs / key / thesis / "index.md"
        page.write_text(page.read_text(encoding="utf-8").replace("id: tezis", f"id: {thesis}")
                        .replace("title: Тестовый тезис", f"title: Тезис {letter}")
                        .replace("quiz: quizzes/tezis.md", f"quiz: quizzes/{thesis}.md"), encoding="utf-8")
    for page in ("progress.md", "itogovyi-test.md"):
        shutil.copy(ROOT / "docs" / page, docs / page)
    return dest


@pytest.fixture(scope="module")
def topics_site(tmp_path_factory):
    tree = make_tree(tmp_path_factory.mktemp("topics") / "kb")
    (tree / "docs/razdel/tema/tezis/index.md").write_text(
        (tree / "docs/razdel/tema/tezis/index.md").read_text(encoding="utf-8").replace("title: Тестовый тезис", "title: Тезис А"),
        encoding="utf-8")
    out = tree.parent / "out"
    result = build_site(fixture_config(tree), out)
    assert result.returncode == 0, result.stderr
    server = Server(out)
    yield server
    server.close()


def fresh(page, url):
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()


def test_topic_page_and_cheatsheet_list_only_their_theses(topics_site, page):
    fresh(page, topics_site.url + "razdel/tema-b/")
    article = page.locator("article")
    assert "Тезис Б" in article.inner_text()
    for other in ("Тезис А", "Тезис В", "Тезис Г"):
        assert other not in article.inner_text()
    page.goto(topics_site.url + "razdel-2/tema-c/shpargalka/")
    text = plain(page.locator("article").inner_text())
    assert "Шпаргалка по теме «Тема В»" in text and "Тезис В" in text
    assert "Тезис А" not in text and "Тезис Б" not in text
    # страница раздела — его темы, а не все
    page.goto(topics_site.url + "razdel-2/")
    text = page.locator("article").inner_text()
    assert "Тема В" in text and "Тема Г" in text and "Тема Б" not in text


def test_thesis_page_loads_only_its_topic_data(topics_site, page):
    fresh(page, topics_site.url + "razdel-2/tema-d/tezis-d/")
    assert page.evaluate("Object.keys(KB_DATA.topics)") == ["razdel-2/tema-d"]
    assert page.evaluate("KB_DATA.final") is None
    # в меню — тезисы своей темы; чужих тем тезисов нет (navigation.prune)
    nav = page.locator("nav.md-nav--primary").inner_text()
    assert "Тезис Г" in nav and "Тезис А" not in nav


def test_progress_grouped_and_nav_marks(topics_site, page):
    fresh(page, topics_site.url + "razdel/tema-b/tezis-b/")
    answer_all_correct(page)
    page.wait_for_selector("nav .kb-nav-passed")  # галочка появляется сразу после последнего ответа
    assert page.locator("nav .kb-nav-passed").count() == 1
    assert "Тезис Б" in page.locator("nav .kb-nav-passed").locator("xpath=ancestor::a[1]").text_content()
    page.goto(topics_site.url + "razdel/tema/tezis/")
    assert page.locator("nav .kb-nav-passed").count() == 0  # в теме А сданных нет
    page.goto(topics_site.url + "progress/")
    assert page.locator("[data-kb-summary]").inner_text().startswith("Курс пройден на 25%")
    assert page.locator('[data-kb-section-summary="razdel"]').inner_text().startswith("Раздел пройден на 50%")
    assert page.locator('[data-kb-section-summary="razdel-2"]').inner_text().startswith("Раздел пройден на 0%")
    assert page.locator('[data-kb-topic-summary="razdel/tema-b"]').inner_text().startswith("Тема пройдена на 100%")
    assert page.locator('[data-kb-topic-summary="razdel-2/tema-c"]').inner_text().startswith("Тема пройдена на 0%")
    sections = page.eval_on_selector_all("[data-kb-section]", "els => els.map(e => e.dataset.kbSection)")
    assert sections == ["razdel", "razdel-2"]
    topics = page.eval_on_selector_all('[data-kb-section="razdel-2"] [data-kb-topic]', "els => els.map(e => e.dataset.kbTopic)")
    assert topics == ["razdel-2/tema-d", "razdel-2/tema-c"]  # по order: Г (1) перед В (2)


def test_final_test_per_topic(topics_site, page):
    fresh(page, topics_site.url + "itogovyi-test/")
    options = page.locator("[data-kb-final-test] input[name=kb-topic]")
    assert options.count() == 4
    assert page.locator("[data-kb-q]").count() == 0  # тема не выбрана — вопросов нет
    page.get_by_label("Раздел 2 → Тема В (тезисов: 1)").check()
    page.wait_for_selector("[data-kb-q]")
    questions = [plain(q) for q in page.locator(".kb-final__text").all_inner_texts()]
    assert len(questions) == 3 and all(q.startswith("Итоговый вопрос В номер") for q in questions)
    for fs in page.locator("[data-kb-q]").all():
        fs.locator("input").first.check()
    page.get_by_role("button", name="Завершить тест").click()
    course = page.locator(".kb-final-sheet__course").inner_text()
    assert "раздел «Раздел 2», тема «Тема В»" in course
    assert page.locator("[data-kb-final-thesis]").count() == 1
    # результат — у своей темы на «Моём прогрессе», у других нет
    page.goto(topics_site.url + "progress/")
    assert page.locator('[data-kb-final-result="razdel-2/tema-c"]').inner_text().startswith("Итоговый тест по теме: ")
    assert "ещё не пройден" in page.locator('[data-kb-final-result="razdel/tema"]').inner_text()
    # ссылка «Пройти» ведёт сразу к тесту своей темы
    page.locator('[data-kb-final-result="razdel-2/tema-d"] a').click()
    page.wait_for_selector("[data-kb-q]")
    assert all(plain(q).startswith("Итоговый вопрос Г номер") for q in page.locator(".kb-final__text").all_inner_texts())
