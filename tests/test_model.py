"""Модель базы знаний (scripts/kb/model.py) сама по себе: что ``load`` прочитал и как собрал дерево.

Каждый тест строит маленькое дерево в tmp_path (копия tests/fixtures/valid плюс правки) и сверяет
точные значения: порядок разделов, тем, тезисов и справочных страниц, материалы, тесты тезиса
(и вопросы итогового теста из quizzes/final/), тренажёр разговора, поиск раздела и темы по
странице, nav для MkDocs и терпимость к сломанным файлам. Меряет их scripts/mutants.py:
однословная поломка model.py должна ронять хоть один тест.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT
from test_validator import DIR, FINAL, QUIZ, THESIS, edit, write

sys.path.insert(0, str(ROOT / "scripts"))
from kb import model  # noqa: E402

T = "razdel/tema/tezis"  # папка тезиса от docs/
MATERIALS = [f"{T}/chek-list.md", f"{T}/skript.md", f"{T}/rukovodstvo.md"]
NOT_UTF8 = "файл не в UTF-8 (например, в Windows-1251); пересохрани его в кодировке UTF-8"


def page(**meta) -> str:
    """Страница с таким front matter (порядок полей — как передан) и заголовком."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n# {meta.get('title', 'Страница')}\n\nТекст.\n"


def add(root: Path, rel: str, **meta) -> None:
    """docs/<rel> с front matter meta."""
    write(root, f"docs/{rel}", page(**meta))


def thesis_meta(root: Path, old: str, new: str) -> None:
    """Правка front matter тезиса из фикстуры."""
    edit(root, THESIS, old, new)


def keys(items) -> list[str]:
    return [i.key for i in items]


def srcs(pages) -> list[str]:
    return [model.p_src(p) for p in pages]


# ---------- чтение: страницы, тесты, глоссарий, диалоги ----------


def test_load_reads_every_file_once_into_the_model(valid_tree):
    add(valid_tree, "includes/vstavka.md", title="Вставка")  # docs/includes/ — куски страниц, не страницы
    (valid_tree / "quizzes/zametka.txt").write_text("не тест", encoding="utf-8")
    kb = model.load(valid_tree)

    assert kb.root == valid_tree.resolve()
    assert sorted(kb.pages) == sorted(["index.md", "razdel/index.md", "razdel/tema/index.md", f"{T}/index.md",
                                       *MATERIALS])
    assert all(model.p_src(p) == src and p.rel == f"docs/{src}" for src, p in kb.pages.items())
    assert kb.pages["index.md"].type is None and kb.pages["razdel/tema/index.md"].type == "topic"

    assert sorted(kb.quizzes) == [FINAL, QUIZ]
    quiz, final = kb.quizzes[QUIZ], kb.quizzes[FINAL]
    assert (quiz.rel, quiz.text, quiz.read_error) == (QUIZ, (valid_tree / QUIZ).read_text(encoding="utf-8"), None)
    assert [q.text for q in quiz.questions] == [f"Вопрос номер {n}?" for n in range(1, 9)]
    assert (final.rel, final.read_error) == (FINAL, None)
    assert [q.text for q in final.questions] == [f"Итоговый вопрос номер {n}?" for n in range(1, 7)]

    assert (kb.glossary_text, kb.glossary_error, kb.glossary_yaml, kb.glossary_yaml_error) == (None, None, None, None)
    assert kb.dialogues == {}


def test_root_may_be_relative_or_a_string(valid_tree, monkeypatch):
    monkeypatch.chdir(valid_tree.parent)
    for root in (Path(valid_tree.name), valid_tree.name, str(valid_tree)):
        kb = model.load(root)
        assert kb.root == valid_tree.resolve() and kb.root.is_absolute()
        assert kb.pages[f"{T}/index.md"].path == valid_tree.resolve() / "docs" / T / "index.md"
        assert [th.src for th in kb.theses] == [f"{T}/index.md"]


def test_load_of_an_empty_folder_is_an_empty_model(tmp_path):
    kb = model.load(tmp_path)
    assert (kb.pages, kb.quizzes, kb.sections, kb.dialogues, kb.glossary_text) == ({}, {}, [], {}, None)
    assert (kb.topics, kb.theses, kb.nav(), kb.thesis_by_src(), kb.material_owner()) == ([], [], [], {}, {})


def test_glossary_is_read_and_parsed_once(valid_tree):
    text = "- term: CRM\n  definition: Система учёта клиентов.\n"
    write(valid_tree, "docs/includes/glossary.yml", text)
    kb = model.load(valid_tree)
    assert (kb.glossary_text, kb.glossary_error, kb.glossary_yaml_error) == (text, None, None)
    node, data = kb.glossary_yaml
    assert data == [{"term": "CRM", "definition": "Система учёта клиентов."}]
    assert node.start_mark.line == 0 and isinstance(node, yaml.SequenceNode)


def test_broken_glossary_yaml_is_kept_as_an_error(valid_tree):
    write(valid_tree, "docs/includes/glossary.yml", "- term: [CRM\n")
    kb = model.load(valid_tree)
    assert kb.glossary_text == "- term: [CRM\n" and kb.glossary_yaml is None
    assert isinstance(kb.glossary_yaml_error, yaml.YAMLError)
    assert kb.sections[0].key == "razdel"  # остальное дерево собрано


def test_glossary_not_in_utf8_is_an_error_not_a_crash(valid_tree):
    (valid_tree / "docs/includes").mkdir()
    (valid_tree / "docs/includes/glossary.yml").write_bytes("- term: Клиент\n".encode("cp1251"))
    kb = model.load(valid_tree)
    assert (kb.glossary_text, kb.glossary_yaml, kb.glossary_yaml_error) == (None, None, None)
    assert kb.glossary_error == "файл не в UTF-8; пересохрани его в кодировке UTF-8"


# ---------- сборка дерева фикстуры ----------


def test_valid_tree_is_one_section_one_topic_one_thesis(valid_tree):
    kb = model.load(valid_tree)
    [section] = kb.sections
    assert (section.src, section.key, section.title, section.pages) == ("razdel/index.md", "razdel", "Раздел", [])
    assert section.page is kb.pages["razdel/index.md"]
    [topic] = section.topics
    assert (topic.src, topic.key, topic.title, topic.pages) == ("razdel/tema/index.md", "razdel/tema", "Тема", [])
    assert topic.page is kb.pages["razdel/tema/index.md"] and topic.section is section
    assert topic.cheatsheet_src == "razdel/tema/shpargalka.md"
    [thesis] = topic.theses
    assert (thesis.src, thesis.id, thesis.title, thesis.topic) == (f"{T}/index.md", "tezis", "Тестовый тезис", topic)
    assert thesis.page is kb.pages[f"{T}/index.md"] and thesis.meta is thesis.page.meta
    assert thesis.meta["summary"] == "Короткое описание тезиса."
    assert thesis.dialogue_src == f"{T}/trenazher.md" and thesis.dialogue is None
    assert [(m.src, m.item["title"], m.item["kind"]) for m in thesis.materials] == [
        (MATERIALS[0], "Тестовый чек-лист", "checklist"),
        (MATERIALS[1], "Тестовый скрипт", "script"),
        (MATERIALS[2], "Тестовое руководство", "guide")]
    assert all(m.page is kb.pages[m.src] for m in thesis.materials)
    assert thesis.quiz is kb.quizzes[QUIZ] and thesis.final is kb.quizzes[FINAL]
    assert thesis.questions is kb.quizzes[QUIZ].questions and len(thesis.questions) == 8
    assert thesis.final_questions is kb.quizzes[FINAL].questions and len(thesis.final_questions) == 6


def test_thesis_without_id_or_title_has_empty_strings(valid_tree):
    thesis_meta(valid_tree, "id: tezis\ntitle: Тестовый тезис\n", "")
    thesis = model.load(valid_tree).theses[0]
    assert (thesis.id, thesis.title) == ("", "")


def test_titles_and_ids_are_strings(valid_tree):
    """Число в title или id (YAML прочитал его как int) — всё равно строка в модели."""
    thesis_meta(valid_tree, "id: tezis\ntitle: Тестовый тезис\n", "id: 42\ntitle: 2026\n")
    edit(valid_tree, "docs/razdel/index.md", "title: Раздел", "title: 1")
    edit(valid_tree, "docs/razdel/tema/index.md", "title: Тема", "title: 7")
    kb = model.load(valid_tree)
    assert (kb.theses[0].id, kb.theses[0].title, kb.sections[0].title, kb.topics[0].title) == ("42", "2026", "1", "7")


# ---------- что считается разделом, темой, тезисом ----------


def test_only_index_pages_of_the_right_type_in_the_right_folder_count(valid_tree):
    add(valid_tree, "razdel/kak-razdel.md", type="section", title="Не раздел: не index.md")
    add(valid_tree, "razdel/tema/vlozhennyi/index.md", type="section", title="Не раздел: папка глубже")
    add(valid_tree, "razdel/bez-indeksa/zametka.md", type="topic", title="Не тема: не index.md")
    add(valid_tree, "razdel/tezis-v-razdele/index.md", type="thesis", id="x", title="Не тема: тип тезиса")
    add(valid_tree, "razdel/tema/papka/index.md", type="material", title="Не тезис: тип материала")
    add(valid_tree, "razdel/tema/pustaya/zametka.md", type="thesis", id="y", title="Не тезис: не index.md")
    add(valid_tree, "drugoi/index.md", type="topic", title="Не раздел: тип темы")
    add(valid_tree, "drugoi/vnutri/index.md", type="section", title="Не раздел: папка во второй")
    kb = model.load(valid_tree)
    assert keys(kb.sections) == ["razdel"]
    assert keys(kb.topics) == ["razdel/tema"]
    assert [th.src for th in kb.theses] == [f"{T}/index.md"]
    assert kb.section_at("drugoi/index.md") is None
    # страницы самого раздела — только в его папке, не в папках без темы
    assert srcs(kb.sections[0].pages) == ["razdel/kak-razdel.md"]


def test_home_page_marked_as_section_is_not_a_section(valid_tree):
    write(valid_tree, "docs/index.md", page(type="section", title="Главная"))
    assert keys(model.load(valid_tree).sections) == ["razdel"]


def test_topic_of_another_section_stays_there(valid_tree):
    add(valid_tree, "vtoroi/index.md", type="section", order=2, title="Второй")
    add(valid_tree, "vtoroi/tema2/index.md", type="topic", order=1, title="Тема 2")
    add(valid_tree, "vtoroi/tema2/t2/index.md", type="thesis", id="t2", order=1, title="Тезис 2")
    kb = model.load(valid_tree)
    first, second = kb.sections
    assert (keys(first.topics), keys(second.topics)) == (["razdel/tema"], ["vtoroi/tema2"])
    assert second.topics[0].section is second
    assert [th.src for th in second.topics[0].theses] == ["vtoroi/tema2/t2/index.md"]
    assert [th.src for th in first.topics[0].theses] == [f"{T}/index.md"]


# ---------- порядок: order, затем название ----------


def test_sections_by_order_then_title_missing_or_bool_order_last(valid_tree):
    add(valid_tree, "alfa/index.md", type="section", order=1, title="альфа")  # та же 1: по названию, без регистра
    add(valid_tree, "nol/index.md", type="section", order=0, title="Ноль")
    add(valid_tree, "minus/index.md", type="section", order=-3, title="Минус")
    add(valid_tree, "pyat/index.md", type="section", order=5, title="Я")
    add(valid_tree, "bez/index.md", type="section", title="Без порядка")  # нет order — после всех
    add(valid_tree, "bul/index.md", type="section", order=True, title="Булево")  # true — не число
    add(valid_tree, "stroka/index.md", type="section", order="0", title="Строка")  # строка — не число
    add(valid_tree, "aaa/index.md", type="section")  # без названия — по пути файла
    add(valid_tree, "dvoinik-b/index.md", type="section", order=7, title="Двойник")
    add(valid_tree, "dvoinik-a/index.md", type="section", order=7, title="Двойник")  # полная ничья — по папке
    kb = model.load(valid_tree)
    assert keys(kb.sections) == ["minus", "nol", "alfa", "razdel", "pyat", "dvoinik-a", "dvoinik-b",
                                 "aaa", "bez", "bul", "stroka"]
    assert kb.sections[7].title == ""


def test_topics_by_order_then_title(valid_tree):
    add(valid_tree, "razdel/b/index.md", type="topic", order=1, title="Б")
    add(valid_tree, "razdel/a/index.md", type="topic", order=2, title="А")
    add(valid_tree, "razdel/c/index.md", type="topic", title="В")
    add(valid_tree, "razdel/d/index.md", type="topic", order=False, title="Г")
    add(valid_tree, "razdel/e/index.md", type="topic", order=1, title="а")
    kb = model.load(valid_tree)
    assert keys(kb.sections[0].topics) == ["razdel/e", "razdel/b", "razdel/tema", "razdel/a", "razdel/c", "razdel/d"]
    assert keys(kb.topics) == keys(kb.sections[0].topics)


def test_full_ties_keep_folder_order(valid_tree):
    """Одинаковые order и название — по имени папки, а не как легло в множество."""
    names = ["f", "b", "d", "a", "e", "c", "g"]
    for name in names:
        add(valid_tree, f"razdel/{name}/index.md", type="topic", order=5, title="Двойник")
        add(valid_tree, f"razdel/tema/{name}/index.md", type="thesis", id=name, order=5, title="Двойник")
    kb = model.load(valid_tree)
    assert keys(kb.topics) == ["razdel/tema", *[f"razdel/{n}" for n in sorted(names)]]
    assert [th.id for th in kb.topics[0].theses] == ["tezis", *sorted(names)]


def test_theses_by_order_then_title(valid_tree):
    for folder, order, title in (("t3", 3, "Третий"), ("t0", 0, "Нулевой"), ("ta", 1, "Ещё первый"),
                                 ("tn", None, "Без порядка"), ("tb", True, "Булево")):
        meta = {"type": "thesis", "id": folder, "title": title}
        if order is not None:
            meta["order"] = order
        add(valid_tree, f"razdel/tema/{folder}/index.md", **meta)
    kb = model.load(valid_tree)
    assert [th.id for th in kb.topics[0].theses] == ["t0", "ta", "tezis", "t3", "tn", "tb"]
    assert [th.id for th in kb.theses] == ["t0", "ta", "tezis", "t3", "tn", "tb"]
    assert all(th.topic is kb.topics[0] for th in kb.theses)


def test_reference_pages_of_section_and_topic(valid_tree):
    add(valid_tree, "razdel/spravka.md", type="reference", order=2, title="Справочник")
    add(valid_tree, "razdel/glossarii.md", type="reference", order=1, title="Словарик")
    add(valid_tree, "razdel/tema/faq.md", type="reference", title="Вопросы")
    add(valid_tree, "razdel/tema/pravila.md", type="reference", order=1, title="Правила")
    add(valid_tree, "razdel/tema/zabludivshiisya.md", type="thesis", id="z", title="Тезис не в своей папке")
    add(valid_tree, "razdel/tema/tezis/lishnii.md", type="material", title="Материал без ссылки")
    kb = model.load(valid_tree)
    section, topic = kb.sections[0], kb.topics[0]
    assert srcs(section.pages) == ["razdel/glossarii.md", "razdel/spravka.md"]  # без страницы раздела
    assert srcs(topic.pages) == ["razdel/tema/pravila.md", "razdel/tema/faq.md"]  # без страницы темы и тезисов
    assert topic.pages[0] is kb.pages["razdel/tema/pravila.md"]
    assert [m.src for m in kb.theses[0].materials] == MATERIALS  # лежит в папке — ещё не материал


# ---------- материалы ----------


@pytest.mark.parametrize(("folder", "ref", "expected"), [
    ("a/b", "c.md", "a/b/c.md"),
    ("a/b", "./c.md", "a/b/c.md"),
    ("a/b", "x/./c.md", "a/b/x/c.md"),
    ("a/b", "../c.md", "a/c.md"),
    ("a/b", "x/../c.md", "a/b/c.md"),
    ("a/b", "../../c.md", "c.md"),
    ("a/b", "../../../c.md", None),  # выше docs/
    ("a", "..", None),  # сама docs/ — не страница
    ("a", ".", "a"),
    ("", "c.md", "c.md"),
    ("a/b", "/c.md", None),  # абсолютный
    ("a/b", "/a/b/c.md", None),
    ("a/b", "x\\c.md", None),  # обратная косая черта
    ("a/b", "..\\c.md", None),
])
def test_posix_join(folder, ref, expected):
    assert model.posix_join(folder, ref) == expected


def test_materials_resolve_relative_to_the_thesis_folder(valid_tree):
    add(valid_tree, "razdel/tema/obshchii.md", type="material", title="Общий для темы")
    edit(valid_tree, THESIS, "    page: rukovodstvo.md\n", (
        "    page: ./rukovodstvo.md\n"
        "  - title: Общий\n    kind: guide\n    page: ../obshchii.md\n"
        "  - title: Нет файла\n    kind: guide\n    page: net.md\n"
        "  - title: Мимо docs\n    kind: guide\n    page: ../../../../vne.md\n"
        "  - title: Абсолютный\n    kind: guide\n    page: /razdel/tema/obshchii.md\n"
        "  - title: Windows\n    kind: guide\n    page: ..\\obshchii.md\n"
        "  - title: Пустой\n    kind: guide\n    page: ''\n"
        "  - title: Пробелы\n    kind: guide\n    page: '   '\n"
        "  - title: Число\n    kind: guide\n    page: 5\n"
        "  - title: Без страницы\n    kind: guide\n"
        "  - просто строка\n"))
    kb = model.load(valid_tree)
    thesis = kb.theses[0]
    assert [(m.src, m.item["title"]) for m in thesis.materials] == [
        (MATERIALS[0], "Тестовый чек-лист"), (MATERIALS[1], "Тестовый скрипт"), (MATERIALS[2], "Тестовое руководство"),
        ("razdel/tema/obshchii.md", "Общий"), (f"{T}/net.md", "Нет файла")]
    assert thesis.materials[3].page is kb.pages["razdel/tema/obshchii.md"]
    assert thesis.materials[4].page is None and thesis.materials[4].item == {
        "title": "Нет файла", "kind": "guide", "page": "net.md"}
    # материал в папке темы — тоже справочная страница темы (папка владеет тем, что в ней лежит)
    assert srcs(kb.topics[0].pages) == ["razdel/tema/obshchii.md"]


@pytest.mark.parametrize("materials", ["materials: chek-list.md", "materials: {page: chek-list.md}", "materials:"])
def test_materials_that_are_not_a_list_give_none(valid_tree, materials):
    text = (valid_tree / THESIS).read_text(encoding="utf-8")
    start, end = text.index("materials:\n"), text.index("quiz:")
    (valid_tree / THESIS).write_text(text[:start] + materials + "\n" + text[end:], encoding="utf-8")
    kb = model.load(valid_tree)
    assert kb.theses[0].materials == [] and kb.material_owner() == {}


# ---------- тесты тезиса и вопросы итогового ----------


@pytest.mark.parametrize(("quiz", "expected"), [
    ("quizzes/x.md", "quizzes/final/x.md"),
    ("quizzes/tema/x.md", "quizzes/final/tema/x.md"),
    ("quizzes/./x.md", "quizzes/final/x.md"),
    ("quizzes/final/x.md", None),  # тест тезиса сам в папке итогового
    ("quizzes/final", None),
    ("tests/x.md", None),  # не в quizzes/
    ("x.md", None),
    ("quizzesx/x.md", None),
    ("quizzes/../x.md", None),
    ("quizzes/a/../x.md", None),
    ("/quizzes/x.md", None),
])
def test_final_quiz_path(quiz, expected):
    assert model.final_quiz_path(quiz) == expected


def test_quiz_path_is_normalised_and_final_is_optional(valid_tree):
    thesis_meta(valid_tree, "quiz: quizzes/tezis.md", "quiz: quizzes/./tezis.md")
    (valid_tree / FINAL).unlink()
    kb = model.load(valid_tree)
    thesis = kb.theses[0]
    assert thesis.quiz is kb.quizzes[QUIZ] and len(thesis.questions) == 8
    assert (thesis.final, thesis.final_questions) == (None, [])


def test_quiz_file_missing_or_not_a_string(valid_tree):
    thesis_meta(valid_tree, "quiz: quizzes/tezis.md", "quiz: quizzes/net.md")
    write(valid_tree, "quizzes/final/net.md", (valid_tree / FINAL).read_text(encoding="utf-8"))
    thesis = model.load(valid_tree).theses[0]
    assert (thesis.quiz, thesis.questions) == (None, [])
    assert thesis.final.rel == "quizzes/final/net.md" and len(thesis.final_questions) == 6  # скажет проверка

    thesis_meta(valid_tree, "quiz: quizzes/net.md", "quiz: [quizzes/tezis.md]")
    thesis = model.load(valid_tree).theses[0]
    assert (thesis.quiz, thesis.final, thesis.questions, thesis.final_questions) == (None, None, [], [])


def test_quiz_in_final_folder_has_no_final_pool(valid_tree):
    thesis_meta(valid_tree, "quiz: quizzes/tezis.md", f"quiz: {FINAL}")
    kb = model.load(valid_tree)
    thesis = kb.theses[0]
    assert thesis.quiz is kb.quizzes[FINAL] and (thesis.final, thesis.final_questions) == (None, [])


def test_quiz_not_in_utf8_is_a_read_error(valid_tree):
    (valid_tree / QUIZ).write_bytes("<quiz>\nВопрос?\n- [x] Да\n</quiz>\n".encode("cp1251"))
    kb = model.load(valid_tree)
    assert kb.quizzes[QUIZ] == model.QuizFile(QUIZ, "", [], NOT_UTF8)
    thesis = kb.theses[0]
    assert thesis.quiz is kb.quizzes[QUIZ] and thesis.questions == []
    assert len(thesis.final_questions) == 6  # итоговый файл читается сам по себе


# ---------- тренажёр разговора ----------


def with_dialogue(root: Path, ref: str = "dialogues/tezis.md") -> Path:
    shutil.copytree(FIXTURES / "dialogue", root, dirs_exist_ok=True)
    thesis_meta(root, "quiz: quizzes/tezis.md\n", f"quiz: quizzes/tezis.md\ndialogue: {ref}\n")
    return root


def test_dialogue_is_read_and_linked_to_its_thesis(valid_tree):
    write(valid_tree, "dialogues/chernovik.txt", "не диалог")
    kb = model.load(with_dialogue(valid_tree))
    assert list(kb.dialogues) == ["dialogues/tezis.md"]
    dialogue = kb.dialogues["dialogues/tezis.md"]
    assert (dialogue.rel, dialogue.start, dialogue.page.meta["title"]) == (
        "dialogues/tezis.md", "zvonok", "Отчёт задерживается")
    assert kb.theses[0].dialogue is dialogue


@pytest.mark.parametrize(("ref", "linked"), [
    ("'  dialogues/tezis.md  '", True),  # пробелы по краям не мешают
    ("dialogues/./tezis.md", True),
    ("dialogues/net.md", False),
    ("'   '", False),
    ("''", False),
    ("5", False),
    ("[dialogues/tezis.md]", False),
])
def test_dialogue_reference(valid_tree, ref, linked):
    kb = model.load(with_dialogue(valid_tree, ref))
    assert kb.theses[0].dialogue is (kb.dialogues["dialogues/tezis.md"] if linked else None)


# ---------- запросы к модели ----------


def two_sections(root: Path) -> Path:
    """valid + вторая тема первого раздела и второй раздел с темой и двумя тезисами."""
    add(root, "razdel/tema2/index.md", type="topic", order=2, title="Тема 2")
    add(root, "razdel/tema2/b/index.md", type="thesis", id="b", order=1, title="Б",
        materials=[{"title": "Памятка", "kind": "list", "page": "pamyatka.md"},
                   {"title": "Нет файла", "kind": "list", "page": "net.md"}])
    add(root, "razdel/tema2/b/pamyatka.md", type="material", title="Памятка")
    add(root, "vtoroi/index.md", type="section", order=2, title="Второй")
    add(root, "vtoroi/t/index.md", type="topic", order=1, title="Т")
    add(root, "vtoroi/t/d/index.md", type="thesis", id="d", order=2, title="Д")
    add(root, "vtoroi/t/c/index.md", type="thesis", id="c", order=1, title="В")
    return root


def test_topics_and_theses_in_course_order(valid_tree):
    kb = model.load(two_sections(valid_tree))
    assert keys(kb.topics) == ["razdel/tema", "razdel/tema2", "vtoroi/t"]
    assert [th.id for th in kb.theses] == ["tezis", "b", "c", "d"]
    assert {k: th.id for k, th in kb.thesis_by_src().items()} == {
        f"{T}/index.md": "tezis", "razdel/tema2/b/index.md": "b", "vtoroi/t/c/index.md": "c",
        "vtoroi/t/d/index.md": "d"}
    assert all(th is kb.thesis_by_src()[th.src] for th in kb.theses)


def test_material_owner(valid_tree):
    kb = model.load(two_sections(valid_tree))
    owners = kb.material_owner()
    assert {src: (th.id, m.item["title"]) for src, (th, m) in owners.items()} == {
        MATERIALS[0]: ("tezis", "Тестовый чек-лист"), MATERIALS[1]: ("tezis", "Тестовый скрипт"),
        MATERIALS[2]: ("tezis", "Тестовое руководство"),
        "razdel/tema2/b/pamyatka.md": ("b", "Памятка"), "razdel/tema2/b/net.md": ("b", "Нет файла")}
    thesis, material = owners["razdel/tema2/b/pamyatka.md"]
    assert thesis is kb.theses[1] and material is thesis.materials[0]
    assert material.page is kb.pages["razdel/tema2/b/pamyatka.md"]


def test_section_at(valid_tree):
    kb = model.load(two_sections(valid_tree))
    assert kb.section_at("razdel/index.md") is kb.sections[0]
    assert kb.section_at("vtoroi/index.md") is kb.sections[1]
    for src in ("razdel/tema/index.md", "index.md", "vtoroi", "vtoroi/t/index.md", "razdel/spravka.md"):
        assert kb.section_at(src) is None, src


def test_topic_of(valid_tree):
    add(valid_tree, "razdel/tema-bis/zametka.md", title="Папка с похожим именем, не тема")
    kb = model.load(two_sections(valid_tree))
    tema, tema2, t = kb.topics
    cases = {
        "razdel/tema/index.md": tema, f"{T}/index.md": tema, MATERIALS[1]: tema,
        "razdel/tema/shpargalka.md": tema, "razdel/tema/spravka.md": tema,
        "razdel/tema2/index.md": tema2, "razdel/tema2/b/pamyatka.md": tema2,
        "vtoroi/t/index.md": t, "vtoroi/t/d/index.md": t,
        "razdel/index.md": None, "vtoroi/index.md": None, "index.md": None, "razdel/tema": None,
        "razdel/tema-bis/zametka.md": None, "razdel/tema2x/index.md": None, "vtoroi/tx.md": None,
    }
    assert {src: kb.topic_of(src) for src in cases} == cases


def test_p_src():
    page = model.content.Page(Path("/x/docs/a/b.md"), "docs/a/b/c.md", "", {}, "", 1)
    assert model.p_src(page) == "a/b/c.md"


# ---------- nav для MkDocs ----------


def test_nav_of_the_fixture(valid_tree):
    assert model.load(valid_tree).nav() == [{"Раздел": [
        "razdel/index.md",
        {"Тема": [
            "razdel/tema/index.md",
            {"Тестовый тезис": [f"{T}/index.md", *MATERIALS]},
            {"Справка": ["razdel/tema/shpargalka.md"]},
        ]},
    ]}]


def test_nav_thesis_materials_trainer_then_reference_and_cheatsheet(valid_tree):
    with_dialogue(valid_tree)
    edit(valid_tree, THESIS, "    page: rukovodstvo.md\n",
         "    page: rukovodstvo.md\n  - title: Нет файла\n    kind: guide\n    page: net.md\n")
    add(valid_tree, "razdel/spravka.md", type="reference", order=2, title="Справочник")
    add(valid_tree, "razdel/glossarii.md", type="reference", order=1, title="Словарик")
    add(valid_tree, "razdel/tema/faq.md", type="reference", title="Вопросы")
    add(valid_tree, "razdel/tema/pravila.md", type="reference", order=1, title="Правила")
    add(valid_tree, "razdel/tema/t2/index.md", type="thesis", id="t2", order=2, title="Второй тезис")
    kb = model.load(valid_tree)
    assert [m.src for m in kb.theses[0].materials] == [*MATERIALS, f"{T}/net.md"]
    assert kb.nav() == [{"Раздел": [
        "razdel/index.md",
        {"Тема": [
            "razdel/tema/index.md",
            # материал без файла в меню не попадает; тренажёр — после материалов
            {"Тестовый тезис": [f"{T}/index.md", *MATERIALS, f"{T}/trenazher.md"]},
            {"Второй тезис": ["razdel/tema/t2/index.md"]},
            {"Справка": ["razdel/tema/pravila.md", "razdel/tema/faq.md", "razdel/tema/shpargalka.md"]},
        ]},
        "razdel/glossarii.md",
        "razdel/spravka.md",
    ]}]


def test_nav_of_two_sections(valid_tree):
    nav = model.load(two_sections(valid_tree)).nav()
    assert [list(s) for s in nav] == [["Раздел"], ["Второй"]]
    assert nav[0]["Раздел"][2] == {"Тема 2": [
        "razdel/tema2/index.md",
        {"Б": ["razdel/tema2/b/index.md", "razdel/tema2/b/pamyatka.md"]},
        {"Справка": ["razdel/tema2/shpargalka.md"]}]}
    assert nav[1] == {"Второй": ["vtoroi/index.md", {"Т": [
        "vtoroi/t/index.md", {"В": ["vtoroi/t/c/index.md"]}, {"Д": ["vtoroi/t/d/index.md"]},
        {"Справка": ["vtoroi/t/shpargalka.md"]}]}]}


# ---------- терпимость: сломанное читается, модель строится из остального ----------


def test_broken_yaml_pages_are_kept_but_not_assembled(valid_tree):
    edit(valid_tree, "docs/razdel/tema/index.md", "tags: [звонок]", "tags: [звонок")
    kb = model.load(valid_tree)
    topic_page = kb.pages["razdel/tema/index.md"]
    assert topic_page.meta == {} and topic_page.yaml_error is not None
    assert kb.sections[0].topics == [] and kb.topics == [] and kb.theses == []
    assert kb.nav() == [{"Раздел": ["razdel/index.md"]}]
    assert sorted(kb.quizzes) == [FINAL, QUIZ]


def test_broken_thesis_leaves_the_topic(valid_tree):
    edit(valid_tree, THESIS, "tags: [звонок]", "tags: [звонок")
    add(valid_tree, "razdel/tema/t2/index.md", type="thesis", id="t2", order=2, title="Второй тезис")
    kb = model.load(valid_tree)
    assert [th.id for th in kb.theses] == ["t2"] and kb.material_owner() == {}
    assert kb.topic_of(MATERIALS[0]) is kb.topics[0]


def test_page_not_in_utf8_is_a_read_error(valid_tree):
    (valid_tree / DIR / "skript.md").write_bytes("---\ntype: material\ntitle: Скрипт\n---\n".encode("cp1251"))
    kb = model.load(valid_tree)
    broken = kb.pages[MATERIALS[1]]
    assert (broken.read_error, broken.meta) == (NOT_UTF8, {})
    material = kb.theses[0].materials[1]
    assert material.src == MATERIALS[1] and material.page is broken
    assert kb.nav()[0]["Раздел"][1]["Тема"][1] == {"Тестовый тезис": [f"{T}/index.md", *MATERIALS]}


def test_topic_without_theses_is_in_nav(valid_tree):
    """Тема без тезисов (только что созданная) — в nav со страницей темы и шпаргалкой."""
    add(valid_tree, "novyi/index.md", type="section", order=2, title="Новый")
    add(valid_tree, "novyi/pustaya/index.md", type="topic", title="Пустая")
    kb = model.load(valid_tree)
    assert kb.nav()[1] == {"Новый": ["novyi/index.md", {"Пустая": [
        "novyi/pustaya/index.md", {"Справка": ["novyi/pustaya/shpargalka.md"]}]}]}
