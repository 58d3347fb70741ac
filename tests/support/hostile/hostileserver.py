#!/usr/bin/env python3
"""A purpose-built hostile HTTP/1.1 server for AuthScope's tests, on loopback only.

It writes raw bytes to the socket, so a route can send what no well-behaved server would: broken
bodies, header floods, control bytes, conflicting framing, a close before the response.

Routes live in the modules routes_*.py beside this file; each defines ROUTES = {path: handler}.
A handler is called as handler(request) with a Request and returns True to keep the connection
open for another request, False to close it. The longest registered path that is a prefix of the
request's path wins.

Every request head that arrives is logged, one line "METHOD TARGET" (and "# connection N" for each
accepted connection), to the --log file, so a test can count what reached the server.
"""

import argparse
import glob
import importlib.util
import os
import socket
import socketserver
import sys
import threading
import urllib.parse

MAX_HEAD = 1024 * 1024


class Request:
    def __init__(self, server, sock, method, target, version, headers, body):
        self.server = server
        self.sock = sock
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers  # list of (name, value) as str (latin-1)
        self.body = body
        parts = urllib.parse.urlsplit(target)
        self.path = parts.path
        self.query = {k: v[-1] for k, v in urllib.parse.parse_qs(parts.query, keep_blank_values=True).items()}

    def header(self, name, default=None):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return default

    def headers_named(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def arg(self, name, default=None, kind=str):
        value = self.query.get(name)
        return default if value is None else kind(value)

    def write(self, data):
        """Writes raw bytes; returns False when the client has gone."""
        if isinstance(data, str):
            data = data.encode('latin-1')
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def hold_open(self):
        """Sends nothing more and waits until the client closes; returns False (close)."""
        self.sock.settimeout(None)
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass
        return False

    def respond(self, status=200, reason='OK', headers=None, body=b'', content_length=True):
        """A well-formed response (the base most routes break one thing of)."""
        if isinstance(body, str):
            body = body.encode('utf-8')
        head = 'HTTP/1.1 %d %s\r\n' % (status, reason)
        fields = list(headers or [])
        if content_length and not any(n.lower() == 'content-length' for n, _ in fields):
            fields.append(('Content-Length', str(len(body))))
        for n, v in fields:
            head += '%s: %s\r\n' % (n, v)
        head += '\r\n'
        data = head.encode('latin-1') if isinstance(head, str) else head
        return self.write(data + body)


def pattern_bytes(size, offset=0):
    """size bytes of a repeating, checkable pattern (byte i is i % 251)."""
    block = bytes(i % 251 for i in range(251)) * 262
    start = offset % 251
    out = bytearray()
    while len(out) < size:
        out += block[start:] if not out else block
    return bytes(out[:size])


def route_ok(req):
    return req.respond(200, 'OK', [('Content-Type', 'text/plain')], b'ok\n')


def route_bytes(req):
    """/bytes?size=N[&chunked=1][&chunk=BYTES][&pause_ms=M][&stall_after=K]: N pattern bytes."""
    import time
    size = req.arg('size', 1024, int)
    chunk = req.arg('chunk', 64 * 1024, int)
    chunked = req.arg('chunked', '0') == '1'
    pause = req.arg('pause_ms', 0, int) / 1000.0
    stall_after = req.arg('stall_after', -1, int)
    fields = [('Content-Type', 'application/octet-stream')]
    fields.append(('Transfer-Encoding', 'chunked') if chunked else ('Content-Length', str(size)))
    head = 'HTTP/1.1 200 OK\r\n' + ''.join('%s: %s\r\n' % f for f in fields) + '\r\n'
    if not req.write(head):
        return False
    block = pattern_bytes(chunk)
    sent = 0
    while sent < size:
        n = min(chunk, size - sent)
        if 0 <= stall_after <= sent:
            # Hold the connection open without sending: the client must give up or be stopped.
            return req.hold_open()
        data = block[:n]
        if chunked:
            data = b'%x\r\n' % n + data + b'\r\n'
        if not req.write(data):
            return False
        sent += n
        if pause:
            time.sleep(pause)
    if chunked and not req.write(b'0\r\n\r\n'):
        return False
    return True


BASE_ROUTES = {'/ok': route_ok, '/bytes': route_bytes}


class Handler(socketserver.BaseRequestHandler):
    def read_head(self, buf):
        while b'\r\n\r\n' not in buf:
            if len(buf) > MAX_HEAD:
                return None, b''
            data = self.request.recv(65536)
            if not data:
                return None, b''
            buf += data
        head, rest = buf.split(b'\r\n\r\n', 1)
        return head, rest

    def read_body(self, headers, rest):
        length = None
        chunked = False
        for n, v in headers:
            if n.lower() == 'content-length':
                length = int(v.strip())
            if n.lower() == 'transfer-encoding' and 'chunked' in v.lower():
                chunked = True
        if chunked:
            body = b''
            buf = rest
            while True:
                while b'\r\n' not in buf:
                    data = self.request.recv(65536)
                    if not data:
                        return body, b''
                    buf += data
                line, buf = buf.split(b'\r\n', 1)
                size = int(line.split(b';')[0].strip() or b'0', 16)
                while len(buf) < size + 2:
                    data = self.request.recv(65536)
                    if not data:
                        return body, b''
                    buf += data
                if size == 0:
                    # trailers end with an empty line
                    while not buf.startswith(b'\r\n') and b'\r\n\r\n' not in buf:
                        data = self.request.recv(65536)
                        if not data:
                            break
                        buf += data
                    return body, buf.split(b'\r\n', 1)[1] if buf.startswith(b'\r\n') else buf.split(b'\r\n\r\n', 1)[1]
                body += buf[:size]
                buf = buf[size + 2:]
        if length:
            while len(rest) < length:
                data = self.request.recv(65536)
                if not data:
                    break
                rest += data
            return rest[:length], rest[length:]
        return b'', rest

    def handle(self):
        server = self.server
        with server.lock:
            server.connections += 1
            server.log('# connection %d' % server.connections)
        buf = b''
        while True:
            try:
                head, rest = self.read_head(buf)
            except OSError:
                return
            if head is None:
                return
            lines = head.decode('latin-1').split('\r\n')
            try:
                method, target, version = lines[0].split(' ', 2)
            except ValueError:
                return
            headers = []
            for line in lines[1:]:
                if ':' in line:
                    n, v = line.split(':', 1)
                    headers.append((n.strip(), v.strip()))
            server.log('%s %s' % (method, target))
            body, buf = self.read_body(headers, rest)
            req = Request(server, self.request, method, target, version, headers, body)
            handler = server.find(req.path)
            if handler is None:
                keep = req.respond(404, 'Not Found', [('Content-Type', 'text/plain')], b'no such route\n')
            else:
                keep = handler(req)
            if not keep:
                try:
                    self.request.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return


class HostileServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, log_path, routes):
        super().__init__(address, Handler)
        self.lock = threading.Lock()
        self.connections = 0
        self.state = {}  # shared by routes that remember earlier requests
        self.routes = routes
        self.log_file = open(log_path, 'a', buffering=1) if log_path else None

    def log(self, line):
        if self.log_file:
            self.log_file.write(line + '\n')
            self.log_file.flush()

    def find(self, path):
        best = None
        for prefix, handler in self.routes.items():
            if path == prefix or path.startswith(prefix.rstrip('/') + '/') or path.startswith(prefix + '?'):
                if best is None or len(prefix) > len(best[0]):
                    best = (prefix, handler)
        return best[1] if best else None


def load_routes():
    routes = dict(BASE_ROUTES)
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    for path in sorted(glob.glob(os.path.join(here, 'routes_*.py'))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for prefix, handler in module.ROUTES.items():
            if prefix in routes:
                raise SystemExit('route %s defined twice (%s)' % (prefix, name))
            routes[prefix] = handler
    return routes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--listen', default='127.0.0.1')
    parser.add_argument('--log', default=None)
    parser.add_argument('--list', action='store_true', help='print the routes and exit')
    args = parser.parse_args()
    routes = load_routes()
    if args.list:
        for prefix, handler in sorted(routes.items()):
            print('%-32s %s' % (prefix, (handler.__doc__ or '').strip().split('\n')[0]))
        return
    if not args.listen.startswith('127.') and args.listen != '::1':
        raise SystemExit('the hostile server listens on loopback only')
    server = HostileServer((args.listen, args.port), args.log, routes)
    server.serve_forever()


if __name__ == '__main__':
    main()
