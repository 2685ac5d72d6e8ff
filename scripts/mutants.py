"""Сколько поломок ловят тесты: однословные замены в условиях файла, по одной, с прогоном тестов.

    python scripts/mutants.py docs/assets/javascripts/kb-core.js -- node --test tests/js/
    python scripts/mutants.py scripts/kb/model.py -- .venv/bin/python -m pytest -x -q tests/test_model.py

Меняет по одному знаку сравнения, логическую связку, true/false, ±1 у числа или убирает «!» —
только в строках с условиями (if, return, ?, &&, ||, сравнения), не в комментариях и строках.
Правит копию проекта во временной папке (без .venv, node_modules, site, dist), поэтому рабочую
папку можно менять, пока он идёт. Печатает выживших мутантов (тесты прошли с поломкой) и долю
пойманных. Ничего не сохраняет; это замер для заметки, а не тест.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", "node_modules", "site", "site-*", "dist", ".git", "__pycache__")

SWAPS_JS = [("===", "!=="), ("!==", "==="), (">=", ">"), ("<=", "<"), (" > ", " >= "), (" < ", " <= "),
            ("&&", "||"), ("||", "&&"), ("true", "false"), ("false", "true")]
SWAPS_PY = [("==", "!="), ("!=", "=="), (">=", ">"), ("<=", "<"), (" > ", " >= "), (" < ", " <= "),
            (" and ", " or "), (" or ", " and "), ("True", "False"), ("False", "True"), (" not in ", " in "),
            (" is None", " is not None"), (" is not None", " is None")]
COND = re.compile(r"\b(if|return|while|elif)\b|\?|&&|\|\||[<>]=?|[!=]==?| and | or ")


def code_part(line: str, py: bool) -> str:
    """Строка без комментария (грубо: до // или #, если они не в кавычках)."""
    mark = "#" if py else "//"
    out, quote = [], None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                out.append(line[i:i + 2])
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif line.startswith(mark, i):
            break
        out.append(c)
        i += 1
    return "".join(out)


def outside_strings(code: str, start: int) -> bool:
    quote = None
    for i, c in enumerate(code[:start]):
        if quote:
            if c == quote and code[i - 1] != "\\":
                quote = None
        elif c in "\"'":
            quote = c
    return quote is None


def mutants(text: str, py: bool):
    swaps = SWAPS_PY if py else SWAPS_JS
    lines = text.split("\n")
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//", "*", "/*", '"""')):
            continue
        code = code_part(line, py)
        if not COND.search(code):
            continue
        for old, new in swaps:
            for m in re.finditer(re.escape(old), code):
                if not outside_strings(code, m.start()):
                    continue
                # «>=» не трогаем как « > », «!==» — как «==»
                if old in ("==",) and (code[m.start() - 1:m.start()] in "!=<>" or code[m.end():m.end() + 1] == "="):
                    continue
                changed = line[:m.start()] + new + line[m.end():]
                yield n + 1, f"{old.strip()} → {new.strip()}", "\n".join(lines[:n] + [changed] + lines[n + 1:])
        if not py:
            for m in re.finditer(r"!(?=[\w(])", code):
                if outside_strings(code, m.start()):
                    changed = line[:m.start()] + line[m.end():]
                    yield n + 1, "убран «!»", "\n".join(lines[:n] + [changed] + lines[n + 1:])
        for m in re.finditer(r"(?<![\w.])(\d+)(?![\w.])", code):
            if outside_strings(code, m.start()) and COND.search(code):
                val = int(m.group(1))
                changed = line[:m.start()] + str(val + 1) + line[m.end():]
                yield n + 1, f"{val} → {val + 1}", "\n".join(lines[:n] + [changed] + lines[n + 1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(ROOT, copy, ignore=SKIP)
        for linked in (".venv", "node_modules"):  # только читаются тестами
            if (ROOT / linked).exists():
                (copy / linked).symlink_to(ROOT / linked)
        return run(copy, Path(args.file), command)


def run(copy: Path, rel: Path, command: list[str]) -> int:
    path = copy / rel.resolve().relative_to(ROOT) if rel.is_absolute() else copy / rel
    original = path.read_text(encoding="utf-8")
    py = path.suffix == ".py"
    base = subprocess.run(command, capture_output=True, cwd=copy)
    if base.returncode != 0:
        print("тесты падают и без поломок — сначала почини их", file=sys.stderr)
        return 2
    total = killed = 0
    survivors = []
    try:
        for line, what, text in mutants(original, py):
            path.write_text(text, encoding="utf-8")
            total += 1
            r = subprocess.run(command, capture_output=True, cwd=copy)
            if r.returncode != 0:
                killed += 1
            else:
                survivors.append(f"{rel}:{line}: {what}")
    finally:
        path.write_text(original, encoding="utf-8")
    for s in survivors:
        print("выжил:", s)
    share = killed / total if total else 0
    print(f"поломок: {total}, поймано тестами: {killed} ({share:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
