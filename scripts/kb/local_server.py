"""Собранный сайт на свободном порту 127.0.0.1 в фоновом потоке: тесты, книга PDF, замеры.

Запросы в вывод не пишутся. ``url`` кончается на «/». Свой обработчик (например, с
дополнительной страницей) — подкласс :class:`QuietHandler` и его аргументы в ``handler_args``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # тише в выводе
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        # как у настоящего веб-сервера (nginx, Apache): файл уходит в сокет системным sendfile,
        # а не кусками по 64 КБ через Python — иначе замеры поиска мерили бы этот цикл
        try:
            self.connection.sendfile(source)
        except (BrokenPipeError, ConnectionResetError):
            pass  # браузер закрыл соединение раньше


class LocalServer:
    def __init__(self, directory: Path, handler: type[QuietHandler] = QuietHandler, **handler_args: Any) -> None:
        factory = functools.partial(handler, directory=str(directory), **handler_args)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
