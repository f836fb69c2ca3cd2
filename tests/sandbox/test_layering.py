"""The sandbox is independent of the client: it imports no client, tokens, explore or widgets."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = ("requests", "pandas", "ipywidgets", "matplotlib", "auth0")
FORBIDDEN_OWN = ("auth0_explore.client", "auth0_explore.tokens", "auth0_explore.explore",
                 "auth0_explore.widgets", "auth0_explore.audit")  # fmt: skip


def test_importing_and_running_the_sandbox_pulls_in_none_of_the_client_side() -> None:
    """Start a sandbox in a fresh interpreter and list what got imported."""
    code = (
        "import sys\n"
        "from auth0_explore.sandbox import Sandbox\n"
        "with Sandbox(profile='plain') as sb: pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    ).stdout.split()
    assert not {name.split(".")[0] for name in out} & set(FORBIDDEN)
    assert not [name for name in out if name.startswith(FORBIDDEN_OWN)]


def test_sandbox_names_are_complete_sorted_and_load_lazily() -> None:
    """`__all__` is sorted and resolves; importing the package alone starts no HTTP machinery."""
    import auth0_explore.sandbox as sandbox

    assert sandbox.__all__ == sorted(set(sandbox.__all__))
    assert all(getattr(sandbox, name) is not None for name in sandbox.__all__)
    code = "import sys, auth0_explore.sandbox.tenant.profiles; print(' '.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    ).stdout.split()
    assert "werkzeug" not in {name.split(".")[0] for name in out}


def test_the_old_tenant_name_warns_and_gives_tenant_config() -> None:
    """`auth0_explore.sandbox.Tenant` (the README's name until the rename) still works for one
    release, with a DeprecationWarning naming its successor."""
    import auth0_explore.sandbox as sandbox

    with pytest.warns(DeprecationWarning, match="TenantConfig"):
        old = sandbox.Tenant
    assert old is sandbox.TenantConfig
    assert "Tenant" not in sandbox.__all__
    with pytest.raises(AttributeError, match="no attribute 'Tenantt'"):
        _ = sandbox.Tenantt
