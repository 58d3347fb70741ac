"""Responses whose text would drive a terminal if printed as is: a reason phrase, realm, header
names and values, a Bearer error_description and a redirect Location carrying an OSC title
sequence ending in BEL, a clear-screen CSI, NUL, a bare CR, DEL, a C1 control (as a raw 8-bit
byte and as UTF-8), a right-to-left override and bytes that are not UTF-8.

Every route can be asked for one ingredient only: part=osc|csi|nul|cr|del|c1|c1utf8|rlo|invalid
(default: all of them, in that order), or part=html for markup a widget must not render.
"""

HOSTILE_PARTS = [
    ('osc', b'\x1b]0;pwned-title\x07'),      # sets the terminal's title; BEL ends it
    ('csi', b'\x1b[2J\x1b[H'),               # clears the screen, cursor home
    ('nul', b'\x00'),
    ('cr', b'over\rforged'),                 # returns to the line's start and writes over it
    ('del', b'\x7f'),
    ('c1', b'\x9b31m'),                      # 8-bit CSI (not UTF-8 on its own): red text
    ('c1utf8', b'\xc2\x9d'),                 # U+009D, OSC as a well-formed UTF-8 character
    ('rlo', b'\xe2\x80\xae'),                # U+202E RIGHT-TO-LEFT OVERRIDE
    ('invalid', b'\xff\xfe\xc3'),            # never UTF-8; a cut two-byte sequence
]
# Not in "all": harmless on a terminal, but a Qt label in AutoText would render it.
HTML_PART = ('html', b'<b>bold</b><img src=x>')


def hostile(req, text=b''):
    """text with the chosen hostile bytes after it."""
    part = req.arg('part', 'all')
    chosen = [b for name, b in HOSTILE_PARTS + [HTML_PART] if part == name or (part == 'all' and name != 'html')]
    if not chosen:
        raise ValueError('unknown part %r' % part)
    return text + b''.join(chosen) + b'-end'


def _head(status, reason, fields):
    head = b'HTTP/1.1 %d ' % status + reason + b'\r\n'
    for name, value in fields:
        head += name + b': ' + value + b'\r\n'
    return head + b'\r\n'


def _send(req, status, reason, fields, body=b'no\n'):
    fields = fields + [(b'Content-Type', b'text/plain'), (b'Content-Length', b'%d' % len(body))]
    req.write(_head(status, reason, fields) + body)
    return False


def route_basic(req):
    """/terminal/basic: 401 with a hostile reason phrase, Basic realm and header value."""
    bad = hostile(req)
    return _send(req, 401, b'Unauthorized ' + bad, [
        (b'WWW-Authenticate', b'Basic realm="' + bad + b'"'),
        (b'X-Hostile', bad),
    ])


def route_bearer(req):
    """/terminal/bearer: 401 with a Bearer challenge whose realm and error_description are hostile
    (error="invalid_token", so a token sent is rejected with the description shown)."""
    bad = hostile(req)
    return _send(req, 401, b'Unauthorized', [
        (b'WWW-Authenticate', b'Bearer realm="' + bad + b'", error="invalid_token", error_description="' + bad + b'"'),
    ])


def route_redirect(req):
    """/terminal/redirect: 302 whose Location holds the hostile bytes (raw, not percent-encoded)."""
    return _send(req, 302, b'Found ' + hostile(req), [(b'Location', b'/ok?to=' + hostile(req))])


ROUTES = {
    '/terminal/basic': route_basic,
    '/terminal/bearer': route_bearer,
    '/terminal/redirect': route_redirect,
}
