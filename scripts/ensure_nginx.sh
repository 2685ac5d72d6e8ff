#!/usr/bin/env bash
# Ставит nginx из пакетов Debian, если его нет: тест настройки сервера (tests/test_nginx.py)
# запускает настоящий nginx с конфигурацией, которую пишет `make build` (scripts/kb/nginx.py).
# Сам сервис системы тест не трогает: свой nginx он запускает на свободном порту.
set -euo pipefail
NGINX="${NGINX:-/usr/sbin/nginx}"
if [ -x "$NGINX" ]; then
  exit 0
fi
source "$(dirname "$0")/apt_install.sh"
apt_install nginx
# Версию nginx печатает в stderr; без конвейера в head (под pipefail head оборвал бы вывод).
version="$("$NGINX" -v 2>&1 || true)"
echo "${version%%$'\n'*}"
