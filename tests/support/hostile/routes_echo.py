"""Routes that show the client what reached the server, to compare a record with the wire.

/echo/head[/...]                 200 with the request head as it arrived (request line, then fields)
/echo/challenge?user=U&pass=P[&proxy=1]
                                 401 (407 with proxy=1) asking for Basic until one Authorization
                                 (Proxy-Authorization) field carries U:P, then /echo/head's answer
/echo/refuse?scheme=S            always 401 with a challenge of scheme S (Basic, Digest or Bearer)
/echo/redirect-loop              302 to itself, for ever
"""

import base64


def head_lines(req):
    lines = ['%s %s %s' % (req.method, req.target, req.version)]
    lines += ['%s: %s' % (n, v) for n, v in req.headers]
    return ('\r\n'.join(lines) + '\r\n').encode('latin-1')


def route_head(req):
    """/echo/head[/...]: the request head as it arrived, one line per field, as the body."""
    return req.respond(200, 'OK', [('Content-Type', 'text/plain; charset=iso-8859-1')], head_lines(req))


def route_challenge(req):
    """/echo/challenge?user=U&pass=P[&proxy=1]: Basic challenge until U:P arrives, then the head."""
    proxy = req.arg('proxy', '0') == '1'
    expected = 'Basic ' + base64.b64encode(
        ('%s:%s' % (req.arg('user', ''), req.arg('pass', ''))).encode('utf-8')).decode('ascii')
    field = 'Proxy-Authorization' if proxy else 'Authorization'
    if expected in req.headers_named(field):
        return route_head(req)
    status, reason, ask = (407, 'Proxy Authentication Required', 'Proxy-Authenticate') if proxy \
        else (401, 'Unauthorized', 'WWW-Authenticate')
    return req.respond(status, reason, [(ask, 'Basic realm="echo"'), ('Content-Type', 'text/plain')],
                       head_lines(req))


def route_refuse(req):
    """/echo/refuse?scheme=Basic|Digest|Bearer: always 401 with a challenge of that scheme."""
    scheme = req.arg('scheme', 'Basic')
    challenge = {
        'Basic': 'Basic realm="refuse"',
        'Digest': 'Digest realm="refuse", qop="auth", algorithm=MD5, nonce="4b1d2c3e", opaque="0a"',
        'Bearer': 'Bearer realm="refuse", error="invalid_token"',
    }.get(scheme, scheme)
    return req.respond(401, 'Unauthorized', [('WWW-Authenticate', challenge), ('Content-Type', 'text/plain')],
                       b'refused\n')


def route_redirect_loop(req):
    """/echo/redirect-loop: 302 back to the same target, for ever."""
    return req.respond(302, 'Found', [('Location', req.path)], b'')


ROUTES = {
    '/echo/head': route_head,
    '/echo/challenge': route_challenge,
    '/echo/refuse': route_refuse,
    '/echo/redirect-loop': route_redirect_loop,
}
