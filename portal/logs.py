"""Logs that keep no one's worries: no query string (a resident's search words, the finder's answers) and no
client address reach a log line, whether Django, gunicorn or a library writes it.

`PrivateFilter` sits on every handler of the app's logs (settings.LOGGING); `GunicornLogger` is gunicorn's
logger (gunicorn.conf.py): its access log knows only the method, the path, the status, the size and the time.
"""

import logging
import re

from gunicorn import glogging

QUERY_STRING = re.compile(r"\?[^\s\"'<>]+")
"""A `?` and what follows it up to a space or a quote: the query of a URL or of a request line."""

CLIENT_ADDRESS = re.compile(r"\bip=\S*?(?=:\s|\s|$)")
"""gunicorn's "Invalid request from ip=…" names the visitor's address."""

URL_CREDENTIALS = re.compile(r"(?<=://)[^/\s@]+@")
"""user:password@ in a URL (an Elasticsearch node's address, say)."""


def private(text):
    """`text` without query strings, client addresses or credentials in URLs."""
    text = QUERY_STRING.sub("", text)
    text = CLIENT_ADDRESS.sub("ip=-", text)
    return URL_CREDENTIALS.sub("", text)


class PrivateFilter(logging.Filter):
    """Rewrites a record before any handler formats it: the message with its arguments merged (an argument may
    be a request, whose repr carries its query), the traceback and the stack."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a message that does not format: keep the template, drop the arguments
            message = str(record.msg)
        record.msg, record.args = private(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = private(record.exc_text)
        if record.stack_info:
            record.stack_info = private(record.stack_info)
        return True


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with an access log that cannot name a visitor or what they asked: whatever
    access_log_format asks for, only these atoms exist (anything else prints "-")."""

    ACCESS_ATOMS = ("t", "m", "U", "s", "b", "B", "T", "D", "M", "L", "p", "H")
    """time, method, path without the query (PATH_INFO), status, size, duration, process, protocol.
    Left out: h (address), r (request line with its query), q (query), f (referrer: the previous page's query),
    a (user agent), u (user), and every request header and environ value ({x-forwarded-for}i, {query_string}e)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: atoms[name] for name in self.ACCESS_ATOMS}

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, PrivateFilter) for f in log.filters):
                log.addFilter(PrivateFilter())
