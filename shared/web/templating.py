"""Jinja2 environments for pages and emails: autoescaped, with festplan's French-first filters."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from shared import i18n

SHARED_TEMPLATES = Path(__file__).resolve().parent / "templates"


def make_environment(*template_dirs: Path) -> Environment:
    """An environment over ``template_dirs`` (then the shared base templates), escaping HTML and XML.

    Everything a person typed is escaped by default; StrictUndefined makes a missing variable an
    error in the tests rather than a silently empty field in a page or an email. Templates are read
    once (``auto_reload`` off): they ship with the package and change only with a deploy, which
    restarts the processes, and checking their files before every render cost seven ``stat`` calls
    per email.
    """
    loaders = [FileSystemLoader(str(d)) for d in (*template_dirs, SHARED_TEMPLATES)]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "htm", "xml", "j2.html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["date_fr"] = i18n.format_date
    env.filters["time_fr"] = i18n.format_time
    env.filters["datetime_fr"] = i18n.format_datetime
    return env
