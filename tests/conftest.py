"""Общие фикстуры: корень репозитория, копии тестовых деревьев, сборка сайтов, браузер."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))
from kb.local_server import LocalServer  # noqa: E402
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PYTHON = sys.executable
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


class Elements:
    """Теги собранной страницы: сборка сжимает HTML (minify-html убирает кавычки у атрибутов и
    меняет их порядок), поэтому тесты ищут элементы по разобранным атрибутам, а не по тексту HTML."""

    def __init__(self, html: str) -> None:
        from html.parser import HTMLParser

        found: list[tuple[str, dict[str, str], list[str]]] = []
        open_: list[list[str]] = []

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                text: list[str] = []
                found.append((tag, {k: v or "" for k, v in attrs}, text))
                if tag == "a":
                    open_.append(text)

            def handle_endtag(self, tag):
                if tag == "a" and open_:
                    open_.pop()

            def handle_data(self, data):
                for text in open_:
                    text.append(data)

        Parser(convert_charrefs=True).feed(html)
        self.all = found

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """Атрибуты всех тегов tag, у которых есть attrs (class_ — «class»: одно слово из списка)."""
        result = []
        for name, have, _ in self.all:
            if name != tag:
                continue
            ok = True
            for key, value in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                if key == "class":
                    ok = ok and value in have.get("class", "").split()
                else:
                    ok = ok and have.get(key) == value
            if ok:
                result.append(have)
        return result

    def ids(self) -> set[str]:
        return {a["id"] for _, a, _ in self.all if "id" in a}

    def links(self) -> list[tuple[str, str]]:
        """(href, текст) каждой ссылки <a>."""
        return [(a.get("href", ""), "".join(t).strip()) for name, a, t in self.all if name == "a"]


def plain(text: str) -> str:
    """Текст с обычными пробелами вместо неразрывных, которые расставляет сборка (kb.typography):
    для сравнения текста страницы с исходником."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def run_check(root: Path) -> subprocess.CompletedProcess:
    """CLI проверки, как `make check`, на дереве root."""
    return subprocess.run([PYTHON, str(ROOT / "scripts" / "check_content.py"), str(root)],
                          capture_output=True, text=True, env=ENV)


def fixture_config(root: Path) -> Path:
    """mkdocs.yml для тестового дерева: настройки настоящего сайта, без его nav."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = ["index.md", '"<!-- kb:sections -->"'] + [p for p in ("progress.md", "itogovyi-test.md") if (root / "docs" / p).exists()]
    text = text.split("\nnav:")[0] + "\nnav:\n" + "".join(f"  - {p}\n" for p in nav)
    # ссылки на страницы настоящего сайта (главная, прогресс) в фикстуре не нужны
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("- overrides/hooks/course.py", f"- {ROOT / 'overrides/hooks/course.py'}")
    text = text.replace("ru: docs/includes/mkdocs-quiz-ru.po", f"ru: {ROOT / 'docs/includes/mkdocs-quiz-ru.po'}")
    # общие файлы оформления берём из настоящего сайта
    for sub in ("assets",):
        if (ROOT / "docs" / sub).exists() and not (root / "docs" / sub).exists():
            shutil.copytree(ROOT / "docs" / sub, root / "docs" / sub)
    cfg = root / "mkdocs.yml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def build_site(config: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([MKDOCS, "build", "--strict", "-f", str(config), "-d", str(out)],
                          capture_output=True, text=True, env=ENV, cwd=config.parent)


@pytest.fixture
def valid_tree(tmp_path: Path) -> Path:
    """Свежая копия маленького правильного дерева; тест портит её по одному правилу."""
    dest = tmp_path / "kb"
    shutil.copytree(FIXTURES / "valid", dest)
    return dest


Server = LocalServer  # собранный сайт на свободном порту (scripts/kb/local_server.py)


@pytest.fixture
def fixture_site(valid_tree, tmp_path):
    """Маленький сайт из tests/fixtures/valid, который тест может пересобрать."""
    out = tmp_path / "out"
    config = fixture_config(valid_tree)

    def rebuild():
        result = build_site(config, out)
        assert result.returncode == 0, result.stderr

    rebuild()
    server = Server(out)
    server.rebuild = rebuild
    server.tree = valid_tree
    yield server
    server.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Настоящий сайт, собранный строго (mkdocs build --strict) один раз за прогон."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """Копия для работы с диска (OFFLINE=true: ссылки на файлы, поиск скриптом), собранная один раз за прогон."""
    out = tmp_path_factory.mktemp("offline") / "site"
    result = subprocess.run([MKDOCS, "build", "--strict", "-q", "-d", str(out)], cwd=ROOT,
                            env={**ENV, "OFFLINE": "true"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    server = Server(built_site)
    yield server
    server.close()


@pytest.fixture(scope="session")
def sub_path_server(built_site: Path, tmp_path_factory):
    """Тот же сайт в подпапке (https://intranet/kurs/): адреса страниц — server.url + "kurs/…"."""
    root = tmp_path_factory.mktemp("www")
    (root / "kurs").symlink_to(built_site, target_is_directory=True)
    server = Server(root)
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """Новая вкладка в чистом контексте: хранилище пустое, чужие хосты заблокированы."""
    context = browser.new_context(locale="ru-RU")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    external: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "file://", "data:", "blob:")):
            return route.continue_()
        external.append(url)
        return route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.external_requests = external  # type: ignore[attr-defined]
    pg.js_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not external, f"запросы к чужим хостам: {external}"
    assert not errors, f"ошибки JavaScript: {errors}"


# ---------- действия ученика в браузере ----------

def answer_first_correct(page, quiz_index=0):
    """Отметить верные ответы вопроса quiz_index (и отправить, если вопрос с несколькими ответами)."""
    quiz = page.locator("div.quiz").nth(quiz_index)
    for box in quiz.locator('input[data-correct="true"]').all():
        page.locator(f'label[for="{box.get_attribute("id")}"]').click()
    submit = quiz.locator('button[type="submit"]')
    if submit.count() and submit.is_visible():
        submit.click()
    return quiz


def answer_all_correct(page):
    """Ответить верно на все вопросы теста на странице."""
    for i in range(page.locator("div.quiz").count()):
        answer_first_correct(page, i)


def pass_dialogue(page, thesis_id):
    """«Зачёт» тренажёра разговора тезиса сдан: запись той версии диалога, что в данных курса на странице."""
    page.evaluate("""(id) => {
        const t = KB.loadedTopics().flatMap(x => x.theses).find(t => t.id === id);
        localStorage.setItem(KB.KEYS.dialogue(t.dialogue.id), JSON.stringify(
            {version: t.dialogue.version, best: {percent: 100, passed: true, date: new Date().toISOString()}}));
    }""", thesis_id)


def export_progress(page, path, name="Анна Петрова"):
    """«Выгрузить прогресс в файл» на «Моём прогрессе» с именем ученика; файл — в path."""
    page.fill("#kb-learner-name", name)
    with page.expect_download() as info:
        page.get_by_role("button", name="Выгрузить прогресс в файл").click()
    info.value.save_as(path)
    return path


def play_best_exam(frame, dialogue):
    """Пройти тренажёр dialogue в «Зачёте» по лучшим ответам (страница или фрейм); вернуть процент."""
    import json as _json

    d = frame.evaluate(f"window.KB_DATA.dialogues[{_json.dumps(dialogue)}]")
    frame.locator("#kb-dlg-mode-exam").check()
    frame.locator("[data-kb-dialogue-start]").click()
    node = d["start"]
    while "ending" not in d["nodes"][node]:
        reply = next(r for r in d["nodes"][node]["replies"] if r["best"])
        frame.locator(f'[data-kb-reply="{reply["id"]}"]').click()
        node = reply["next"]
    return frame.locator("[data-kb-dialogue-score]").get_attribute("data-kb-dialogue-score")
