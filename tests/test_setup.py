"""Установка на свежей машине: scripts/ensure_*.sh, когда нужных программ нет.

На машинах разработчиков и в CI всё уже стоит, поэтому ветка установки иначе не
запускалась бы никогда (так прошёл незамеченным выход 141: pdftotext умирал от SIGPIPE
под pipefail сразу после установки). Здесь каждый скрипт запускается с PATH из одной
папки-заглушки: в ней только dirname, id, head, sudo (просто выполняет команду) и поддельный
apt-get. Он записывает свои аргументы и «ставит» пакеты — кладёт в ту же папку
программы-заглушки, которые печатают версию так же многословно, как настоящие.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

#: Что «ставит» пакет: программа → (первая строка версии, куда ещё тысячи строк: "", "out", "err").
#: Многословны, как настоящие: pdftotext -v пишет в stderr, hunspell -v — несколько строк в stdout.
FAKE_PACKAGES = {
    "chromium": {"chromium": ("Chromium 120.0 built on Debian", "")},
    "poppler-utils": {"pdftotext": ("pdftotext version 22.02.0", "err")},
    "hunspell": {"hunspell": ("@(#) International Ispell Version 3.2.06 (but really Hunspell 1.7.2)", "out")},
    "hunspell-ru": {},  # словарь: файл, путь к нему — HUNSPELL_RU_DIC
    "nodejs": {"node": ("v18.19.0", "")},
    "npm": {"npm": ("9.2.0", "")},
}

APT_GET = """#!/bin/bash
echo "$*" >> "{log}"
[ "$1" = install ] || exit 0
for pkg in "$@"; do
  case "$pkg" in
{cases}
  esac
done
"""

#: Программа-заглушка: версия и ещё тысячи строк — под `| head -n 1` и pipefail такая программа
#: умирает от SIGPIPE, как настоящий pdftotext.
PROGRAM = """#!/bin/bash
echo "{version}" {redirect}
for i in $(seq 1 {lines}); do echo "Copyright line $i" {redirect}; done
"""


CAT, CHMOD = shutil.which("cat"), shutil.which("chmod")  # для самого поддельного apt-get, не для скриптов


def _stub_path(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("dirname", "id", "seq", "head"):  # head — чтобы старый конвейер `| head -n 1` упал так же, как на машине
        os.symlink(shutil.which(tool), bin_dir / tool)
    (bin_dir / "sudo").write_text('#!/bin/bash\nexec "$@"\n', encoding="utf-8")
    log = tmp_path / "apt-get.log"
    dic = tmp_path / "ru_RU.dic"
    cases = []
    for pkg, programs in FAKE_PACKAGES.items():
        body = []
        for name, (version, extra) in programs.items():
            target = bin_dir / name
            program = PROGRAM.format(version=version, redirect=">&2" if extra == "err" else "",
                                     lines=20000 if extra else 0)
            body.append(f"{CAT} > '{target}' <<'PROG'\n{program}PROG\n{CHMOD} +x '{target}'")
        if pkg == "hunspell-ru":
            body.append(f": > '{dic}'")
        cases.append(f"    {pkg})\n" + "\n".join(body) + "\n      ;;")
    apt = bin_dir / "apt-get"
    apt.write_text(APT_GET.format(log=log, cases="\n".join(cases)), encoding="utf-8")
    for script in ("sudo", "apt-get"):
        (bin_dir / script).chmod(0o755)
    env = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "CHROMIUM": str(bin_dir / "chromium"),
        "HUNSPELL_RU_DIC": str(dic),
    }
    return bin_dir, log, env


def _run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/bash", str(ROOT / "scripts" / script)], capture_output=True, text=True,
                          env=env, timeout=60)


@pytest.mark.parametrize("script, packages, first_line", [
    ("ensure_chromium.sh", ["chromium", "poppler-utils"], ["Chromium 120.0 built on Debian", "pdftotext version 22.02.0"]),
    ("ensure_hunspell.sh", ["hunspell", "hunspell-ru"], ["@(#) International Ispell Version 3.2.06 (but really Hunspell 1.7.2)"]),
    ("ensure_node.sh", ["nodejs", "npm"], ["v18.19.0"]),
])
def test_install_branch_on_a_bare_machine(tmp_path, script, packages, first_line):
    """Ничего не стоит: скрипт ставит ровно нужные пакеты, печатает версию одной строкой и выходит с 0."""
    _bin, log, env = _stub_path(tmp_path)
    result = _run(script, env)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert log.read_text(encoding="utf-8").splitlines() == ["update -qq", "install -y -qq " + " ".join(packages)]
    assert result.stdout.splitlines() == first_line
    assert f"Не найдено: {' '.join(packages)} — ставлю из репозитория Debian…" in result.stderr
    # второй запуск: всё уже стоит — apt-get больше не зовут
    log.unlink()
    again = _run(script, env)
    assert again.returncode == 0 and again.stdout == "" and not log.exists(), again.stderr


@pytest.mark.parametrize("script, present, missing", [
    ("ensure_chromium.sh", ["chromium"], "poppler-utils"),
    ("ensure_hunspell.sh", ["hunspell"], "hunspell-ru"),
    ("ensure_node.sh", ["node"], "npm"),
])
def test_installs_only_what_is_missing(tmp_path, script, present, missing):
    bin_dir, log, env = _stub_path(tmp_path)
    for name in present:
        (bin_dir / name).write_text("#!/bin/bash\necho already\n", encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    result = _run(script, env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert log.read_text(encoding="utf-8").splitlines() == ["update -qq", f"install -y -qq {missing}"]


def test_failed_install_stops_the_script(tmp_path):
    """apt-get упал (нет сети, нет прав) — скрипт выходит с его кодом, а не печатает версию того, чего нет."""
    bin_dir, _log, env = _stub_path(tmp_path)
    (bin_dir / "apt-get").write_text("#!/bin/bash\n[ \"$1\" = install ] && exit 100\nexit 0\n", encoding="utf-8")
    result = _run("ensure_node.sh", env)
    assert result.returncode == 100
    assert result.stdout == ""


def test_make_serve_takes_a_port():
    """make serve PORT=8123 — сайт на другом порту (по умолчанию 8000)."""
    def serve_line(*args: str) -> str:
        out = subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, capture_output=True, text=True).stdout
        return next(line for line in out.splitlines() if "mkdocs serve" in line)

    assert serve_line().endswith("-a 127.0.0.1:8000")
    assert serve_line("PORT=8123").endswith("-a 127.0.0.1:8123")
