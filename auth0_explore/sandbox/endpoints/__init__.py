"""One module per route family, each declaring its routes as `ROUTES` (see `http/routes.py`).

`token` (/oauth/token), `authorize` (/authorize and its login page /u/login), `userinfo`,
`device` (/oauth/device/code and /activate), `revoke` (/oauth/revoke), `logout` (/v2/logout and
/oidc/logout), `discovery` (/.well-known/openid-configuration, the RFC 8414 document, the
JWKS and the sandbox-only /openapi.json).
"""
