"""Responses whose head breaks HTTP/1.1 framing or a client's limits: header floods, a huge
field, conflicting Content-Length values, Content-Length with Transfer-Encoding, a status code
outside 100-599.

keepalive=1 leaves the connection open after the response, so a client that lost the framing
waits instead of reading to the close; length=0 leaves Content-Length out (the body then ends
at the close).
"""


def _finish(req, fields, body=b'ok\n'):
    keep = req.arg('keepalive', '0') == '1'
    if req.arg('length', '1') == '1':
        fields = fields + [('Content-Length', str(len(body)))]
    head = 'HTTP/1.1 200 OK\r\n' + ''.join('%s: %s\r\n' % f for f in fields) + '\r\n'
    req.write(head.encode('latin-1') + body)
    return keep


def route_flood(req):
    """/protocol/flood?fields=N: N extra response fields (X-Flood-1 ... X-Flood-N)."""
    count = req.arg('fields', 101, int)
    fields = [('Content-Type', 'text/plain')]
    fields += [('X-Flood-%d' % i, 'v%d' % i) for i in range(1, count + 1)]
    return _finish(req, fields)


def route_huge_field(req):
    """/protocol/huge-field?size=N: one field whose value is N bytes (default 200 000)."""
    size = req.arg('size', 200000, int)
    return _finish(req, [('Content-Type', 'text/plain'), ('X-Huge', 'a' * size)])


def route_lengths(req):
    """/protocol/lengths?a=N&b=M[&joined=1]: two different Content-Length values (two fields,
    or one field "N, M" with joined=1); the body is max(N, M) bytes. value=TEXT: one field
    "Content-Length: TEXT" (-5, abc) and a 3-byte body."""
    value = req.arg('value')
    if value is not None:
        req.write(('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %s\r\n\r\nok\n' % value)
                  .encode('latin-1'))
        return False
    a = req.arg('a', 3, int)
    b = req.arg('b', 8, int)
    body = b'x' * max(a, b)
    if req.arg('joined', '0') == '1':
        lengths = [('Content-Length', '%d, %d' % (a, b))]
    else:
        lengths = [('Content-Length', str(a)), ('Content-Length', str(b))]
    head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n' + ''.join('%s: %s\r\n' % f for f in lengths) + '\r\n'
    req.write(head.encode('latin-1') + body)
    return False


def route_length_and_chunked(req):
    """/protocol/length-and-chunked: Content-Length and Transfer-Encoding: chunked together
    (RFC 9112 §6.3: a request smuggling pattern; the chunked body says 'hello world')."""
    head = ('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n'
            'Transfer-Encoding: chunked\r\n\r\n')
    req.write(head.encode('latin-1') + b'5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n')
    return req.arg('keepalive', '0') == '1'


def route_status(req):
    """/protocol/status?code=N: a response with status code N (any digits: 600, 099, 1000)."""
    code = req.arg('code', '600')
    head = 'HTTP/1.1 %s Odd\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n' % code
    req.write(head.encode('latin-1'))
    return req.arg('keepalive', '0') == '1'


ROUTES = {
    '/protocol/flood': route_flood,
    '/protocol/huge-field': route_huge_field,
    '/protocol/lengths': route_lengths,
    '/protocol/length-and-chunked': route_length_and_chunked,
    '/protocol/status': route_status,
}
