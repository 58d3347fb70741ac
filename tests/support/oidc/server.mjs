// A real OAuth 2.0 / OpenID Connect authorization server for the tests: the npm package
// oidc-provider (pinned in tests/npm-packages.txt) on 127.0.0.1, plus a protected resource on a
// port of its own (another origin, as a real API is) that accepts the provider's JWT access tokens.
//
// Usage: node server.mjs --npm-dir DIR [--port P] [--resource-port R] [--access-token-ttl S]
//                        [--device-interval S] [--slow-down-increment S] [--device-code-ttl S]
// Port 0 (the default) takes a free port. When both listen it prints one line:
//   oidc-server ready issuer=http://127.0.0.1:P resource=http://127.0.0.1:R
// then one line per request (method, path without query, status): never a token, code or secret.
//
// Test hooks on the provider's port, only for tests and the benchmark:
//   GET /_test/stats   counters: token endpoint calls by grant type (and errors), revocations,
//                      device polls, resource answers
//   GET /_test/reset   zeroes the counters
//   GET /_test/config?access_token_ttl=S&device_interval=S&slow_down_next=N&device_code_ttl=S
//                      changes settings for tokens issued from now on; answers the settings
//   GET /_test/issued  every access, refresh and ID token, authorization code and device code
//                      issued since start (the secret scan searches the disk for them)
// AUTHSCOPE_OIDC_CLIENT_SECRET, when set, replaces the secrets of the confidential clients (so a
// test can use one made at random for its run, which no file of the build holds).
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

function parseArguments(argv) {
  const options = {
    npmDir: process.env.AUTHSCOPE_NPM_DIR || '',
    port: 0,
    resourcePort: 0,
    accessTokenTtl: 2,
    deviceInterval: 1,
    slowDownIncrement: 5, // RFC 8628 §3.5
    deviceCodeTtl: 600,
  };
  const names = {
    '--npm-dir': 'npmDir',
    '--port': 'port',
    '--resource-port': 'resourcePort',
    '--access-token-ttl': 'accessTokenTtl',
    '--device-interval': 'deviceInterval',
    '--slow-down-increment': 'slowDownIncrement',
    '--device-code-ttl': 'deviceCodeTtl',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete argument ${argv[i]}`);
    }
    options[key] = key === 'npmDir' ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!options.npmDir) {
    throw new Error('--npm-dir (where tests/npm-packages.txt was installed) is required');
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
// oidc-provider is an ES module: NODE_PATH does not reach import, so load it by its path.
const { default: Provider, errors } = await import(
  pathToFileURL(path.join(options.npmDir, 'node_modules', 'oidc-provider', 'lib', 'index.js')).href);

// Fixed clients; tests/support/oidcserver.h exports the same ids and secrets.
const secretOverride = process.env.AUTHSCOPE_OIDC_CLIENT_SECRET;
const CALLBACKS = ['http://127.0.0.1/callback', 'http://[::1]/callback'];
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const clients = [
  {
    // client_credentials; oidc-provider takes client_secret_basic and client_secret_post alike.
    client_id: 'authscope-cc',
    client_secret: secretOverride || 'cc-secret-4f9d2a71c83e',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  },
  {
    // A confidential native app: code flow with PKCE, device flow, password, refresh tokens.
    client_id: 'authscope-confidential',
    client_secret: secretOverride || 'confidential-secret-8c2f6e19d4b0',
    token_endpoint_auth_method: 'client_secret_basic',
    application_type: 'native',
    grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT, 'password'],
    response_types: ['code'],
    redirect_uris: CALLBACKS,
  },
  {
    // A public native app (RFC 8252): no secret, PKCE, any loopback port (§7.3).
    client_id: 'authscope-public',
    token_endpoint_auth_method: 'none',
    application_type: 'native',
    grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT],
    response_types: ['code'],
    redirect_uris: CALLBACKS,
  },
];

// Demo users of the password grant (the interactive pages take any login and password).
const passwordUsers = new Map([['alice', 'secret'], ['bob', 'builder']]);

// Signing keys made at start: RS256 for the default resource and ID tokens, ES256 for /es256.
function signingKey(type, parameters, alg) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync(type, parameters);
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = `${alg.toLowerCase()}-${crypto.randomBytes(6).toString('hex')}`;
  return { kid, alg, publicKey, jwk: { ...jwk, kid, alg, use: 'sig' } };
}
const keys = [
  signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
  signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
];

const settings = {
  accessTokenTtl: options.accessTokenTtl,
  deviceInterval: options.deviceInterval,
  slowDownIncrement: options.slowDownIncrement,
  deviceCodeTtl: options.deviceCodeTtl,
  slowDownNext: 0,
};

function emptyStats() {
  return {
    token: { total: 0, byGrant: {}, errorsByGrant: {} },
    revocation: 0,
    deviceAuthorization: 0,
    devicePolls: 0,
    slowDowns: 0,
    resource: { ok: 0, unauthorized: 0, forbidden: 0 },
  };
}
let stats = emptyStats();
const issued = { accessTokens: [], refreshTokens: [], idTokens: [], codes: [], deviceCodes: [] };

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

const providerServer = http.createServer();
const resourceServer = http.createServer();
const port = await listen(providerServer, options.port);
const resourcePort = await listen(resourceServer, options.resourcePort);
const issuer = `http://127.0.0.1:${port}`;
const resourceOrigin = `http://127.0.0.1:${resourcePort}`;
// Resource indicators (RFC 8707): the default one gets RS256 JWTs, /es256 gets ES256 JWTs.
const resourceIndicators = new Map([
  [`${resourceOrigin}/`, 'RS256'],
  [`${resourceOrigin}/es256`, 'ES256'],
]);
const defaultResource = `${resourceOrigin}/`;
const RESOURCE_SCOPE = 'api:read api:write';

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: keys.map((key) => key.jwk) },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'offline_access', 'profile', 'api:read', 'api:write'],
  pkce: { methods: ['S256'], required: () => true },
  rotateRefreshToken: true,
  // A refresh token whenever the client may use one (no offline_access + prompt=consent dance).
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  ttl: {
    AccessToken: () => settings.accessTokenTtl,
    ClientCredentials: () => settings.accessTokenTtl,
    DeviceCode: () => settings.deviceCodeTtl,
  },
  responseTypes: ['code'],
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: true },
    deviceFlow: {
      enabled: true,
      // Plain pages: the defaults load fonts from the Internet, and tests stay on loopback.
      userCodeInputSource: async (ctx, form, out, err) => {
        ctx.body = page('Device sign-in', `${err ? `<p class="error">${escapeHtml(err.message)}</p>` : ''}${form}`);
      },
      userCodeConfirmSource: async (ctx, form, client, deviceInfo, userCode) => {
        ctx.body = page('Confirm device', `<p>${escapeHtml(client.clientId)} asks for access; code ${escapeHtml(userCode)}</p>${form}
          <button type="submit" form="op.deviceConfirmForm">Allow</button>
          <button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Deny</button>`);
      },
      successSource: async (ctx) => {
        ctx.body = page('Device signed in', '<p id="device-success">Sign-in complete, return to your device.</p>');
      },
    },
    revocation: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => defaultResource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, indicator) => {
        const alg = resourceIndicators.get(indicator);
        if (!alg) {
          throw new errors.InvalidTarget();
        }
        return {
          scope: RESOURCE_SCOPE,
          audience: indicator,
          accessTokenTTL: settings.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg } },
        };
      },
    },
  },
  async findAccount(ctx, id) {
    return { accountId: id, claims: async () => ({ sub: id }) };
  },
});
provider.on('server_error', (ctx, error) => console.log(`server_error ${error.stack}`));

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
function page(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

// Revocation is tracked here because JWT access tokens are not stored by the provider: a revoked
// grant (refresh token revoked, refresh token reused) or a revoked access token ends its tokens.
const grantOfToken = new Map(); // jti -> grant id
const revokedGrants = new Set();
const revokedTokens = new Set(); // jti
for (const kind of ['access_token', 'client_credentials']) {
  provider.on(`${kind}.issued`, (token) => grantOfToken.set(token.jti, token.grantId));
}
provider.on('grant.revoked', (ctx, grantId) => revokedGrants.add(grantId));

function decodeJwt(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
      claims: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
      signingInput: Buffer.from(`${parts[0]}.${parts[1]}`),
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    return null;
  }
}

// Checks one access token of this provider; answers { claims } or { error } (error_description).
function checkAccessToken(token) {
  const jwt = decodeJwt(token);
  if (!jwt) {
    return { error: 'access token is not a token of this server' };
  }
  const key = keys.find((k) => k.kid === jwt.header.kid && k.alg === jwt.header.alg);
  const verified = key && crypto.verify('sha256', jwt.signingInput,
    key.alg === 'ES256' ? { key: key.publicKey, dsaEncoding: 'ieee-p1363' } : key.publicKey,
    jwt.signature);
  if (!verified) {
    return { error: 'access token signature invalid' };
  }
  const { claims } = jwt;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== issuer || !audiences.some((aud) => resourceIndicators.has(aud))) {
    return { error: 'access token is for another issuer or audience' };
  }
  if (typeof claims.exp !== 'number' || Date.now() / 1000 >= claims.exp) {
    return { error: 'access token expired' };
  }
  if (revokedTokens.has(claims.jti) || revokedGrants.has(grantOfToken.get(claims.jti))) {
    return { error: 'access token revoked' };
  }
  return { claims };
}

// Counters and settings the tests read; and the RFC 8628 interval, which oidc-provider 8 neither
// announces nor enforces: the response names it, and a poll that comes sooner gets slow_down.
const lastPoll = new Map(); // device_code -> { at, interval }
provider.use(async (ctx, next) => {
  await next();
  const route = ctx.oidc?.route;
  recordIssued(ctx);
  if (route === 'token') {
    const grant = ctx.oidc.params?.grant_type || '(none)';
    stats.token.total += 1;
    stats.token.byGrant[grant] = (stats.token.byGrant[grant] || 0) + 1;
    if (ctx.status >= 400) {
      stats.token.errorsByGrant[grant] = (stats.token.errorsByGrant[grant] || 0) + 1;
    }
  } else if (route === 'revocation') {
    stats.revocation += 1;
    // A JWT access token handed to the revocation endpoint by its own client is revoked here.
    const jwt = ctx.status === 200 ? decodeJwt(ctx.oidc.params?.token) : null;
    if (jwt && jwt.claims.client_id === ctx.oidc.client?.clientId && checkAccessToken(ctx.oidc.params.token).claims) {
      revokedTokens.add(jwt.claims.jti);
    }
  } else if (route === 'device_authorization' && ctx.status === 200 && ctx.body) {
    stats.deviceAuthorization += 1;
    ctx.body = { ...ctx.body, interval: settings.deviceInterval };
  }
});

// Keeps every secret the provider hands out, for /_test/issued.
function recordIssued(ctx) {
  const body = ctx.status === 200 && ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
  const keep = (list, value) => value && list.push(value);
  keep(issued.accessTokens, body.access_token);
  keep(issued.refreshTokens, body.refresh_token);
  keep(issued.idTokens, body.id_token);
  keep(issued.deviceCodes, body.device_code);
  const location = ctx.response.get('Location');
  if (location) {
    try {
      keep(issued.codes, new URL(location, issuer).searchParams.get('code'));
    } catch {
      // not a URL: nothing issued
    }
  }
}

// Runs before the provider's own token endpoint: device-code polls are paced here.
function devicePollVerdict(deviceCode) {
  stats.devicePolls += 1;
  const now = Date.now();
  const previous = lastPoll.get(deviceCode);
  let interval = previous ? previous.interval : settings.deviceInterval;
  let slowDown = false;
  if (settings.slowDownNext > 0) {
    settings.slowDownNext -= 1;
    slowDown = true;
  } else if (previous && now - previous.at < interval * 1000 - 50) {
    slowDown = true;
  }
  if (slowDown) {
    interval += settings.slowDownIncrement;
    stats.slowDowns += 1;
  }
  lastPoll.set(deviceCode, { at: now, interval });
  return slowDown;
}

// The password grant (RFC 6749 §4.3, deprecated by OAuth 2.1): only the demo users.
provider.registerGrantType('password', async (ctx) => {
  const { client } = ctx.oidc;
  const { username, password } = ctx.oidc.params;
  if (!username || !password || passwordUsers.get(username) !== password) {
    throw new errors.InvalidGrant('wrong username or password');
  }
  const requested = new Set((ctx.oidc.params.scope || '').split(' ').filter(Boolean));
  const resourceScope = RESOURCE_SCOPE.split(' ').filter((s) => requested.has(s)).join(' ');
  const oidcScope = ['openid', 'offline_access'].filter((s) => requested.has(s)).join(' ');
  const grant = new provider.Grant({ accountId: username, clientId: client.clientId });
  if (oidcScope) {
    grant.addOIDCScope(oidcScope);
  }
  grant.addResourceScope(defaultResource, resourceScope || RESOURCE_SCOPE);
  const grantId = await grant.save();
  const at = new provider.AccessToken({
    accountId: username, client, grantId, gty: 'password', scope: resourceScope || RESOURCE_SCOPE,
  });
  at.resourceServer = new provider.ResourceServer(defaultResource, {
    scope: RESOURCE_SCOPE,
    audience: defaultResource,
    accessTokenTTL: settings.accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  });
  const accessToken = await at.save();
  const body = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: at.expiration,
    scope: at.scope,
  };
  if (client.grantTypeAllowed('refresh_token')) {
    const rt = new provider.RefreshToken({
      accountId: username,
      client,
      grantId,
      gty: 'password',
      scope: [oidcScope, resourceScope || RESOURCE_SCOPE].filter(Boolean).join(' '),
      resource: defaultResource,
    });
    body.refresh_token = await rt.save();
  }
  ctx.body = body;
}, ['username', 'password', 'scope', 'resource']);

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function testHook(url, res) {
  switch (url.pathname) {
    case '/_test/stats':
      return sendJson(res, 200, stats);
    case '/_test/issued':
      return sendJson(res, 200, issued);
    case '/_test/reset':
      stats = emptyStats();
      return sendJson(res, 200, stats);
    case '/_test/config': {
      const numeric = {
        access_token_ttl: 'accessTokenTtl',
        device_interval: 'deviceInterval',
        slow_down_next: 'slowDownNext',
        slow_down_increment: 'slowDownIncrement',
        device_code_ttl: 'deviceCodeTtl',
      };
      for (const [name, value] of url.searchParams) {
        const number = Number(value);
        if (!numeric[name] || !Number.isFinite(number) || number < 0) {
          return sendJson(res, 400, { error: `bad setting ${name}` });
        }
        settings[numeric[name]] = number;
      }
      return sendJson(res, 200, settings);
    }
    default:
      return sendJson(res, 404, { error: 'no such test hook' });
  }
}

// Reads a request body (the token endpoint's form, to pace device-code polls).
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const providerCallback = provider.callback();
function logRequest(req, res, origin) {
  res.on('finish', () => console.log(`${origin} ${req.method} ${req.url.split('?')[0]} ${res.statusCode}`));
}

providerServer.on('request', async (req, res) => {
  logRequest(req, res, 'provider');
  const url = new URL(req.url, issuer);
  if (url.pathname.startsWith('/_test/')) {
    return testHook(url, res);
  }
  // RFC 8414 metadata: the same document as OpenID Connect discovery.
  if (url.pathname === '/.well-known/oauth-authorization-server') {
    req.url = '/.well-known/openid-configuration';
  }
  if (req.method === 'POST' && url.pathname === '/token') {
    const body = await readBody(req);
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('grant_type') === DEVICE_GRANT && form.get('device_code')
        && devicePollVerdict(form.get('device_code'))) {
      stats.token.total += 1;
      stats.token.byGrant[DEVICE_GRANT] = (stats.token.byGrant[DEVICE_GRANT] || 0) + 1;
      stats.token.errorsByGrant[DEVICE_GRANT] = (stats.token.errorsByGrant[DEVICE_GRANT] || 0) + 1;
      return sendJson(res, 400, { error: 'slow_down', error_description: 'polling faster than the interval' });
    }
    // The body was read here: oidc-provider takes an already read body from req.body.
    req.body = body;
  }
  return providerCallback(req, res);
});

resourceServer.on('request', (req, res) => {
  logRequest(req, res, 'resource');
  const url = new URL(req.url, resourceOrigin);
  if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) {
    return sendJson(res, 404, { error: 'not found' });
  }
  const authorization = req.headers.authorization || '';
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match) {
    stats.resource.unauthorized += 1;
    // RFC 6750 §3: no error code when the request carried no token; 400 for a malformed one.
    if (authorization) {
      return sendJson(res, 400, { error: 'invalid_request' }, {
        'WWW-Authenticate': 'Bearer realm="api", error="invalid_request", error_description="malformed Authorization header"',
      });
    }
    return sendJson(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer realm="api"' });
  }
  const { claims, error } = checkAccessToken(match[1]);
  if (error) {
    stats.resource.unauthorized += 1;
    return sendJson(res, 401, { error: 'invalid_token', error_description: error }, {
      'WWW-Authenticate': `Bearer realm="api", error="invalid_token", error_description="${error}"`,
    });
  }
  const scopes = new Set((claims.scope || '').split(' '));
  // /api/write/... needs api:write (RFC 6750 §3.1 insufficient_scope).
  if (url.pathname.startsWith('/api/write') && !scopes.has('api:write')) {
    stats.resource.forbidden += 1;
    return sendJson(res, 403, { error: 'insufficient_scope' }, {
      'WWW-Authenticate': 'Bearer realm="api", error="insufficient_scope", scope="api:write"',
    });
  }
  stats.resource.ok += 1;
  return sendJson(res, 200, {
    sub: claims.sub, client_id: claims.client_id, scope: claims.scope || '', path: url.pathname,
  });
});

console.log(`oidc-server ready issuer=${issuer} resource=${resourceOrigin}`);
