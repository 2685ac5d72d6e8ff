"""Браузер: тест на странице тезиса отвечает по-русски и помнит ответ после перезагрузки."""

from __future__ import annotations

THESIS_URL = "kommunikatsiya-i-pr/klienty-i-partnery/podgotovka/"


def verdict(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el, '::before').content")


def test_quiz_answer_feedback_and_persistence(site_server, page):
    page.goto(site_server.url + THESIS_URL)
    page.evaluate("localStorage.clear()")
    page.reload()
    quiz = page.locator("div.quiz").first
    quiz.scroll_into_view_if_needed()
    correct = quiz.locator('input[data-correct="true"]').first
    correct_id = correct.get_attribute("id")
    # с клавиатуры: выбрать вариант — ещё не ответ; ответ уходит по кнопке «Ответить»
    first = quiz.locator("input").first
    first.focus()
    page.keyboard.press("Space")
    page.locator(f"#{correct_id}").focus()
    page.keyboard.press("Space")
    assert quiz.locator(".quiz-feedback").is_hidden()
    quiz.get_by_role("button", name="Ответить").focus()
    page.keyboard.press("Enter")
    item = quiz.locator(".quiz-feedback .quiz-feedback-item.correct .quiz-feedback-item-content")
    # пояснение к выбранному ответу — из источника теста, и слово «Верно» не только цветом
    assert "сначала факты" in item.inner_text()
    assert verdict(item) == '"Верно. "'

    page.reload()
    quiz = page.locator("div.quiz").first
    assert quiz.locator(f'#{correct_id}').is_checked()
    assert "сначала факты" in quiz.locator(".quiz-feedback").inner_text()


def test_wrong_answer_feedback_is_russian(site_server, page):
    page.goto(site_server.url + THESIS_URL)
    page.evaluate("localStorage.clear()")
    page.reload()
    quiz = page.locator("div.quiz").nth(1)
    wrong = quiz.locator('input:not([data-correct="true"])').first
    page.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
    quiz.get_by_role("button", name="Ответить").click()
    item = quiz.locator(".quiz-feedback .quiz-feedback-item.incorrect .quiz-feedback-item-content")
    assert verdict(item) == '"Неверно. "'
    # первый ответ засчитан: переответить можно только сбросив тест («Пройти тест заново»)
    assert quiz.locator("input").first.is_disabled()
    assert "Incorrect" not in quiz.inner_text() and "Try" not in quiz.inner_text()
    assert page.locator(".quiz-intro").inner_text().startswith("Ответы сохраняются в этом браузере")
    assert page.locator(".quiz-intro-reset").inner_text() == "Пройти тест заново"
