"""The MIME form of an email: headers a mail client can act on, a person's text never becoming a header."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header

from services.notifier.domain.message import Attachment, OutgoingEmail, build_mime
from services.notifier.domain.unsubscribe import unsubscribe_headers

SUBJECT = "Votre avis sur « Atelier « Fake news » : démêler le vrai du faux »"


def _email(**changes) -> OutgoingEmail:
    values = dict(
        notification_id=42,
        message_id="<0123456789abcdef@festplan>",
        sender="Culture et numérique <culture-numerique@puy-de-dome.fr>",
        recipient_email="camille@exemple.fr",
        recipient_name="Camille Dupré",
        subject=SUBJECT,
        text="Bonjour Camille,\nMerci !",
        html="<p>Merci !</p>",
        locale="fr",
        date=datetime(2023, 10, 28, 8, 0, tzinfo=UTC),
        category="bulk",
        kind="participant.survey",
        headers=unsubscribe_headers("camille@exemple.fr", base_url="https://festplan.example", secret_key="k"),
    )
    values.update(changes)
    return OutgoingEmail(**values)


def _raw_headers(data: bytes) -> list[str]:
    """Header fields as sent, each unfolded onto one line (RFC 5322 § 2.2.3: a fold is CRLF before a space)."""
    fields: list[str] = []
    for line in data.split(b"\n\n", 1)[0].decode("ascii").splitlines():
        if line[:1] in (" ", "\t"):
            fields[-1] += line
        else:
            fields.append(line)
    return fields


def test_list_unsubscribe_is_the_plain_angle_bracketed_url():
    data = build_mime(_email()).as_bytes()
    line = next(h for h in _raw_headers(data) if h.startswith("List-Unsubscribe:"))
    assert " ".join(line.split()).startswith("List-Unsubscribe: <https://festplan.example/notifications/unsubscribe/")
    assert "=?" not in line
    parsed = message_from_bytes(data, policy=policy.default)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_accented_subject_and_names_round_trip_exactly():
    parsed = message_from_bytes(build_mime(_email()).as_bytes(), policy=policy.default)
    assert str(parsed["Subject"]) == SUBJECT
    assert parsed["To"].addresses[0].display_name == "Camille Dupré"
    assert parsed["From"].addresses[0].display_name == "Culture et numérique"
    assert parsed["Message-ID"] == "<0123456789abcdef@festplan>"
    assert parsed.get_body(("plain",)).get_content() == "Bonjour Camille,\nMerci !\n"
    assert parsed.get_body(("html",)).get_content() == "<p>Merci !</p>\n"


def test_encoded_header_lines_stay_within_78_characters():
    data = build_mime(_email(subject=SUBJECT * 4, recipient_name="Zoé " * 60)).as_bytes()
    head = data.split(b"\n\n", 1)[0].decode("ascii")
    lines = [line for line in head.splitlines() if "/notifications/unsubscribe/" not in line]  # a URL cannot fold
    assert max(len(line) for line in lines) <= 78


def test_long_accented_subject_and_name_become_encoded_words_that_round_trip_exactly():
    subject = " ".join(["Évaluation « Atelier découverte » : ça s'est bien passé ? 🎭"] * 5)
    name = " ".join(["Maëlys Lemaître-Périer"] * 8)
    data = build_mime(_email(subject=subject, recipient_name=name)).as_bytes()
    parsed = message_from_bytes(data, policy=policy.default)
    assert str(parsed["Subject"]) == subject  # no character split across two words, no space added between them
    # RFC 2047 § 6.2: the space between two encoded words is dropped (``policy.default``'s address parser
    # keeps it inside a display name, a known CPython bug: ``decode_header`` follows the RFC)
    raw_to = message_from_bytes(data)["To"]
    assert str(make_header(decode_header(raw_to))) == f"{name} <camille@exemple.fr>"
    assert parsed["To"].addresses[0].addr_spec == "camille@exemple.fr"
    head = data.split(b"\n\n", 1)[0].decode("ascii")
    encoded = [line for line in head.splitlines() if "=?utf-8?b?" in line]
    assert len(encoded) > 10
    assert max(len(line) for line in encoded) <= 76  # RFC 2047 § 2


def test_a_line_break_in_a_name_does_not_add_a_header():
    data = build_mime(_email(recipient_name="Eve\r\nBcc: victim@example.org", subject="Hi\nBcc: x@example.org"))
    parsed = message_from_bytes(data.as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert parsed["To"].addresses[0].addr_spec == "camille@exemple.fr"


def test_binary_attachment_is_base64_with_its_type_and_name():
    pdf = Attachment("programme.pdf", "application/pdf", b"%PDF-1.7 \x00\x01\x02")
    parsed = message_from_bytes(build_mime(_email(attachments=(pdf,))).as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    part = next(p for p in parsed.iter_attachments())
    assert (part.get_content_type(), part.get_filename()) == ("application/pdf", "programme.pdf")
    assert part.get_content() == b"%PDF-1.7 \x00\x01\x02"
    assert part["Content-Transfer-Encoding"] == "base64"
