# Две команды для свежей машины: `make serve` и `make test`. Остальное — для авторов.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve preview build check lint test test-js browser hunspell node nginx thesis topic offline bench bench-scale lighthouse clean review

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Сайт с автообновлением на http://127.0.0.1:8000 (другой порт: make serve PORT=8001)
PORT ?= 8000
serve: $(STAMP) node-tools
	$(MKDOCS) serve --strict -a 127.0.0.1:$(PORT)

## Быстрый просмотр одной темы с автообновлением: make preview TOPIC=раздел/тема [PORT=8001]
## (собирает только её, общие страницы и темы, на которые они ссылаются; в site/ не пишет)
preview: $(STAMP)
	$(PY) scripts/preview.py "$(TOPIC)" --port $(PORT)

## Строгая сборка в site/: заменяет site/ только при успехе; рядом — настройка nginx для неё в dist/nginx/
## (адрес сайта для карты сайта и канонических ссылок: KB_SITE_URL=https://… make build);
## node-tools — typograf для неразрывных пробелов
build: $(STAMP) node-tools
	$(PY) scripts/publish.py site

## Только проверка содержания
check: $(STAMP)
	$(PY) scripts/check_content.py

## Вычитка текста: орфография (hunspell-ru и scripts/kb/slovar.txt) и типографика
lint: $(STAMP) hunspell
	$(PY) scripts/lint_content.py

## Браузер для тестов: Chromium из пакетов Debian
browser:
	@bash scripts/ensure_chromium.sh

## Орфография для make lint: hunspell и hunspell-ru из пакетов Debian
hunspell:
	@bash scripts/ensure_hunspell.sh

## Node.js из пакетов Debian: неразрывные пробелы (typograf) и готовый индекс поиска при сборке, инструменты тестов
node:
	@bash scripts/ensure_node.sh

## Страницы, которые давно не проверялись (самые давние первыми, с ответственными); STRICT=1 — выход 1, если есть
review: $(STAMP)
	$(PY) scripts/review.py $(if $(STRICT),--strict)

## nginx из пакетов Debian: тест настройки сервера (tests/test_nginx.py) и make lighthouse
nginx:
	@bash scripts/ensure_nginx.sh

## Все тесты
test: $(STAMP) browser hunspell node-tools nginx
	$(PY) scripts/lint_content.py
	node --test tests/js/
	$(PY) -m pytest

## Правила ядра учёта (docs/assets/javascripts/kb-core.js) — Node.js, доли секунды
test-js: node
	node --test tests/js/

## Заготовка нового тезиса: make thesis SLUG=... TITLE="..." [TOPIC=раздел/тема]
thesis: $(STAMP)
	$(PY) scripts/new_thesis.py --slug "$(SLUG)" --title "$(TITLE)" $(if $(TOPIC),--topic "$(TOPIC)")

## Новая тема (и раздел, если его нет): make topic TOPIC=раздел/тема TITLE="..." [SECTION_TITLE="..."]
topic: $(STAMP)
	$(PY) scripts/new_thesis.py topic --topic "$(TOPIC)" --title "$(TITLE)" $(if $(SECTION_TITLE),--section-title "$(SECTION_TITLE)")

## Копия сайта для работы без интранета: открывается с диска, архив в dist/
offline: $(STAMP) node-tools
	OFFLINE=true $(PY) scripts/publish.py site-offline
	mkdir -p dist
	$(PY) -c "import shutil, sys; sys.path.insert(0, 'scripts'); from kb.identity import dist; print(shutil.make_archive(str(dist('.', '')), 'zip', 'site-offline'))"
	@echo "Распакуй архив и открой index.html в браузере."

## Цифры: время сборки, вес страниц и данных
bench: $(STAMP) node-tools
	$(PY) scripts/bench.py

## Цифры роста: копии базы на 6, 60 и 300 тезисов; сборка против голого Material, вес страниц, поиск
bench-scale: $(STAMP) browser node-tools
	$(PY) scripts/bench_scale.py

## Lighthouse (мобильный профиль, медиана трёх) на главной, тезисе и итоговом тесте под nginx: балл,
## FCP, LCP, CLS, байты gzip. Только на свободной машине: цифры зависят от её загрузки.
lighthouse: $(STAMP) browser node-tools nginx
	$(PY) scripts/lighthouse.py

## Банк вопросов для LMS: dist/klientskiy-servis-assistenta-qti.zip (QTI 1.2) и -moodle.xml (Moodle XML)
.PHONY: qti pdf
qti: $(STAMP)
	$(PY) scripts/make_qti.py

## Весь курс одной книгой: dist/klientskiy-servis-assistenta.pdf (печатает Chromium из make browser)
pdf: $(STAMP) browser node-tools
	$(PY) scripts/make_pdf.py

## Курс пакетом SCORM 1.2 для LMS (Moodle и др.): dist/klientskiy-servis-assistenta-scorm12.zip
.PHONY: scorm node-tools
scorm: $(STAMP) node-tools
	$(PY) scripts/make_scorm.py

## Пакеты Node.js точных версий из package-lock.json: для сборки — typograf (неразрывные пробелы в
## страницах, scripts/kb/typography.js); для тестов — scorm-again (среда SCORM 1.2 без LMS). Ученикам не попадают
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)
node-tools: node $(NODE_STAMP)
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

clean:
	rm -rf site site-offline dist
