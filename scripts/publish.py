#!/usr/bin/env python3
"""Атомарная публикация: `make build` и `make offline`.

Строгая сборка идёт во временную папку рядом с целевой; site/ заменяется только
если сборка прошла. Упала — прежний site/ остаётся целым, временная папка удаляется.
После сборки site/ рядом пишется настройка nginx для неё: dist/nginx/ (kb.nginx).

    python scripts/publish.py site            # make build
    python scripts/publish.py site-offline    # make offline (с OFFLINE=true в окружении)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from kb import nginx  # noqa: E402
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


def publish(target: Path, config: Path = ROOT / "mkdocs.yml") -> int:
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([MKDOCS, "build", "--strict", "-f", str(config), "-d", str(tmp)], env=env, cwd=config.parent)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        where = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"\nСборка не прошла: {where}/ не тронут — там последняя удачная сборка. Исправь ошибки выше "
              "(make check покажет их как путь:строка) и запусти снова.", file=sys.stderr)
        return 1
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Опубликовано в {target}")
    return 0


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else ROOT / "site"
    code = publish(target)
    if code == 0 and os.environ.get("OFFLINE", "").lower() not in {"1", "true", "yes"}:
        for path in nginx.write(target, ROOT / "dist" / "nginx"):
            print(f"Настройка nginx: {path.relative_to(ROOT)}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
