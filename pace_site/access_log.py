"""gunicorn's access log with every logged value made one line: a URL's %0A must not start a new one.

gunicorn logs the decoded path (PATH_INFO), so a request for /people/%0A1.2.3.4 - - [...] "GET /
would otherwise write a forged second line into the log. Control characters become \\xNN escapes.
"""

import re

from gunicorn.glogging import Logger

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value: object) -> object:
    """A string with its control characters escaped; anything else as it is."""
    if not isinstance(value, str):
        return value
    return CONTROL.sub(lambda match: _escape(ord(match.group())), value)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class OneLineAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):  # gunicorn's signature
        return {key: one_line(value) for key, value in super().atoms(resp, req, environ, request_time).items()}
