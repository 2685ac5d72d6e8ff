"""Скрипты сборки на Node.js (scripts/kb/*.js): запуск и общий для них кеш результатов между сборками.

Каждый скрипт — один процесс на сборку; его сбой — ValueError с последними строками его вывода
(хук превращает её в ошибку сборки по-русски). Кеши сборки — JSON-файлы в .cache/kb/
(kb.sitebuild.state.CACHE_DIR): испорченный или чужой читается как пустой, пишется целиком
(временный файл с номером процесса и замена: две сборки рядом не видят полфайла).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Sequence


def run(node: str, script: Path, failure: str, args: Sequence[str] = (), stdin: str | None = None) -> str:
    """stdout скрипта; ненулевой код — ValueError «<failure> (node scripts/kb/<скрипт>): <последние строки>»."""
    result = subprocess.run([node, str(script), *args], input=stdin, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise ValueError(f"{failure} (node scripts/kb/{script.name}): " + " / ".join(detail))
    return result.stdout


def read_cache(path: Path | None) -> dict[str, Any]:
    """Кеш сборки; нет файла, он испорчен или в нём не словарь — пустой."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_cache(path: Path | None, data: dict[str, Any]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
