"""Broken response bodies: corrupt gzip/deflate streams, bad chunk sizes, bodies cut short, a
gzip bomb, and well-formed compressed bodies to show the same client decodes good ones.

Every route takes keepalive=1 to leave the connection open after what it sent (the client must
notice the problem from the bytes, not from the close) where that makes sense.
"""

import zlib

from hostileserver import pattern_bytes


def _keep(req):
    return req.arg('keepalive', '0') == '1'


def _gzip(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


def _deflate(data):
    return zlib.compress(data)  # zlib-wrapped, as RFC 9110 §8.4.1.2 defines "deflate"


def route_gzip(req):
    """/body/gzip?size=N[&encoding=deflate][&raw=1]: a well-formed compressed body of N pattern
    bytes (raw=1: deflate without its zlib wrapper, as some servers send it)."""
    size = req.arg('size', 4096, int)
    encoding = req.arg('encoding', 'gzip')
    data = pattern_bytes(size)
    if encoding == 'deflate' and req.arg('raw', '0') == '1':
        c = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        body = c.compress(data) + c.flush()
    else:
        body = _deflate(data) if encoding == 'deflate' else _gzip(data)
    return req.respond(200, 'OK', [('Content-Type', 'application/octet-stream'),
                                   ('Content-Encoding', encoding)], body) and _keep(req)


def route_corrupt(req):
    """/body/corrupt?encoding=gzip|deflate: a compressed body whose stream breaks in the middle."""
    encoding = req.arg('encoding', 'gzip')
    good = _deflate(pattern_bytes(64 * 1024)) if encoding == 'deflate' else _gzip(pattern_bytes(64 * 1024))
    # The first bytes decode (so headers and a start arrive), then garbage where the stream goes on.
    body = good[:40] + bytes((i * 37 + 11) % 256 for i in range(4000))
    return req.respond(200, 'OK', [('Content-Type', 'text/plain'), ('Content-Encoding', encoding)],
                       body) and _keep(req)


def route_truncated(req):
    """/body/truncated?encoding=gzip|deflate: a well-framed body holding the first half of a
    compressed stream (the stream never reaches its end)."""
    encoding = req.arg('encoding', 'gzip')
    good = _deflate(pattern_bytes(64 * 1024)) if encoding == 'deflate' else _gzip(pattern_bytes(64 * 1024))
    return req.respond(200, 'OK', [('Content-Type', 'text/plain'), ('Content-Encoding', encoding)],
                       good[:len(good) // 2]) and _keep(req)


def route_bomb(req):
    """/body/bomb?size=N[&encoding=gzip|deflate]: a compressed body of N zero bytes (default 64 MiB)."""
    size = req.arg('size', 64 * 1024 * 1024, int)
    encoding = req.arg('encoding', 'gzip')
    wbits = 16 + zlib.MAX_WBITS if encoding == 'gzip' else zlib.MAX_WBITS
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1024 * 1024)
    parts = []
    left = size
    while left > 0:
        n = min(left, len(block))
        parts.append(c.compress(block[:n]))
        left -= n
    parts.append(c.flush())
    body = b''.join(parts)
    return req.respond(200, 'OK', [('Content-Type', 'application/octet-stream'),
                                   ('Content-Encoding', encoding)], body) and _keep(req)


def route_bad_chunk(req):
    """/body/bad-chunk?size=zz: a chunked body whose second chunk size line is not hexadecimal."""
    bad = req.arg('size', 'zz')
    head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n'
    req.write(head.encode('latin-1') + b'5\r\nhello\r\n' + bad.encode('latin-1') + b'\r\nworld\r\n0\r\n\r\n')
    return _keep(req)


def route_short(req):
    """/body/short?length=N&send=M: Content-Length N but only M bytes, then the server closes."""
    length = req.arg('length', 100000, int)
    send = req.arg('send', 1000, int)
    head = 'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n' % length
    req.write(head.encode('latin-1') + pattern_bytes(send))
    return False


def route_unterminated(req):
    """/body/unterminated[?pause_ms=M]: a chunked body that ends (the server closes) without its
    last chunk, M ms after its last bytes."""
    import time
    head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n'
    req.write(head.encode('latin-1') + b'5\r\nhello\r\n6\r\n world\r\n')
    time.sleep(req.arg('pause_ms', 0, int) / 1000.0)
    return False


def route_challenge(req):
    """/body/challenge[?encoding=gzip]: a 401 with a Basic challenge and a 2000-byte body (a
    server's login page), to show a challenge's body is read whole."""
    body = pattern_bytes(2000)
    fields = [('Content-Type', 'text/html'), ('WWW-Authenticate', 'Basic realm="hostile"')]
    if req.arg('encoding'):
        body = _gzip(body)
        fields.append(('Content-Encoding', 'gzip'))
    return req.respond(401, 'Unauthorized', fields, body)


ROUTES = {
    '/body/challenge': route_challenge,
    '/body/gzip': route_gzip,
    '/body/corrupt': route_corrupt,
    '/body/truncated': route_truncated,
    '/body/bomb': route_bomb,
    '/body/bad-chunk': route_bad_chunk,
    '/body/short': route_short,
    '/body/unterminated': route_unterminated,
}
