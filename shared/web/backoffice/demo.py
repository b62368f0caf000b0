"""The back-office's step of ``festplan demo``: the lead asks for a sign-in link by email; print a fresh one too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.db import unit_of_work
from shared.i18n import translate
from shared.settings import get_settings
from shared.web.backoffice.session import LINK_MINUTES, create_signin_link, ensure_lead

if TYPE_CHECKING:
    from shared.demo_steps import DemoStep

MESSAGES = {
    "step": {"fr": "ouvrir la gestion", "en": "open the back-office"},
    "link": {
        "fr": "gestion : {url} (lien de connexion de {email}, usage unique, valable {minutes} min ; "
        "lancez d'abord `festplan serve` ; lien expiré : `festplan signin-link`)",
        "en": "back-office: {url} (sign-in link of {email}, single use, valid {minutes} min; "
        "start `festplan serve` first; expired: `festplan signin-link`)",
    },
}


def signin_link_step() -> list[str]:
    """Create the default lead if missing, email them a link as the sign-in page does, print a fresh one.

    The demo's clock is in 2023; the link printed must work now, so it is made by the wall clock.
    """
    from shared.clock import WALL_CLOCK, using
    from shared.web.backoffice.signin import email_signin_link

    with unit_of_work() as session:
        email_signin_link(session, email=ensure_lead(session).email)
    with using(WALL_CLOCK), unit_of_work() as session:
        user = ensure_lead(session)
        url = create_signin_link(session, user=user)
        email = user.email
    return [translate(MESSAGES, "link", get_settings().locale, url=url, email=email, minutes=LINK_MINUTES)]


def demo_steps() -> list[DemoStep]:
    """For ``services.demo.run.STEP_MODULES``: the last step prints the lead's sign-in link."""
    from shared.demo_steps import DemoStep

    locale = get_settings().locale
    return [DemoStep(name=translate(MESSAGES, "step", locale), run=lambda _ctx: signin_link_step())]
