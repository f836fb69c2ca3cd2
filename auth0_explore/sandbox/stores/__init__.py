"""What the sandbox remembers between requests, each on the sandbox clock and thread-safe.

`codes` (authorization codes), `refresh_tokens` (families, rotation, reuse detection),
`devices` (device authorizations), `sessions` (login sessions and failed-login counts), `sweep`
(dropping expired records now and then, so a long run keeps its size).
"""
