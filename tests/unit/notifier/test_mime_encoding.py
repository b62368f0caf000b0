"""The bytes of an email: parts that decode to exactly what was rendered, lines a relay accepts, CRLF on the wire."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

from services.notifier.domain.message import Attachment, OutgoingEmail, build_mime, to_bytes

AWKWARD_TEXT = (
    "Bonjour Zoé,\n"
    "a=b ; 100 % ; « guillemets » — tiret cadratin, emoji 🎭\n"
    "trailing spaces   \n"
    "tab\tinside and a tab at the end\t\n"
    ".a line starting with a dot\n"
    "From the start of a line\n" + "x" * 200 + "\n--=_festplan_ looks like a boundary but is only text\n"
)


def _email(**changes) -> OutgoingEmail:
    values = dict(
        notification_id=7,
        message_id="<abc@festplan>",
        sender="Culture et numérique <culture@exemple.fr>",
        recipient_email="zoe@exemple.fr",
        recipient_name="Zoé Périer",
        subject="Votre avis sur « Café numérique »",
        text=AWKWARD_TEXT,
        html="<p>" + AWKWARD_TEXT.replace("\n", "<br>\n") + "</p>",
        locale="fr",
        date=datetime(2023, 10, 28, 8, 0, tzinfo=UTC),
        kind="participant.survey",
        headers={"List-Unsubscribe": "<https://festplan.example/desinscription/" + "t" * 180 + ">"},
    )
    values.update(changes)
    return OutgoingEmail(**values)


def _parts(data: bytes) -> dict[str, str]:
    """Each part's decoded text, line ends back to ``\\n`` (on the wire, text lines end in CRLF: RFC 2046 § 4.1.1)."""
    parsed = message_from_bytes(data, policy=policy.default)
    return {
        part.get_content_type(): part.get_content().replace("\r\n", "\n")
        for part in parsed.walk()
        if not part.is_multipart()
    }


def test_text_and_html_decode_to_exactly_what_was_rendered():
    email = _email()
    parts = _parts(to_bytes(build_mime(email)))
    assert parts["text/plain"] == email.text
    assert parts["text/html"] == email.html + "\n"  # a part always ends with a line break


def test_on_the_wire_every_line_ends_crlf_and_none_passes_998_octets():
    data = to_bytes(build_mime(_email()))
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # no bare LF
    assert max(len(line) for line in lines) <= 998
    assert data.isascii()  # 7-bit clean: quoted-printable bodies, encoded-word headers


def test_body_lines_stay_under_77_characters_and_headers_fold_only_when_they_can():
    data = to_bytes(build_mime(_email()))
    head, body = data.split(b"\r\n\r\n", 1)
    assert max(len(line) for line in body.split(b"\r\n")) <= 76
    unsubscribe = [line for line in head.split(b"\r\n") if line.startswith(b"List-Unsubscribe:")]
    assert len(unsubscribe[0]) > 78  # an unbreakable URL is written whole, not mangled into encoded words
    assert b"=?" not in unsubscribe[0]


def test_the_boundary_never_occurs_in_the_parts():
    msg = build_mime(_email(attachments=(Attachment("a.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n", "REQUEST"),)))
    data = to_bytes(msg)
    boundaries = {part.get_boundary() for part in msg.walk() if part.is_multipart()}
    assert len(boundaries) == 2
    for boundary in boundaries:
        assert boundary.startswith("=_")
        # only the delimiter lines themselves carry it
        carrying = [line for line in data.split(b"\r\n") if boundary.encode() in line]
        assert all(
            line.startswith((b"--", b"Content-Type")) or line.lstrip().startswith(b"boundary") for line in carrying
        )


def test_a_file_copy_keeps_the_platform_line_ends_and_the_same_content():
    email = _email()
    on_disk = to_bytes(build_mime(email), linesep="\n")
    assert b"\r\n" not in on_disk
    assert _parts(on_disk) == _parts(to_bytes(build_mime(email)))
