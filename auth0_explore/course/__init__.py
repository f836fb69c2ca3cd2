"""The course's helpers: the tenant a lesson runs on, checked exercises, forged tokens.

    from auth0_explore import course
    lesson = course.start("plain")                     # the sandbox, or AUTH0_* (see lesson.py)
    answer = ...                                       # an exercise cell
    course.check(answer, lesson.target.base_url, about="the issuer")   # the checking cell

Notebooks define no functions or classes: what a lesson needs beyond the toolkit lives here.
"""

from __future__ import annotations

from auth0_explore.course.auditing import audit, findings, probes
from auth0_explore.course.checking import Verdict, check, value
from auth0_explore.course.forgery import Forgery, forge, tamper, try_forgeries
from auth0_explore.course.lesson import LIVE, NO_AUDIENCE, Lesson, start
from auth0_explore.course.management import management_across_domains
from auth0_explore.course.reuse import reuse_detection

__all__ = [
    "LIVE",
    "NO_AUDIENCE",
    "Forgery",
    "Lesson",
    "Verdict",
    "audit",
    "check",
    "findings",
    "forge",
    "management_across_domains",
    "probes",
    "reuse_detection",
    "start",
    "tamper",
    "try_forgeries",
    "value",
]
