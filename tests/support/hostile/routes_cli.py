"""Routes for the CLI's process tests: a Basic challenge that reports what answered it, and a
response that never ends, to hold a running authscope-cli while a test looks at it."""

import base64


def route_basic(req):
    """/cli/basic[?stall=1]: 401 Basic realm="cli" without Authorization; with it, 200 and the
    decoded user:password as the body (with stall=1: headers, then nothing until the client goes)."""
    authorization = req.header('Authorization')
    if not authorization:
        return req.respond(401, 'Unauthorized', [('WWW-Authenticate', 'Basic realm="cli"'),
                                                 ('Content-Type', 'text/plain')], b'who are you?\n')
    scheme, _, value = authorization.partition(' ')
    body = scheme.encode('latin-1') + b' '
    body += base64.b64decode(value) if scheme.lower() == 'basic' else value.encode('latin-1')
    body += b'\n'
    if req.arg('stall', '0') != '1':
        return req.respond(200, 'OK', [('Content-Type', 'text/plain')], body)
    req.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n' % (len(body) + 1))
    req.write(body)
    return req.hold_open()


ROUTES = {
    '/cli/basic': route_basic,
}
