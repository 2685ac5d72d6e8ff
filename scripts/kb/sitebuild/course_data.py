"""Данные курса для браузера — assets/kb/*.js (скрипты, а не JSON: работают и с диска, через file://):
план курса, по файлу на тему (тезисы, id вопросов и пунктов), вопросы итогового теста, вопросы для
«Повторения», тренажёры."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import markdown

from .. import dialogues, model, quiz_adapter, review
from ..quizzes import plain_fragment_html
from .state import CourseBuild, topic_file

def write_js(path: Path, slot: str, data: Any, key: str | None = None) -> None:
    """Скрипт, который кладёт данные в window.KB_DATA[slot] (или [slot][key])."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    target = f"d.{slot}" if key is None else f"(d.{slot}=d.{slot}||{{}})[{json.dumps(key)}]"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"(function(d){{{target}={payload};}})(window.KB_DATA=window.KB_DATA||{{}});\n", encoding="utf-8")


def course_data(build: CourseBuild) -> dict[str, Any]:
    """План курса: разделы и темы со ссылками на их файлы данных. Маленький: грузится на каждой странице."""
    return {
        "version": 2,
        "title": build.site_name,
        "pass_mark": build.settings.pass_mark,
        "final_per_thesis": build.settings.final_per_thesis,
        "final_url": build.final_url,
        "progress_url": build.progress_url,
        "review_url": build.review_url,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "url": build.urls.get(s.src),
                "topics": [
                    {"key": t.key, "title": t.title, "url": build.urls.get(t.src), "theses": len(t.theses),
                     "data": topic_file(t), "final": topic_file(t, "final"), "review": topic_file(t, "review")}
                    for t in s.topics
                ],
            }
            for s in build.kb.sections
        ],
    }


def topic_data(build: CourseBuild, topic: model.Topic) -> dict[str, Any]:
    """Тезисы темы: id вопросов и пунктов чек-листов — чтобы считать прогресс и ставить галочки."""
    theses = []
    for thesis in topic.theses:
        checklists = [
            {"title": m.item["title"], "url": build.urls[m.src], "items": build.checklists[m.src]}
            for m in thesis.materials if m.item["kind"] == "checklist" and build.checklists.get(m.src)
        ]
        theses.append({
            "id": thesis.id,
            "title": thesis.title,
            "order": thesis.meta["order"],
            "duration": thesis.meta["duration"],
            "url": build.urls[thesis.src],
            "updated": review.updated(thesis.meta),  # ГГГГ-ММ-ДД: «Обновлено после твоего прочтения»
            "quiz": ["quiz-" + q.stable_id for q in _gradable(thesis)],
            "checklists": checklists,
            "dialogue": _dialogue_summary(build, thesis),
        })
    return {
        "key": topic.key,
        "title": topic.title,
        "url": build.urls.get(topic.src),
        "section": topic.section.title if topic.section else "",
        "cheatsheet_url": build.urls.get(topic.cheatsheet_src),
        "theses": theses,
    }


def _dialogue_summary(build: CourseBuild, thesis: model.Thesis) -> dict[str, Any] | None:
    """Тренажёр тезиса для прогресса: id (slug), адрес страницы, версия содержания, название."""
    if thesis.dialogue is None:
        return None
    return {"id": thesis.dialogue.slug, "url": build.urls[thesis.dialogue_src],
            "version": dialogues.version(thesis.dialogue), "title": thesis.dialogue.title}


def final_data(build: CourseBuild, topic: model.Topic) -> dict[str, Any]:
    """Вопросы итогового теста темы: текст, ответы, пояснения (HTML из источника).

    Только из вопросов итогового теста (quizzes/final/<тест тезиса>.md): их нет на страницах
    тезисов и в поиске, поэтому пересдача — не повтор уже разобранных вопросов тестов тезисов.
    """
    return {thesis.id: _questions_data(build, (q for q in thesis.final_questions if not q.fill_blank and not q.error))
            for thesis in topic.theses}


def review_data(build: CourseBuild, topic: model.Topic) -> dict[str, Any]:
    """Вопросы тестов тезисов темы для «Повторения» — те же id, ответы и пояснения, что на странице тезиса."""
    return {thesis.id: _questions_data(build, _gradable(thesis)) for thesis in topic.theses}


def _questions_data(build: CourseBuild, questions) -> list[dict[str, Any]]:
    """Вопросы в форме для браузера: {id, html, multiple, answers: [{id, html, correct, feedback}]}."""
    return [
        {
            "id": "quiz-" + q.stable_id,
            "html": _md(build, q.text),
            "multiple": q.multiple,
            "answers": [
                {"id": aid, "html": _md(build, a.text, inline=True), "correct": a.correct,
                 "feedback": _md(build, a.feedback, inline=True)}
                for a, aid in zip(q.answers, q.answer_ids)
            ],
        }
        for q in questions
    ]


def _gradable(thesis: model.Thesis) -> list:
    return [q for q in thesis.questions if not q.fill_blank and not q.error]


def _md(build: CourseBuild, text: str, inline: bool = False) -> str:
    """Текст вопроса или ответа в HTML; inline — без обёртки <p>, как делает mkdocs-quiz."""
    key = (text, inline)
    if key not in build.md_cache:
        converted = plain_fragment_html(text)  # простой текст — без Markdown, тот же HTML
        if converted is None:
            if build.md is None:
                build.md = markdown.Markdown(extensions=["attr_list", "md_in_html"])
            converted = build.md.reset().convert(text)
        build.md_cache[key] = quiz_adapter.strip_paragraph_wrapper(converted) if inline else converted
    return build.md_cache[key]


class LazyMarkdown:
    """Экземпляр Markdown, который создаётся при первом обращении: простой текст в тестах
    (почти все фрагменты) конвертируется без Markdown, и на многих страницах он не нужен вовсе."""

    def __init__(self, make: Callable[[], markdown.Markdown]) -> None:
        self._make = make
        self._md: markdown.Markdown | None = None

    def __getattr__(self, name: str) -> Any:
        if self._md is None:
            self._md = self._make()
        return getattr(self._md, name)
