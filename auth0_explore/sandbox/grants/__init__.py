"""One module per `grant_type` of `POST /oauth/token`, registered in `registry.default_grants`.

`client_credentials`, `authorization_code`, `refresh_token`, `password` (and password-realm),
`device_code`; `user_grant` is what a user authorized, shared by every user flow.
"""
