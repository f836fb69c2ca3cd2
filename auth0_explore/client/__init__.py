"""The client: the toolkit's only network I/O (tenant connection, HTTP session, grants, caches)."""
