"""The tenant model: what a sandbox serves, built in Python, from a profile or a TOML file.

`model` (`TenantConfig`, APIs, applications, client grants, organizations, custom domains),
`settings` (Auth0's tenant settings and the emulation choices), `users` (users and connections),
`credentials` (private_key_jwt credentials and assertion checks), `profiles` (ready-made
tenants), `files` (TOML tenant files), `checks` (what a tenant may not say), `materialize` (the
ids and secrets Auth0 would generate), `describe` (what a person sees of a sandbox).
"""
