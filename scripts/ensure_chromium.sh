#!/usr/bin/env bash
# Ставит из пакетов Debian то, чего не хватает браузерным тестам и печати:
# Chromium (браузер для Playwright) и pdftotext из poppler-utils (make pdf и его тест).
# (Собственная загрузка браузера Playwright здесь недоступна: нет выхода в интернет.)
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
packages=()
if [ ! -x "$CHROMIUM" ]; then packages+=(chromium); fi
if ! command -v pdftotext >/dev/null 2>&1; then packages+=(poppler-utils); fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
source "$(dirname "$0")/apt_install.sh"
apt_install "${packages[@]}"
if [[ " ${packages[*]} " == *" chromium "* ]]; then "$CHROMIUM" --version; fi
if [[ " ${packages[*]} " == *" poppler-utils "* ]]; then
  # Первая строка версии без конвейера в head: под pipefail head закрыл бы канал, и pdftotext
  # упал бы от SIGPIPE (выход 141) — сразу после удачной установки.
  version="$(pdftotext -v 2>&1 || true)"
  echo "${version%%$'\n'*}"
fi
