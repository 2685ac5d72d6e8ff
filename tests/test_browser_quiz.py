"""Браузер: тест на странице тезиса (mkdocs-quiz + quiz-ui.js, quiz-answers.js) и отметка «Прочитан».

Ожидания берутся со страницы (пояснения к ответам, тексты вариантов, данные курса), а не
переписываются из источника теста: тексты тестов правят, поведение остаётся.
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

import pytest

from conftest import pass_dialogue, plain

T = "kommunikatsiya-i-pr/klienty-i-partnery/"
THESIS_URL = T + "podgotovka/"
THESIS_ID = "podgotovka"
VERDICT_RE = re.compile(r"(?:^|\n)\s*(Верно|Неверно|Частично верно)\b")

# Math.random с зерном из sessionStorage: порядок вариантов воспроизводим и меняется с зерном
SEEDED_RANDOM = """(() => {
  let seed = 1;
  try { seed = Number(sessionStorage.getItem('test-seed') || '1'); } catch (e) { /* about:blank */ }
  let s = seed * 2654435761 >>> 0;
  Math.random = () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();"""


def fresh(page, url):
    """Пустое хранилище и страница, открытая сверху (не перезагрузкой, которая вернула бы прокрутку)."""
    page.goto(url)
    page.evaluate("localStorage.clear(); sessionStorage.clear()")
    page.goto("about:blank")
    page.goto(url)


def saved(page) -> dict:
    raw = page.evaluate("localStorage.getItem('quiz_progress_' + location.pathname)")
    return json.loads(raw) if raw else {}


def label(page, input_) -> str:
    return page.locator(f'label[for="{input_.get_attribute("id")}"]').inner_text().strip()


def choose(page, input_):
    page.locator(f'label[for="{input_.get_attribute("id")}"]').click()


def feedback_text(quiz) -> str:
    return quiz.locator(".quiz-feedback").inner_text()


def pseudo_verdicts(quiz) -> list[str]:
    """Текст, который CSS дописывает в разбор ::before/::after (второй вердикт так и появлялся)."""
    return quiz.locator(".quiz-feedback").evaluate("""box => [box, ...box.querySelectorAll('*')].flatMap(el =>
        ['::before', '::after'].map(p => getComputedStyle(el, p).content))
        .filter(c => c && c !== 'none' && c !== 'normal')""")


def assert_one_verdict(quiz, expected: str):
    text = feedback_text(quiz)
    assert VERDICT_RE.findall(text) == [expected], text
    assert quiz.locator(".kb-qfb__verdict").count() == 1
    assert pseudo_verdicts(quiz) == []
    assert quiz.locator(".quiz-feedback-badge").count() == 0  # обрезанный текст ответа над пояснением


def multiple_choice_quiz(page):
    """Вопрос с несколькими верными и хотя бы одним неверным вариантом."""
    for quiz in page.locator("div.quiz").all():
        if quiz.locator('input[type="checkbox"][data-correct]').count() >= 2 and \
                quiz.locator('input[type="checkbox"]:not([data-correct])').count() >= 1:
            return quiz
    pytest.fail("на странице тезиса нет вопроса с несколькими верными ответами")


# ---------- ответ и его разбор ----------

def test_quiz_answer_feedback_and_persistence(site_server, page):
    fresh(page, site_server.url + THESIS_URL)
    quiz = page.locator("div.quiz").first
    quiz.scroll_into_view_if_needed()
    correct = quiz.locator('input[data-correct="true"]').first
    correct_id = correct.get_attribute("id")
    why = quiz.locator(f'#{correct_id} ~ .answer-feedback').text_content().strip()
    # с клавиатуры: выбрать вариант — ещё не ответ; ответ уходит по кнопке «Ответить»
    quiz.locator("input").first.focus()
    page.keyboard.press("Space")
    page.locator(f"#{correct_id}").focus()
    page.keyboard.press("Space")
    assert quiz.locator(".quiz-feedback").is_hidden()
    quiz.get_by_role("button", name="Ответить").focus()
    page.keyboard.press("Enter")
    assert_one_verdict(quiz, "Верно")
    assert why in feedback_text(quiz)
    assert label(page, correct) in feedback_text(quiz)  # ответ целиком, а не обрезанный значок

    page.reload()
    quiz = page.locator("div.quiz").first
    assert quiz.locator(f"#{correct_id}").is_checked()
    assert why in feedback_text(quiz)
    assert_one_verdict(quiz, "Верно")


def test_wrong_single_answer_one_verdict_and_the_right_one_named(site_server, page):
    fresh(page, site_server.url + THESIS_URL)
    quiz = page.locator("div.quiz:has(input[type=radio])").nth(1)
    wrong = quiz.locator('input:not([data-correct="true"])').first
    right = quiz.locator('input[data-correct="true"]').first
    choose(page, wrong)
    quiz.get_by_role("button", name="Ответить").click()
    assert_one_verdict(quiz, "Неверно")
    text = feedback_text(quiz)
    assert re.search(r"Твой ответ:\s*" + re.escape(label(page, wrong)), text)
    assert re.search(r"Верный ответ:\s*" + re.escape(label(page, right)), text)
    # первый ответ засчитан: переответить можно только сбросив тест («Пройти тест заново»)
    assert quiz.locator("input").first.is_disabled()
    assert "Incorrect" not in quiz.inner_text() and "Try" not in quiz.inner_text()
    assert plain(page.locator(".quiz-intro").inner_text()).startswith("Ответы сохраняются в этом браузере")
    assert page.locator(".quiz-intro-reset").inner_text() == "Пройти тест заново"


def test_partly_right_multiple_choice_names_missed_and_wrong(site_server, page):
    fresh(page, site_server.url + THESIS_URL)
    quiz = multiple_choice_quiz(page)
    rights = quiz.locator("input[data-correct]").all()
    wrong = quiz.locator("input:not([data-correct])").first
    choose(page, rights[0])
    choose(page, wrong)
    quiz.get_by_role("button", name="Ответить").click()

    assert_one_verdict(quiz, "Частично верно")
    text = feedback_text(quiz)
    missed_head = "Пропущены верные ответы:" if len(rights) > 2 else "Пропущен верный ответ:"
    groups = dict(re.findall(r"(Отмечено верно|Отмечено неверно|Пропущены? верны[йе] ответы?):\s*(.*?)(?=\n\s*(?:Отмечено|Пропущен)|\Z)",
                             text, re.S))
    assert label(page, rights[0]) in groups["Отмечено верно"]
    assert label(page, wrong) in groups["Отмечено неверно"]
    assert label(page, wrong) not in groups["Отмечено верно"]
    for missed in rights[1:]:
        assert label(page, missed) in groups[missed_head.rstrip(":")]
    assert "Ты отметил" not in text
    # пояснение к пропущенному ответу тоже видно: почему его нужно было отметить
    why = quiz.locator(f'#{rights[1].get_attribute("id")} ~ .answer-feedback').text_content().strip()
    assert why in groups[missed_head.rstrip(":")]

    page.reload()
    quiz = page.locator(f'#{quiz.get_attribute("id")}')
    assert_one_verdict(quiz, "Частично верно")
    assert "Отмечено неверно:" in feedback_text(quiz)


def test_every_box_ticked_on_multiple_choice_is_not_right(site_server, page):
    """Отметить все варианты — не способ угадать: ответ неверен, и это засчитано в тест."""
    fresh(page, site_server.url + THESIS_URL)
    quiz = multiple_choice_quiz(page)
    for box in quiz.locator("input").all():
        choose(page, box)
    quiz.get_by_role("button", name="Ответить").click()
    assert_one_verdict(quiz, "Частично верно")
    assert "Отмечено неверно:" in feedback_text(quiz)
    entry = saved(page)[quiz.get_attribute("id")]
    assert entry["answered"] is True and entry["correct"] is False


# ---------- пустой ответ ----------

def test_empty_answer_cannot_be_submitted(site_server, page):
    fresh(page, site_server.url + THESIS_URL)
    quiz = page.locator("div.quiz:has(input[type=radio])").first
    button = quiz.get_by_role("button", name="Ответить")
    assert button.get_attribute("aria-disabled") == "true"
    hint = page.locator("#" + button.get_attribute("aria-describedby"))
    assert hint.inner_text() == "Сначала выбери ответ."
    assert hint.is_visible()

    # и с клавиатуры, и мышью: ответ не уходит, верный не раскрывается, подсказка объявлена
    button.focus()
    page.keyboard.press("Enter")
    button.click(force=True)
    say = quiz.locator('[aria-live="assertive"]')
    page.wait_for_function("el => el.textContent === 'Сначала выбери ответ.'", arg=say.element_handle())
    assert quiz.locator(".quiz-feedback").is_hidden()
    assert quiz.locator(".correct, .wrong").count() == 0
    assert quiz.locator("input:disabled").count() == 0
    assert saved(page) == {}
    assert page.locator("#quiz-progress-sidebar .quiz-progress-answered").inner_text() == "0"

    choose(page, quiz.locator("input").first)
    assert button.get_attribute("aria-disabled") is None
    assert button.get_attribute("aria-describedby") is None
    assert hint.is_hidden()
    button.click()
    assert quiz.locator(".quiz-feedback").is_visible()
    assert len(saved(page)) == 1

    multi = multiple_choice_quiz(page)
    m_button = multi.get_by_role("button", name="Ответить")
    assert m_button.get_attribute("aria-disabled") == "true"
    assert page.locator("#" + m_button.get_attribute("aria-describedby")).inner_text() == "Сначала отметь хотя бы один ответ."
    box = multi.locator("input").first
    choose(page, box)
    assert m_button.get_attribute("aria-disabled") is None
    choose(page, box)  # сняли отметку — снова нечего отправлять
    assert m_button.get_attribute("aria-disabled") == "true"


# ---------- итог теста тезиса ----------

def thesis_data(page) -> dict:
    return page.evaluate(f"""() => {{
        for (const topic of KB.loadedTopics()) {{
            const i = topic.theses.findIndex(t => t.id === '{THESIS_ID}');
            if (i >= 0) return {{ quiz: topic.theses[i].quiz, next: topic.theses[i + 1] || null,
                                  pass_mark: KB.course().pass_mark, final_url: KB.course().final_url }};
        }}
    }}""")


@pytest.mark.parametrize("at_mark", [True, False], ids=["at-pass-mark", "one-below"])
def test_end_of_quiz_line(site_server, page, at_mark):
    fresh(page, site_server.url + THESIS_URL)
    data = thesis_data(page)
    ids = data["quiz"]
    total = len(ids)
    mark = Fraction(str(data["pass_mark"]))
    need = math.ceil(mark * total)
    assert Fraction(need, total) >= mark > Fraction(need - 1, total)
    if (mark * total).denominator == 1:
        assert Fraction(need, total) == mark  # ровно проходной балл, например 8 из 10 при 80%
    correct = need if at_mark else need - 1

    # все вопросы, кроме последнего, уже отвечены; последний ученик отвечает верно сам
    last = ids[-1]
    answers = {qid: {"answered": True, "correct": i < correct - 1, "selectedValues": []}
               for i, qid in enumerate(ids[:-1])}
    page.evaluate("a => localStorage.setItem('quiz_progress_' + location.pathname, JSON.stringify(a))", answers)
    pass_dialogue(page, THESIS_ID)  # «Зачёт» тренажёра сдан: итог говорит о тесте, а тезис пройден целиком
    page.reload()
    result = page.locator("[data-kb-quiz-result]")
    assert result.get_attribute("role") == "status"
    assert result.inner_text() == ""
    quiz = page.locator(f"#{last}")
    for box in quiz.locator("input[data-correct]").all():
        choose(page, box)
    quiz.get_by_role("button", name="Ответить").click()

    text = " ".join(result.inner_text().split())
    if at_mark:
        assert text.startswith(f"Тезис пройден: {correct} из {total}. Дальше: ")
        link = result.get_by_role("link")
        assert link.count() == 1
        target = data["next"]["url"] if data["next"] else data["final_url"]
        assert link.get_attribute("href") == site_server.url + target
        if data["next"]:
            assert link.inner_text() == f"«{data['next']['title']}»"
        assert "Пройти заново" not in text
        return

    assert text.startswith(f"Тест не сдан: {correct} из {total}. Чтобы сдать, нужно не меньше {need} верных ответов.")
    assert "Дальше" not in text
    # что перечитать: разделы тезиса и вопросы с ошибкой (ссылки на них на этой странице)
    hrefs = [a.get_attribute("href") for a in result.get_by_role("link").all()]
    wrong = [qid for qid in ids[:-1] if not answers[qid]["correct"]]
    assert hrefs[-len(wrong):] == ["#" + qid for qid in wrong]
    assert any(h.startswith("#") and not h.startswith("#quiz-") for h in hrefs)
    for h in hrefs:
        assert page.locator(f'[id="{h[1:]}"]').count() == 1
    # «Пройти заново»: тот же сброс, что у mkdocs-quiz, с подтверждением
    page.on("dialog", lambda d: d.accept())
    before = order(page)
    result.get_by_role("button", name="Пройти заново").click()
    assert saved(page) == {}
    assert result.inner_text() == ""
    assert page.evaluate("document.activeElement.classList.contains('quiz-question')")  # фокус не потерян
    page.wait_for_function("""before => [...document.querySelectorAll('div.quiz')].some(q =>
        [...q.querySelectorAll('input[name=answer]')].map(i => i.id.split('-').pop()).join() !== before[q.id].join())""",
                           arg=before)  # варианты встали в новом порядке
    assert quiz.get_by_role("button", name="Ответить").get_attribute("aria-disabled") == "true"


# ---------- перемешанные варианты ----------

def order(page) -> dict[str, list[str]]:
    """Порядок вариантов каждого вопроса: номера вариантов в источнике (id quiz-<вопрос>-<номер>)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('div.quiz')].map(q =>
        [q.id, [...q.querySelectorAll('input[name=answer]')].map(i => i.id.split('-').pop())]))""")


def load_with_seed(page, url, seed):
    page.evaluate("s => sessionStorage.setItem('test-seed', String(s))", seed)
    page.goto(url)


def test_shuffled_answers_restore_on_the_chosen_option(site_server, page):
    url = site_server.url + THESIS_URL
    page.add_init_script(SEEDED_RANDOM)
    fresh(page, url)
    load_with_seed(page, url, 1)
    first = order(page)
    load_with_seed(page, url, 2)
    second = order(page)
    source = {q: sorted(o, key=int) for q, o in first.items()}
    assert any(first[q] != source[q] for q in first), "варианты не перемешаны"
    # вопрос, у которого на первом месте в двух открытиях разные варианты
    qid = next(q for q in first if first[q][0] != second[q][0])

    load_with_seed(page, url, 1)
    quiz = page.locator(f"#{qid}")
    picked = quiz.locator("input[name=answer]").first
    assert picked.get_attribute("id").endswith("-" + first[qid][0])
    picked_label, picked_value = label(page, picked), picked.get_attribute("value")
    choose(page, picked)
    quiz.get_by_role("button", name="Ответить").click()
    # выбор хранится по ответу, а не по месту варианта
    assert saved(page)[qid]["selectedValues"] == [picked_value]
    assert not re.fullmatch(r"\d+", picked_value)

    load_with_seed(page, url, 2)
    assert order(page)[qid] == second[qid]
    checked = page.locator(f"#{qid} input:checked")
    assert checked.count() == 1
    assert label(page, checked) == picked_label
    assert picked_label in feedback_text(page.locator(f"#{qid}"))


def test_answer_saved_by_number_is_moved_to_answer_id(site_server, page):
    """Ответ, сохранённый старой версией курса номером варианта, остаётся на своём варианте."""
    url = site_server.url + THESIS_URL
    fresh(page, url)
    qid = page.locator("div.quiz:has(input[type=radio])").first.get_attribute("id")
    page.evaluate("q => localStorage.setItem('quiz_progress_' + location.pathname, JSON.stringify("
                  "{[q]: {answered: true, correct: false, selectedValues: ['1']}}))", qid)
    page.reload()
    checked = page.locator(f"#{qid} input:checked")
    assert checked.get_attribute("id") == f"{qid}-1"
    assert saved(page)[qid]["selectedValues"] == [checked.get_attribute("value")]


# ---------- предупреждения mkdocs-quiz по-русски ----------

def test_storage_warning_is_russian(site_server, page):
    page.add_init_script("""(() => {
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (k, v) {
        if (String(k).startsWith('quiz_progress_') || String(k).startsWith('kb:v1:probe'))
          throw new DOMException('полно', 'QuotaExceededError');
        return set.call(this, k, v);
      };
    })();""")
    fresh(page, site_server.url + THESIS_URL)
    quiz = page.locator("div.quiz").first
    choose(page, quiz.locator("input[data-correct]").first)
    quiz.get_by_role("button", name="Ответить").click()
    warning = page.locator("#quiz-progress-sidebar .quiz-storage-warning")
    assert warning.inner_text() == "Ответы теста не сохранены: хранилище браузера недоступно или переполнено."
    alert = page.locator("[data-kb-save-failed]")
    assert "Не сохранено: ответы теста — хранилище браузера переполнено" in alert.inner_text()
    assert "Unable" not in page.locator("body").inner_text()


# ---------- «Прочитан» ----------

def visited(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('kb:v1:visited')") or "{}")


def test_read_mark_is_set_at_the_end_not_on_open(site_server, page):
    url = site_server.url + THESIS_URL
    fresh(page, url)
    assert page.evaluate("scrollY") == 0
    page.wait_for_timeout(1500)  # раньше отметка ставилась через доли секунды после открытия
    assert THESIS_ID not in visited(page)
    page.mouse.wheel(0, 600)  # начал читать — ещё не дочитал
    page.wait_for_timeout(500)
    assert THESIS_ID not in visited(page)

    page.locator("#итог").scroll_into_view_if_needed()
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('kb:v1:visited')) || {{}})['{THESIS_ID}']")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", visited(page)[THESIS_ID])


def test_read_mark_when_jumping_past_the_end(site_server, page):
    """Перескочил к тесту по оглавлению: «Итог» остался выше экрана — тезис дочитан до конца."""
    url = site_server.url + THESIS_URL
    fresh(page, url)
    page.wait_for_timeout(300)
    assert THESIS_ID not in visited(page)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('kb:v1:visited')) || {{}})['{THESIS_ID}']")
    assert page.evaluate("document.getElementById('итог').getBoundingClientRect().bottom") < 0


# ---------- доступность разбора и итога ----------

@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_feedback_and_result_accessible(site_server, page, scheme):
    """Разбор «Частично верно», подсказка у недоступной кнопки и итог «не сдан» — без нарушений axe."""
    from axe_playwright_python.sync_playwright import Axe

    fresh(page, site_server.url + THESIS_URL)
    ids = thesis_data(page)["quiz"]
    answers = {qid: {"answered": True, "correct": False, "selectedValues": []} for qid in ids}
    multi_id = multiple_choice_quiz(page).get_attribute("id")
    del answers[multi_id]
    page.evaluate("a => localStorage.setItem('quiz_progress_' + location.pathname, JSON.stringify(a))", answers)
    page.evaluate("localStorage.removeItem('kb:v1:visited')")
    page.reload()
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    quiz = page.locator(f"#{multi_id}")
    choose(page, quiz.locator("input[data-correct]").first)
    choose(page, quiz.locator("input:not([data-correct])").first)
    quiz.get_by_role("button", name="Ответить").click()
    assert "Тест не сдан" in page.locator("[data-kb-quiz-result]").inner_text()
    page.wait_for_timeout(400)  # у Material плавная смена цветов
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(
        [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in serious], ensure_ascii=False)
