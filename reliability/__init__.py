"""Reliability suites of issue 10: the drivers behind the load and fuzz tests and `make soak`.

`wire` speaks raw HTTP/1.1 over sockets, `sandbox_process` runs a sandbox as a child process,
`scenarios` are the mixed traffic (what a machine, a browser and a device do), `traffic` drives
many kept-alive clients with one selector, `probe` samples a process and `soak` runs it all for
minutes. The tests in `tests/reliability/` use the same drivers at a smaller size.
See RELIABILITY.md.
"""
