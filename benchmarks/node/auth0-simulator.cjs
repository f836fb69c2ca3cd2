// Start @simulacrum/auth0-simulator on plain HTTP at 127.0.0.1:PORT for the issuing benchmark.
//
// Usage: node auth0-simulator.cjs NODE_PREFIX PORT
//
// The simulator only serves HTTPS, with a mkcert certificate from ~/.simulacrum/certs. The
// toolkit's sandbox and oauth2-mock-server are measured over plain HTTP, so, for the same load,
// this launcher hands the simulator's Express app to http.createServer instead (the README's
// own "Code" example, minus TLS). HOME points to a scratch folder holding placeholder files
// where the simulator looks for its certificate, so its start-up check passes; they are never read.
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const https = require("node:https");
const path = require("node:path");

const [prefix, port] = process.argv.slice(2);
const home = path.join(prefix, "home");
const certs = path.join(home, ".simulacrum", "certs");
fs.mkdirSync(certs, { recursive: true });
for (const name of ["localhost.pem", "localhost-key.pem"]) {
  fs.writeFileSync(path.join(certs, name), "placeholder: served over plain HTTP\n");
}
process.env.HOME = home;
https.createServer = (_options, app) => http.createServer(app);

const { simulation } = require(path.join(prefix, "node_modules", "@simulacrum", "auth0-simulator"));
simulation()
  .listen(Number(port), "127.0.0.1")
  .then(() => console.log(JSON.stringify({ ready: `http://127.0.0.1:${port}/` })));
