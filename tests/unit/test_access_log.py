"""Issue #11: no newline or control character from a URL reaches the access log as a new line."""

import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from gunicorn.config import Config

from pace_site.access_log import OneLineAccessLogger

FORMAT = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'  # as `make run` sets it


def _line(path: str) -> str:
    logger = OneLineAccessLogger(Config())
    response = SimpleNamespace(status="404 Not Found", sent=179, headers=[])
    request = SimpleNamespace(headers=[("USER-AGENT", "tablet\r\nX-Forged: yes")])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path,
        "REMOTE_ADDR": "127.0.0.1",
    }
    return FORMAT % logger.atoms(response, request, environ, timedelta(milliseconds=3))


def test_a_decoded_newline_in_the_path_is_escaped_not_a_new_line():
    line = _line('/people/\n127.0.0.1 [03/Dec/2026:12:00:00 +0000] "GET /admin/" 200 0 1ms')
    assert "\n" not in line
    assert "/people/\\x0a127.0.0.1" in line


def test_every_control_character_is_escaped():
    line = _line("/a\rb\x1bc\x00d\u2028e")
    assert "\\x0db\\x1bc\\x00d\\u2028e" in line
    assert all(ord(character) >= 0x20 for character in line)


def test_an_ordinary_path_is_logged_as_it_is():
    assert '"GET /people/P-7K3M9Q/"' in _line("/people/P-7K3M9Q/")


def test_the_run_commands_gunicorn_config_uses_the_one_line_logger():
    code = "from gunicorn.config import Config; c = Config(); exec(open('pace_site/gunicorn_conf.py').read(), {}, ns := {}); print(ns['logger_class'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "pace_site.access_log.OneLineAccessLogger"
