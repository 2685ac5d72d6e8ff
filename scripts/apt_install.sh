# Общая часть scripts/ensure_*.sh: `apt_install ПАКЕТ…` ставит пакеты Debian (sudo, если не root).
apt_install() {
  echo "Не найдено: $* — ставлю из репозитория Debian…" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
