// A Digest server from the npm package http-auth, the one server found that announces
// algorithm=MD5-sess. Usage: node digestsessserver.js PORT HTDIGEST_FILE REALM
const http = require("http");
const auth = require("http-auth");
const [port, file, realm] = process.argv.slice(2);
// "/none" answers RFC 2069 style: a challenge whose qop is empty.
const sess = auth.digest({ realm, file, algorithm: "MD5-sess" });
const none = auth.digest({ realm, file, qop: "none" });
http.createServer((req, res) => {
  const digest = req.url.startsWith("/none") ? none : sess;
  digest.check((req, res) => res.end(`hello ${req.user}\n`))(req, res);
}).listen(Number(port), "127.0.0.1");
