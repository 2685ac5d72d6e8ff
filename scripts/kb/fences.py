"""Блок ```script: шаблон скрипта или письма с подстановками [Имя клиента].

Без JavaScript это обычный текст с выделенными подстановками; модуль
``script-template.js`` добавляет к нему поля ввода и кнопку «Скопировать».
"""

from __future__ import annotations

import html

from .content import PLACEHOLDER_RE


def format_script(source: str, language: str, css_class: str, options: dict, md, **kwargs) -> str:
    parts: list[str] = []
    last = 0
    for m in PLACEHOLDER_RE.finditer(source):
        parts.append(html.escape(source[last:m.start()]))
        name = m.group(1).strip()
        parts.append(
            f'<span class="kb-ph" data-ph="{html.escape(name, quote=True)}">{html.escape(m.group(0))}</span>'
        )
        last = m.end()
    parts.append(html.escape(source[last:]))
    text = "".join(parts).rstrip("\n")
    return (
        '<div class="kb-script" data-kb-script>'
        f'<div class="kb-script__text">{text}</div>'
        "</div>"
    )
