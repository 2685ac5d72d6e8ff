"""Пакет SCORM 1.2 в Chromium против настоящей среды SCORM 1.2 без LMS (scorm-again из node_modules).

Тестовая «LMS» — страница lms.html на localhost: создаёт window.API = new Scorm12API(...) и открывает
страницу запуска пакета в iframe (или в новом окне — тогда API находится через window.opener).
Ученик открывает тезис, отвечает на тест, сдаёт итоговый тест; проверяются вызовы и значения cmi.
Потом — «другой компьютер»: чистый браузер, LMS отдаёт сохранённые cmi, прогресс восстановлен.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ENV, PYTHON, ROOT, Server, answer_all_correct, play_best_exam

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
SCORM_ARGS: list[str] = []  # например ["--site", "<сайт, собранный с OFFLINE=true>"]
THESIS = "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/index.html"
THESIS_ID = "podgotovka"
CHECKLIST = "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/chek-list-podgotovki.html"

LMS_HTML = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Тестовая LMS</title>
<script src="scorm12.js"></script>
<script>
window.calls = [];
function makeAPI(cmi) {
  var api = new Scorm12API({ autocommit: false, logLevel: 5 });
  if (cmi) api.loadFromJSON(cmi);
  ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"].forEach(function (m) {
    var orig = api[m].bind(api);
    api[m] = function () {
      var r = orig.apply(null, arguments);
      calls.push([m].concat([].slice.call(arguments), [String(r)]));
      return r;
    };
  });
  window.API = api;
}
function start(cmi) {
  makeAPI(cmi);
  var f = document.createElement("iframe");
  f.id = "lms-frame";
  f.title = "Курс";
  f.style.cssText = "width: 100%; height: 95vh; border: 0";
  f.src = "pkg/scorm-launch.html";
  document.body.appendChild(f);
}
function stop() { document.getElementById("lms-frame").remove(); }
function cmi() {
  var c = API.cmi.core;
  return { core: { student_id: c.student_id, student_name: c.student_name, lesson_status: c.lesson_status,
                   entry: "resume", score: { raw: c.score.raw, min: c.score.min, max: c.score.max } },
           suspend_data: API.cmi.suspend_data };
}
</script></head><body></body></html>
"""


@pytest.fixture(scope="module")
def lms(tmp_path_factory):
    """Пакет, собранный `scripts/make_scorm.py`, распакованный рядом с тестовой LMS."""
    if not SCORM_AGAIN.exists():
        pytest.fail("нет node_modules/scorm-again: поставь инструменты тестов — make node-tools (npm ci)")
    work = tmp_path_factory.mktemp("scorm")
    zip_path = work / "course-scorm12.zip"
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "make_scorm.py"), "--out", str(zip_path), *SCORM_ARGS],
                            capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    served = work / "lms"
    served.mkdir()
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(served / "pkg")
    shutil.copy(SCORM_AGAIN, served / "scorm12.js")
    (served / "lms.html").write_text(LMS_HTML, encoding="utf-8")
    server = Server(served)
    server.zip = zip_path
    yield server
    server.close()


def new_page(browser):
    """Чистый браузер («другой компьютер»): запросы к чужим хостам блокируются, ошибки JS копятся."""
    context = browser.new_context(locale="ru-RU")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "blob:", "data:"))
                  else route.abort())
    pg = context.new_page()
    pg.js_errors = []
    pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
    return pg


def launch(page, lms, cmi=None):
    """Открыть тестовую LMS и запустить пакет; вернуть фрейм сайта курса после загрузки главной."""
    page.goto(lms.url + "lms.html")
    page.evaluate("cmi => start(cmi)", cmi)
    launcher = page.wait_for_selector("#lms-frame").content_frame()
    site = launcher.wait_for_selector("#kb-scorm-site").content_frame()
    ready(site)
    assert site.url.endswith("/pkg/index.html")
    return launcher, site


def calls(page, name=None):
    return [c for c in page.evaluate("calls") if name is None or c[0] == name]


def value(page, element):
    return page.evaluate("e => e.split('.').slice(1).reduce((o, k) => o[k], API.cmi)", element)


def open_page(site, lms, rel):
    site.goto(lms.url + "pkg/" + rel)
    ready(site)


def ready(site):
    """Страница загружена, и поиск успел подгрузить свои файлы: уход раньше обрывает их загрузку,
    и Chromium сообщает об ошибке importScripts (ученику она не мешает, тесту — мешает)."""
    site.wait_for_selector("a.md-logo")
    site.wait_for_load_state("networkidle")


def pass_final_tests(site, lms, name) -> list[str]:
    """Сдать итоговые тесты всех тем курса на 100%; вернуть ключи тем."""
    keys = site.evaluate("KB.topicList().map(t => t.key)")
    for key in keys:
        open_page(site, lms, "index.html")  # смена одного #… не перезагрузила бы страницу теста
        open_page(site, lms, "itogovyi-test.html#" + key)
        pass_final_test(site, name, key)
    return keys


def pass_final_test(site, name, key):
    site.wait_for_selector("[data-kb-q]")
    site.get_by_label("Имя и фамилия для листа результата").fill(name)
    site.evaluate("""async key => {
        const final = await KB.load(key, 'final');
        const right = {};
        Object.values(final).forEach(qs => qs.forEach(q => q.answers.forEach(a => { if (a.correct) right[q.id + '/' + a.id] = 1; })));
        document.querySelectorAll('[data-kb-q]').forEach(fs => fs.querySelectorAll('input').forEach(i => {
            if (right[fs.dataset.kbQ + '/' + i.value]) i.click();
        }));
    }""", key)
    site.get_by_role("button", name="Завершить тест").click()
    site.wait_for_selector("[data-kb-final-sheet]")


def test_scorm_session_reports_and_resumes_on_another_computer(lms, page, browser):
    assert lms.zip.stat().st_size < 10 * 1024 * 1024
    with zipfile.ZipFile(lms.zip) as z:
        names = z.namelist()
        manifest = z.read("imsmanifest.xml").decode("utf-8")
    assert names[0] == "imsmanifest.xml" and "scorm-launch.html" in names and "index.html" in names
    assert 'adlcp:scormtype="sco" href="scorm-launch.html"' in manifest and "<schemaversion>1.2</schemaversion>" in manifest
    assert not any(n.startswith("node_modules/") or n.endswith("scorm12.js") for n in names)  # среда теста не едет к ученикам

    page.set_default_timeout(15000)
    page.goto(lms.url + "lms.html")
    page.evaluate("localStorage.clear()")
    launcher, site = launch(page, lms, {"core": {"student_id": "u-17", "student_name": "Смирнова, Анна"}})
    assert launcher.locator("#kb-scorm-note").inner_text() == ""  # LMS найдена: предупреждать не о чем
    assert [c[1] for c in calls(page, "LMSInitialize")] == [""]
    page.wait_for_function("API.cmi.core.lesson_status === 'incomplete'")

    # тезис и его тест: переходы внутри iframe не завершают SCO
    open_page(site, lms, THESIS)
    answer_all_correct(site)
    page.wait_for_function(f"API.cmi.suspend_data.includes('\"{THESIS_ID}\"')")
    open_page(site, lms, CHECKLIST)
    site.locator("[data-kb-item]").nth(0).click()
    page.wait_for_function(f"JSON.parse(API.cmi.suspend_data).t['{THESIS_ID}'].split('.').length > 3")  # отметка чек-листа дошла до LMS
    open_page(site, lms, "progress.html")
    assert site.locator(f'[data-kb-quiz="{THESIS_ID}"]').inner_text().endswith("— сдан")
    assert page.evaluate("API.cmi.core.lesson_status") == "incomplete"  # итоговый тест ещё не пройден
    assert page.evaluate("API.cmi.core.score.raw") == ""

    topics = pass_final_tests(site, lms, "Анна Смирнова")
    page.wait_for_function("API.cmi.core.lesson_status === 'passed'")
    assert (value(page, "cmi.core.score.raw"), value(page, "cmi.core.score.min"), value(page, "cmi.core.score.max")) == ("100", "0", "100")
    suspend = value(page, "cmi.suspend_data")
    assert 0 < len(suspend) <= 4096
    data = json.loads(suspend)
    assert data["v"] == 1 and "o" not in data
    quiz = data["t"][THESIS_ID].split(".")[2]
    assert quiz and set(quiz) == {"2"}  # все ответы тезиса верные
    assert sorted(data["f"]) == sorted(topics)
    assert all(f[:2] == [100, 1] and f[5] == "Анна Смирнова" for f in data["f"].values())
    # после изменений — LMSCommit; одно подключение на весь сеанс
    log = calls(page)
    last_set = max(i for i, c in enumerate(log) if c[0] == "LMSSetValue" and c[1] == "cmi.core.lesson_status")
    assert any(c[0] == "LMSCommit" and c[-1] == "true" for c in log[last_set:])
    assert len(calls(page, "LMSInitialize")) == 1 and calls(page, "LMSFinish") == []
    assert all(c[-1] == "true" for c in calls(page, "LMSSetValue")), calls(page, "LMSSetValue")

    # ученик закрыл курс: время сеанса, выход с сохранением, LMSFinish — один раз
    page.evaluate("stop()")
    page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")
    log = calls(page)
    assert [c[0] for c in log[-4:]] == ["LMSSetValue", "LMSSetValue", "LMSCommit", "LMSFinish"]
    session = [c for c in log if c[0] == "LMSSetValue" and c[1] == "cmi.core.session_time"]
    assert len(session) == 1 and re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", session[0][2]) and session[0][3] == "true"
    assert ["LMSSetValue", "cmi.core.exit", "suspend", "true"] in log
    assert len(calls(page, "LMSFinish")) == 1
    saved = page.evaluate("cmi()")
    assert saved["core"]["lesson_status"] == "passed"
    assert not page.js_errors

    # другой компьютер: пустое хранилище, LMS отдаёт сохранённые cmi
    other = new_page(browser)
    try:
        other.set_default_timeout(15000)
        launcher2, site2 = launch(other, lms, saved)
        open_page(site2, lms, "progress.html")
        assert site2.locator(f'[data-kb-quiz="{THESIS_ID}"]').inner_text().endswith("— сдан")
        assert site2.locator(f'[data-kb-row="{THESIS_ID}"] td').nth(1).inner_text().split(": ")[-1].startswith("1 из ")
        for topic in topics:
            result = site2.locator(f'[data-kb-final-result="{topic}"]').inner_text()
            assert result.startswith("Итоговый тест по теме: 100% (сдан)")
        # и тест тезиса открывается отвеченным
        open_page(site2, lms, THESIS)
        assert site2.locator("div.quiz").count() > 0
        assert site2.locator("div.quiz .quiz-feedback:not(.hidden)").count() == site2.locator("div.quiz").count()
        assert len(calls(other, "LMSInitialize")) == 1
        assert other.evaluate("API.cmi.core.lesson_status") == "passed"
        other.wait_for_timeout(500)
        assert json.loads(other.evaluate("API.cmi.suspend_data")) == data  # восстановленное уходит обратно тем же

        # на этом компьютере запускает курс другой ученик: чужой прогресс ему не достаётся
        launcher3, site3 = launch(other, lms, {"core": {"student_id": "u-18", "student_name": "Ким, Борис"}})
        open_page(site3, lms, "progress.html")
        assert site3.locator(f'[data-kb-quiz="{THESIS_ID}"]').inner_text() == "не начат"
        assert site3.locator(f'[data-kb-final-result="{topics[0]}"]').inner_text().startswith("Итоговый тест по теме ещё не пройден")
        other.wait_for_function("API.cmi.core.lesson_status === 'incomplete'")
        assert json.loads(other.evaluate("API.cmi.suspend_data")) == {"v": 1, "t": {}, "f": {}}
        assert not other.js_errors
    finally:
        other.context.close()


def test_scorm_launch_in_new_window_finds_api_through_opener(lms, page):
    page.goto(lms.url + "lms.html")
    page.evaluate("makeAPI(null)")
    with page.expect_popup() as popup:
        page.evaluate("window.open('pkg/scorm-launch.html')")
    win = popup.value
    site = win.wait_for_selector("#kb-scorm-site").content_frame()
    site.wait_for_selector("a.md-logo")
    assert win.locator("#kb-scorm-note").inner_text() == ""
    assert len(calls(page, "LMSInitialize")) == 1
    win.close()
    page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")


def test_scorm_launch_without_lms_shows_the_course(lms, page):
    page.goto(lms.url + "pkg/scorm-launch.html")
    site = page.wait_for_selector("#kb-scorm-site").content_frame()
    site.wait_for_selector("a.md-logo")
    assert "LMS не найдена" in page.locator("#kb-scorm-note").inner_text()
    assert site.locator("h1").count() > 0
    ready(site)
    serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_suspend_data_overflow_drops_least_important_first(lms, page):
    """Большой курс: то, что не влезает в 4096 знаков, опускается по порядку, итоговые тесты — нет."""
    page.goto(lms.url + "pkg/scorm-launch.html")
    page.wait_for_function("window.KB_SCORM")
    packed = page.evaluate("""() => {
        const t = {}, f = {};
        for (let i = 0; i < 150; i++) t['tezis-nomer-' + i] = ['ab12', '4kx', '2221102220', 'ff8', '7c'];
        for (let i = 0; i < 25; i++) f['razdel/tema-' + i] = [85, 1, 17, 20, 'sx3kq1', 'Имя Фамилия Ученика'];
        return KB_SCORM.pack({ t, f });
    }""")
    data = json.loads(packed["text"])
    assert len(packed["text"]) <= 4096
    assert packed["omitted"] == data["o"] and packed["omitted"].startswith("v")
    assert len(data["f"]) == 25
    assert page.evaluate("KB_SCORM.timespan(3723456)") == "0001:02:03.46"


# ---------- LMS, которая ведёт себя как настоящие: отказы, исключения, порченые копии ----------

def launch_faulty(page, lms, cmi, patch):
    """Как launch, но API LMS до запуска пакета подменён: patch — тело функции (api) на JS."""
    page.goto(lms.url + "lms.html")
    page.evaluate("""([cmi, patch]) => {
        makeAPI(cmi);
        new Function('api', patch)(window.API);
        const f = document.createElement('iframe');
        f.id = 'lms-frame'; f.title = 'Курс'; f.style.cssText = 'width: 100%; height: 95vh; border: 0';
        f.src = 'pkg/scorm-launch.html';
        document.body.appendChild(f);
    }""", [cmi, patch])
    launcher = page.wait_for_selector("#lms-frame").content_frame()
    site = launcher.wait_for_selector("#kb-scorm-site").content_frame()
    ready(site)
    return launcher, site


def seed(site, entries):
    site.evaluate("e => Object.entries(e).forEach(([k, v]) => localStorage.setItem(k, JSON.stringify(v)))", entries)


def storage(site, key):
    raw = site.evaluate(f"localStorage.getItem({json.dumps(key)})")
    return json.loads(raw) if raw else None


def sent_suspend(page):
    return [c for c in calls(page, "LMSSetValue") if c[1] == "cmi.suspend_data"]


def test_lms_refusing_values_is_retried_and_the_learner_is_told(lms, page):
    page.goto(lms.url + "lms.html")
    page.evaluate("localStorage.clear()")
    patch = """
        const orig = api.LMSSetValue;
        api.LMSSetValue = function (name, value) {
            if (name === 'cmi.suspend_data') { calls.push(['LMSSetValue', name, value, 'false']); return 'false'; }
            return orig(name, value);
        };"""
    launcher, site = launch_faulty(page, lms, {"core": {"student_id": "u-1"}}, patch)
    open_page(site, lms, THESIS)
    answer_all_correct(site)
    note = launcher.locator("#kb-scorm-note")
    launcher.wait_for_function("document.getElementById('kb-scorm-note').textContent.includes('не доходит до LMS')")
    assert "Мой прогресс" in note.inner_text() and "сообщи тому, кто ведёт курс" in note.inner_text()
    tries = sent_suspend(page)
    assert len(tries) >= 3 and len(tries) % 3 == 0, "каждое значение — три попытки"
    page.wait_for_timeout(600)
    assert "не доходит до LMS" in note.inner_text(), "пояснение не исчезает само"


def test_lms_failing_on_read_keeps_browser_progress_and_next_launch_merges(lms, page):
    page.goto(lms.url + "lms.html")
    page.evaluate("localStorage.clear()")
    patch = """
        const orig = api.LMSGetValue;
        api.LMSGetValue = function (name) { if (name === 'cmi.suspend_data') throw new Error('LMS недоступна'); return orig(name); };"""
    launcher, site = launch_faulty(page, lms, {"core": {"student_id": "u-2"}}, patch)
    assert "Прогресс не передаётся в LMS" in launcher.locator("#kb-scorm-note").inner_text()
    open_page(site, lms, THESIS)
    answer_all_correct(site)  # прогресс этого сеанса — только в браузере
    quiz_key = [k for k in site.evaluate("Object.keys(localStorage)") if k.startswith("quiz_progress_")][0]
    mine = storage(site, quiz_key)
    assert sent_suspend(page) == []  # копию в LMS не трогали
    page.evaluate("stop()")
    # следующий запуск: LMS работает и отдаёт старую копию (без ответов этого тезиса, с чек-листом)
    old = {"v": 1, "t": {}, "f": {}}
    launcher, site = launch(page, lms, {"core": {"student_id": "u-2"}, "suspend_data": json.dumps(old)})
    assert storage(site, quiz_key) == mine, "старая копия LMS не затёрла прогресс браузера"
    page.wait_for_function(f"API.cmi.suspend_data.includes('\"{THESIS_ID}\"')")  # и он ушёл в LMS


@pytest.mark.parametrize("bad, why", [
    ('{"v":1,"t":{},"f":null}', "не в формате курса"),
    ('{"v":1,"t":{"podgotovka":"abcd.1.2', "обрезана"),
])
def test_bad_suspend_data_never_overwrites_a_good_copy(lms, page, bad, why):
    page.goto(lms.url + "lms.html")
    page.evaluate("localStorage.clear()")
    launcher, site = launch(page, lms, {"core": {"student_id": "u-3"}})
    open_page(site, lms, THESIS)
    answer_all_correct(site)
    open_page(site, lms, CHECKLIST)
    site.locator("[data-kb-item]").nth(0).click()
    page.wait_for_function("JSON.parse(API.cmi.suspend_data).t.podgotovka.split('.').length > 3")
    before = {k: storage(site, k) for k in site.evaluate("Object.keys(localStorage)") if k.startswith(("kb:v1:", "quiz_progress_"))}
    page.evaluate("stop()")
    # LMS отдаёт порченую копию: браузер её не применяет, а курс её не перезаписывает
    launcher, site = launch(page, lms, {"core": {"student_id": "u-3"}, "suspend_data": bad})
    note = launcher.locator("#kb-scorm-note").inner_text()
    assert "Прогресс из LMS не восстановлен" in note and why in note
    after = {k: storage(site, k) for k in site.evaluate("Object.keys(localStorage)") if k.startswith(("kb:v1:", "quiz_progress_"))}
    assert after == before, "ответы и отметки браузера на месте"
    open_page(site, lms, CHECKLIST)
    site.locator("[data-kb-item]").nth(1).click()
    page.wait_for_timeout(800)
    assert page.evaluate("API.cmi.suspend_data") == bad, "порченую копию курс не перезаписал"


def test_older_lms_copy_merges_with_newer_browser_progress(lms, page):
    page.goto(lms.url + "lms.html")
    page.evaluate("localStorage.clear()")
    launcher, site = launch(page, lms, {"core": {"student_id": "u-4"}})
    topic = site.evaluate("KB.topicList()[0].key")
    newer = {"topic": topic, "date": "2026-12-01T10:00:00.000Z", "name": "Анна", "percent": 90, "passed": True,
             "right": 18, "total": 20, "questions": [], "theses": []}
    seed(site, {f"kb:v1:final:{topic}": newer, "kb:v1:visited": {"kritika": "2026-11-30"}})
    page.evaluate("stop()")
    # копия в LMS старше: итоговый тест не сдан 1 ноября, зато прочитан другой тезис
    older = {"v": 1, "t": {}, "f": {topic: [40, 0, 8, 20, "s9d6o0", "Анна"]}}
    launcher, site = launch(page, lms, {"core": {"student_id": "u-4"}, "suspend_data": json.dumps(older)})
    assert storage(site, f"kb:v1:final:{topic}")["percent"] == 90, "новее — браузер: он и остался"
    page.wait_for_function(f"JSON.parse(API.cmi.suspend_data).f['{topic}'][0] === 90")
    assert page.evaluate("API.cmi.core.lesson_status") in ("incomplete", "passed")


def test_dialogue_result_travels_through_suspend_data(lms, page, browser):
    page.goto(lms.url + "lms.html")
    page.evaluate("localStorage.clear()")
    launcher, site = launch(page, lms, {"core": {"student_id": "u-5"}})
    dialogue = site.evaluate("""() => KB.load(KB.topicList()[0].key, 'data').then(t => t.theses.find(x => x.dialogue).dialogue)""")
    record = {"version": dialogue["version"], "best": {"percent": 93, "passed": True, "date": "2026-12-02T10:00:00.000Z"}}
    seed(site, {f"kb:v1:dialogue:{dialogue['id']}": record})
    open_page(site, lms, "index.html")
    page.wait_for_function(f"(JSON.parse(API.cmi.suspend_data).d || {{}})['{dialogue['id']}']")
    data = json.loads(page.evaluate("API.cmi.suspend_data"))
    assert data["d"][dialogue["id"]][:3] == [93, 1, dialogue["version"]]
    page.evaluate("stop()")
    saved = page.evaluate("cmi()")
    other = new_page(browser)
    try:
        launcher2, site2 = launch(other, lms, saved)
        got = storage(site2, f"kb:v1:dialogue:{dialogue['id']}")
        assert got["version"] == dialogue["version"] and got["best"]["percent"] == 93 and got["best"]["passed"] is True
    finally:
        other.context.close()


def test_dialogue_plays_inside_the_scorm_launch_page(lms, page):
    page.goto(lms.url + "lms.html")
    page.evaluate("localStorage.clear()")
    launcher, site = launch(page, lms, {"core": {"student_id": "u-6"}})
    open_page(site, lms, "kommunikatsiya-i-pr/klienty-i-partnery/ozhidaniya/trenazher.html")
    assert play_best_exam(site, "ozhidaniya") == "100"
    assert site.locator("[data-kb-dialogue-end]").get_attribute("data-kb-dialogue-end") == "success"
    page.wait_for_function("(JSON.parse(API.cmi.suspend_data).d || {}).ozhidaniya")
    assert json.loads(page.evaluate("API.cmi.suspend_data"))["d"]["ozhidaniya"][:2] == [100, 1]
