"""Keys and tokens: everything the sandbox signs, seals or draws at random.

`entropy` (the OS or a seed), `keys` (the tenant's signing keys and JWKS), `access_tokens` (JWT
access tokens in Auth0's header and claim order), `id_tokens`, `opaque` (the /userinfo JWE
token), `user_tokens` (the tokens of a user flow).
"""
