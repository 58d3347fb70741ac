#!/usr/bin/python3
"""A headless browser for tests against tests/support/oidc/server.mjs (python3 stdlib only).

Authorization code flow, used as $BROWSER:  browser.py AUTHORIZATION_URL
    Walks the provider's login and consent pages over HTTP (cookies kept), then requests the
    final redirect: the loopback callback of the client, which receives code and state.
    Like a real browser launcher it returns at once and works in the background (the caller's
    callback listener runs in the caller's event loop); AUTHSCOPE_TEST_BROWSER_FOREGROUND=1 keeps
    it in the foreground. Environment:
      AUTHSCOPE_TEST_BROWSER_MODE  approve (default) | deny (the user cancels: error=access_denied)
                                   | tamper-state (the state in the redirect is changed)
                                   | ignore (the browser does nothing, as a user who walks away)
      AUTHSCOPE_TEST_BROWSER_USER  the login (default alice); any password is taken
      AUTHSCOPE_TEST_BROWSER_LOG   a file that gets one line per step (never a code or token)

Device flow (RFC 8628), in the foreground:  browser.py --device VERIFICATION_URI USER_CODE [--deny]
    Submits the code, logs in, and confirms (or denies). Exit 0 when the provider says the
    device is signed in (or, with --deny, that it was denied); else 1 with the reason on stderr.
"""
import html.parser
import http.cookiejar
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class FormParser(html.parser.HTMLParser):
    """The forms of a page: action, method, and the fields a browser would submit."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'form':
            self.forms.append({'id': attrs.get('id', ''), 'action': attrs.get('action', ''),
                               'method': attrs.get('method', 'get').lower(), 'fields': {}})
        elif tag == 'input' and self.forms and attrs.get('name'):
            self.forms[-1]['fields'][attrs['name']] = attrs.get('value') or ''

    def handle_data(self, data):
        self.text.append(data)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    def __init__(self, log_path=None):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.log_path = log_path

    def log(self, line):
        if self.log_path:
            with open(self.log_path, 'a', encoding='utf-8') as out:
                out.write(line + '\n')

    def request(self, url, form=None):
        """One request, redirects not followed: (status, absolute Location or None, body text)."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        self.log(f"{'POST' if data else 'GET'} {urllib.parse.urlsplit(url).path}")
        try:
            response = self.opener.open(urllib.request.Request(url, data=data), timeout=10)
            status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        location = headers.get('Location')
        return (status, urllib.parse.urljoin(url, location) if location else None,
                body.decode('utf-8', 'replace'))


def origin(url):
    parts = urllib.parse.urlsplit(url)
    return (parts.scheme, parts.netloc)


def parse(body):
    parser = FormParser()
    parser.feed(body)
    return parser


class WalkFailed(Exception):
    pass


def fail(message):
    raise WalkFailed(message)


def tamper_state(url):
    parts = urllib.parse.urlsplit(url)
    query = [(k, v + 'x' if k == 'state' else v) for k, v in urllib.parse.parse_qsl(parts.query)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def authorize(url, mode, user, browser):
    provider = origin(url)
    form = None
    for _ in range(20):
        status, location, body = browser.request(url, form)
        form = None
        if status in (301, 302, 303, 307, 308) and location:
            if origin(location) != provider:
                # The redirect to the client's loopback callback ends the walk.
                final = tamper_state(location) if mode == 'tamper-state' else location
                status, _, _ = browser.request(final)
                browser.log(f'callback answered {status}')
                return
            url = location
            continue
        if status != 200:
            fail(f'the provider answered {status} at {urllib.parse.urlsplit(url).path}: {body[:300]}')
        page = parse(body)
        prompt_form = next((f for f in page.forms if 'prompt' in f['fields']), None)
        if not prompt_form:
            fail(f'no login or consent form at {urllib.parse.urlsplit(url).path}')
        if mode == 'deny':
            # The provider's abort link: the flow ends with error=access_denied.
            url = url.rstrip('/') + '/abort'
            continue
        form = dict(prompt_form['fields'])
        if form['prompt'] == 'login':
            form.update(login=user, password='any password')
        url = urllib.parse.urljoin(url, prompt_form['action'])
    fail('too many steps')


def approve_device(verification_uri, user_code, deny, user, browser):
    status, _, body = browser.request(verification_uri)
    page = parse(body)
    if status != 200 or not page.forms:
        fail(f'no code form at the verification URI (status {status})')
    url = urllib.parse.urljoin(verification_uri, page.forms[0]['action'])
    form = dict(page.forms[0]['fields'], user_code=user_code)
    for _ in range(20):
        status, location, body = browser.request(url, form)
        form = None
        if status in (301, 302, 303, 307, 308) and location:
            url = location
            continue
        text = ''.join(parse(body).text)
        if 'id="device-success"' in body:
            if deny:
                fail('the device was signed in, not denied')
            return
        if 'aborted' in text:
            if not deny:
                fail('the device sign-in was aborted')
            return
        page = parse(body)
        confirm = next((f for f in page.forms if 'confirm' in f['fields']), None)
        prompt_form = next((f for f in page.forms if 'prompt' in f['fields']), None)
        if confirm:
            form = dict(confirm['fields'])
            if deny:
                del form['confirm']
                form['abort'] = 'yes'
            url = urllib.parse.urljoin(url, confirm['action'])
        elif prompt_form:
            form = dict(prompt_form['fields'])
            if form['prompt'] == 'login':
                form.update(login=user, password='any password')
            url = urllib.parse.urljoin(url, prompt_form['action'])
        else:
            fail(f'unexpected page (status {status}): {" ".join(text.split())[:300]}')
    fail('too many steps')


def main(argv):
    user = os.environ.get('AUTHSCOPE_TEST_BROWSER_USER', 'alice')
    browser = Browser(os.environ.get('AUTHSCOPE_TEST_BROWSER_LOG'))
    mode = os.environ.get('AUTHSCOPE_TEST_BROWSER_MODE', 'approve')
    device = len(argv) >= 3 and argv[0] == '--device'
    if not device and len(argv) != 1:
        fail('usage: browser.py AUTHORIZATION_URL | browser.py --device VERIFICATION_URI USER_CODE [--deny]')
    if mode not in ('approve', 'deny', 'tamper-state', 'ignore'):
        fail(f'unknown AUTHSCOPE_TEST_BROWSER_MODE {mode}')
    if device:
        approve_device(argv[1], argv[2], '--deny' in argv[3:], user, browser)
        browser.log('done')
    elif mode == 'ignore':
        browser.log('ignored')
    elif os.environ.get('AUTHSCOPE_TEST_BROWSER_FOREGROUND') == '1' or os.fork() == 0:
        # In the background unless asked: the launcher returns at once, as xdg-open does.
        authorize(argv[0], mode, user, browser)
        browser.log('done')


if __name__ == '__main__':
    try:
        main(sys.argv[1:])
    except Exception as error:  # a failed walk says why on stderr and in the log, never vanishes
        print(f'browser.py: {error}', file=sys.stderr)
        Browser(os.environ.get('AUTHSCOPE_TEST_BROWSER_LOG')).log(f'failed: {error}')
        sys.exit(1)
