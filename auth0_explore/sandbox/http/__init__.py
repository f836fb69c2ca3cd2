"""The sandbox's HTTP surface: what every request passes through before and after its endpoint.

`server` (the lifecycle: one waitress listener per domain), `channel` (waitress's connection,
corrected: its own refusals as JSON, no 100 Continue without a body), `workers` (several
processes on the same ports), `app` (the WSGI app: faults, routing, JSON for every outcome),
`routes` (the route table), `state` (what every endpoint receives), `body` (parameters and
client credentials), `errors` (the catalogue of Auth0's error answers), `responses` (JSON and
error responses), `pages` (the few HTML pages), `hosts` (which domain and issuer a request
gets), `faults`, `limits` (rate limits and token quotas), `openapi` (the OpenAPI description of
every route: one JSON file per route family, merged at load).
"""
