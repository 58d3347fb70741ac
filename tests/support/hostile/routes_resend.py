"""Routes that read a request and close without answering: the client's transport may resend.

/resend/close[/...]              read the request, close the connection without a byte of response
/resend/close-first?n=N&key=K    close without answering the first N requests of key K, then 200
"""


def route_close(req):
    """/resend/close[/...]: reads the request and closes without a response."""
    return False


def route_close_first(req):
    """/resend/close-first?n=N&key=K: closes the first N requests of key K unanswered, then 200."""
    n = req.arg('n', 1, int)
    key = 'resend-close-first:' + req.arg('key', '')
    with req.server.lock:
        seen = req.server.state.get(key, 0) + 1
        req.server.state[key] = seen
    if seen <= n:
        return False
    req.respond(200, 'OK', [('Content-Type', 'text/plain'), ('Connection', 'close')],
                'answered request %d\n' % seen)
    return False


ROUTES = {
    '/resend/close': route_close,
    '/resend/close-first': route_close_first,
}
