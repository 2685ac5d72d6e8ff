#!/usr/bin/env bash
# Ставит Chromium из пакетов Debian, если его нет: браузер для тестов Playwright.
# (Собственная загрузка браузера Playwright здесь недоступна: нет выхода в интернет.)
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "Chromium не найден: ставлю пакет chromium из репозитория Debian…" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version
