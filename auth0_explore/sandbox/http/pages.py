"""The few HTML pages a person sees: login, error, form_post, device activation, logout.

Minimal and unstyled on purpose; every value is escaped. Scripts never need to read them: the
login and activation forms post plain form fields (README "Logging in without a browser").
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from werkzeug.wrappers import Response

__all__ = ["activate_page", "error_page", "form_post_page", "login_page", "message_page"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main>
{body}
</main></body></html>
"""


def _html(title: str, body: str, status: int = 200) -> Response:
    text = _PAGE.format(title=escape(title), body=body)
    response = Response(text, status=status, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


def _hidden(values: Mapping[str, str]) -> str:
    return "\n".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in values.items()
    )


def login_page(
    params: Mapping[str, str], tenant_name: str, error: str = "", status: int = 200
) -> Response:
    """The login form; it posts every /authorize parameter back with the credentials."""
    hidden = {k: v for k, v in params.items() if k not in ("username", "password")}
    message = f'<p role="alert">{escape(error)}</p>' if error else ""
    email = escape(params.get("username") or params.get("login_hint", ""))
    body = f"""<h1>Log in to {escape(tenant_name)}</h1>
{message}
<form method="post" action="/u/login">
{_hidden(hidden)}
<label>Email <input name="username" type="email" value="{email}"
  autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password"
  required></label>
<button type="submit">Continue</button>
</form>"""
    return _html(f"Log in | {tenant_name}", body, status)


def error_page(title: str, lines: list[str], status: int = 400) -> Response:
    """Auth0's error page: a title and a few sentences, no redirect."""
    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in lines)
    return _html(title, f"<h1>{escape(title)}</h1>\n{paragraphs}", status)


def form_post_page(action: str, values: Mapping[str, str]) -> Response:
    """`response_mode=form_post`: a form that posts the response to the callback."""
    body = f"""<form method="post" name="hiddenform" action="{escape(action)}">
{_hidden(values)}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.forms[0].submit();</script>"""
    return _html("Submit This Form", body)


def activate_page(user_code: str, message: str = "", status: int = 200) -> Response:
    """The device activation form: user code, credentials, approve or deny."""
    note = f'<p role="alert">{escape(message)}</p>' if message else ""
    body = f"""<h1>Device Activation</h1>
{note}
<form method="post" action="/activate">
<label>Code <input name="user_code" value="{escape(user_code)}" required></label>
<label>Email <input name="username" type="email" required></label>
<label>Password <input name="password" type="password" required></label>
<button name="action" value="approve" type="submit">Confirm</button>
<button name="action" value="deny" type="submit">Cancel</button>
</form>"""
    return _html("Device Activation", body, status)


def message_page(title: str, message: str, status: int = 200) -> Response:
    """A page that only says something (activation done, logged out)."""
    return _html(title, f"<h1>{escape(title)}</h1>\n<p>{escape(message)}</p>", status)
