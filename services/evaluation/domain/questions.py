"""Survey question sets as data: read and check the lead's YAML or JSON file, and check a person's answers.

Pure: no database, no web framework. A question set declares the four surveys of an edition
(participants after a session, speakers and partners after the event, partners before it); each
survey says who answers it, whether their identity is kept with the answers, the notice telling
them what is collected and why, and its questions (scale, choice, multiple choice, free text).
Every error names where it is in the document (``surveys.participant_after.questions[1].max``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FILE = Path(__file__).resolve().parent / "default.yaml"

#: The surveys an edition runs, and who answers each.
SURVEY_RESPONDENTS: dict[str, str] = {
    "participant_after": "participant",
    "speaker_after": "speaker",
    "partner_after": "partner",
    "partner_before": "partner",
}
QUESTION_TYPES = ("scale", "choice", "multiple", "text")
#: What the evaluation report reads from a question, whatever its id.
MEASURES = ("satisfaction", "recommend", "comment", "expectations")
TEXT_MAX_LENGTH = 2000


class QuestionSetError(ValueError):
    """The question set is malformed; ``path`` says where, ``message`` what (in English, for the lead's log)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True, slots=True)
class Text:
    """A text a person reads, French first; English falls back to French."""

    fr: str
    en: str | None = None

    def get(self, locale: str) -> str:
        return self.en if locale == "en" and self.en else self.fr

    def as_dict(self) -> dict[str, str]:
        return {"fr": self.fr, **({"en": self.en} if self.en else {})}


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str
    label: Text
    required: bool = False
    help: Text | None = None
    min: int | None = None
    max: int | None = None
    min_label: Text | None = None
    max_label: Text | None = None
    options: tuple[Option, ...] = ()
    measure: str | None = None
    #: Pairs a partner_before question with a partner_after one in the report.
    compare: str | None = None
    max_length: int = TEXT_MAX_LENGTH

    def option_label(self, value: str, locale: str) -> str:
        """The words of a stored choice value (the value itself when the option is gone)."""
        for option in self.options:
            if option.value == value:
                return option.label.get(locale)
        return value


@dataclass(frozen=True, slots=True)
class Survey:
    key: str
    respondents: str
    keep_identity: bool
    title: Text
    intro: Text
    privacy: Text
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def with_measure(self, measure: str) -> list[Question]:
        return [q for q in self.questions if q.measure == measure]


@dataclass(frozen=True, slots=True)
class QuestionSet:
    version: int
    surveys: dict[str, Survey]
    #: The document as read, stored with the edition so answers are always read with the labels they had.
    document: dict[str, Any]


def load_question_set(path: Path) -> QuestionSet:
    """Read a ``.yaml``/``.yml`` or ``.json`` file and check it."""
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise QuestionSetError(
            "$", f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {str(exc).splitlines()[0]}"
        ) from None
    return parse_question_set(document)


def default_question_set() -> QuestionSet:
    """The bundled French default."""
    return load_question_set(DEFAULT_FILE)


def parse_question_set(document: Any) -> QuestionSet:
    """Check a decoded document and turn it into a :class:`QuestionSet`; raise :class:`QuestionSetError`."""
    doc = _mapping(document, "$")
    version = doc.get("version")
    if version != 1:
        raise QuestionSetError("version", "must be 1")
    surveys_doc = _mapping(doc.get("surveys"), "surveys")
    unknown = sorted(set(surveys_doc) - set(SURVEY_RESPONDENTS))
    if unknown:
        raise QuestionSetError(f"surveys.{unknown[0]}", f"unknown survey (known: {', '.join(SURVEY_RESPONDENTS)})")
    surveys = {}
    for key in SURVEY_RESPONDENTS:
        if key not in surveys_doc:
            raise QuestionSetError(f"surveys.{key}", "missing survey")
        surveys[key] = _survey(key, surveys_doc[key], f"surveys.{key}")
    plain = json.loads(json.dumps(doc))  # YAML anchors resolved, dates and the like refused below
    return QuestionSet(version=1, surveys=surveys, document=plain)


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise QuestionSetError(path, "must be a mapping")
    return value


def _text(value: Any, path: str, *, required: bool = True) -> Text | None:
    if value is None and not required:
        return None
    if isinstance(value, str) and value.strip():
        return Text(value.strip())
    if isinstance(value, Mapping):
        fr, en = value.get("fr"), value.get("en")
        if not isinstance(fr, str) or not fr.strip():
            raise QuestionSetError(f"{path}.fr", "a French text is required")
        if en is not None and not isinstance(en, str):
            raise QuestionSetError(f"{path}.en", "must be text")
        extra = sorted(set(value) - {"fr", "en"})
        if extra:
            raise QuestionSetError(f"{path}.{extra[0]}", "unknown language (fr, en)")
        return Text(fr.strip(), en.strip() if en else None)
    raise QuestionSetError(path, "must be a text or {fr: …, en: …}")


def _survey(key: str, value: Any, path: str) -> Survey:
    doc = _mapping(value, path)
    respondents = doc.get("respondents", SURVEY_RESPONDENTS[key])
    if respondents != SURVEY_RESPONDENTS[key]:
        raise QuestionSetError(f"{path}.respondents", f"must be {SURVEY_RESPONDENTS[key]}")
    keep = doc.get("keep_identity")
    if not isinstance(keep, bool):
        raise QuestionSetError(f"{path}.keep_identity", "must be true or false")
    questions_doc = doc.get("questions")
    if not isinstance(questions_doc, list) or not questions_doc:
        raise QuestionSetError(f"{path}.questions", "must be a non-empty list")
    questions = tuple(_question(q, f"{path}.questions[{i}]") for i, q in enumerate(questions_doc))
    seen: set[str] = set()
    for index, question in enumerate(questions):
        if question.id in seen:
            raise QuestionSetError(f"{path}.questions[{index}].id", f"duplicate id {question.id!r}")
        seen.add(question.id)
    return Survey(
        key=key,
        respondents=respondents,
        keep_identity=keep,
        title=_text(doc.get("title"), f"{path}.title"),  # type: ignore[arg-type]
        intro=_text(doc.get("intro"), f"{path}.intro"),  # type: ignore[arg-type]
        privacy=_text(doc.get("privacy"), f"{path}.privacy"),  # type: ignore[arg-type]
        questions=questions,
    )


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise QuestionSetError(path, "must be a whole number")
    return value


def _question(value: Any, path: str) -> Question:
    doc = _mapping(value, path)
    qid = doc.get("id")
    if not isinstance(qid, str) or not qid.replace("_", "").isalnum() or not qid.isascii():
        raise QuestionSetError(f"{path}.id", "must be letters, digits and _ only")
    qtype = doc.get("type")
    if qtype not in QUESTION_TYPES:
        raise QuestionSetError(f"{path}.type", f"must be one of {', '.join(QUESTION_TYPES)}")
    required = doc.get("required", False)
    if not isinstance(required, bool):
        raise QuestionSetError(f"{path}.required", "must be true or false")
    measure = doc.get("measure")
    if measure is not None and measure not in MEASURES:
        raise QuestionSetError(f"{path}.measure", f"must be one of {', '.join(MEASURES)}")
    compare = doc.get("compare")
    if compare is not None and (not isinstance(compare, str) or qtype != "scale"):
        raise QuestionSetError(f"{path}.compare", "only a scale question can be compared, by a name")
    fields: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "required": required,
        "measure": measure,
        "compare": compare,
        "label": _text(doc.get("label"), f"{path}.label"),
        "help": _text(doc.get("help"), f"{path}.help", required=False),
    }
    if qtype == "scale":
        low, high = _int(doc.get("min"), f"{path}.min"), _int(doc.get("max"), f"{path}.max")
        if not 0 <= low < high <= 10:
            raise QuestionSetError(f"{path}.max", "a scale goes from min to max with 0 ≤ min < max ≤ 10")
        if measure == "recommend" and (low, high) != (0, 10):
            raise QuestionSetError(f"{path}.measure", "recommend (NPS) needs a 0–10 scale")
        fields |= {
            "min": low,
            "max": high,
            "min_label": _text(doc.get("min_label"), f"{path}.min_label", required=False),
            "max_label": _text(doc.get("max_label"), f"{path}.max_label", required=False),
        }
    elif measure in ("satisfaction", "recommend"):
        raise QuestionSetError(f"{path}.measure", f"{measure} needs a scale question")
    if qtype in ("choice", "multiple"):
        fields["options"] = _options(doc.get("options"), f"{path}.options")
    elif "options" in doc:
        raise QuestionSetError(f"{path}.options", f"a {qtype} question has no options")
    if qtype == "text":
        fields["max_length"] = _int(doc.get("max_length", TEXT_MAX_LENGTH), f"{path}.max_length")
    elif measure in ("comment", "expectations"):
        raise QuestionSetError(f"{path}.measure", f"{measure} needs a text question")
    return Question(**fields)


def _options(value: Any, path: str) -> tuple[Option, ...]:
    if not isinstance(value, list) or len(value) < 2:
        raise QuestionSetError(path, "must list at least two options")
    options = []
    for index, item in enumerate(value):
        doc = _mapping(item, f"{path}[{index}]")
        option_value = doc.get("value")
        if not isinstance(option_value, str) or not option_value:
            raise QuestionSetError(f"{path}[{index}].value", "must be a text (quote yes/no in YAML)")
        options.append(Option(option_value, _text(doc.get("label"), f"{path}[{index}].label")))  # type: ignore[arg-type]
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise QuestionSetError(path, "two options have the same value")
    return tuple(options)


# --- answers ------------------------------------------------------------------------------------------------


Answer = int | str | list[str] | None


def validate_answers(survey: Survey, form: Mapping[str, Sequence[str]]) -> tuple[dict[str, Answer], dict[str, str]]:
    """The answers to keep, and the errors by question id (message keys of :mod:`.messages`).

    ``form`` maps a question id to the values posted for it (a form sends a field once per ticked box).
    Unanswered optional questions are kept as ``None`` so every response has every key of its survey.
    """
    answers: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    for question in survey.questions:
        raw = [v.replace("\x00", "").strip() for v in form.get(question.id, ()) if v is not None]
        raw = [v for v in raw if v]
        if not raw:
            if question.required:
                errors[question.id] = "answer_required" if question.type != "multiple" else "answer_required_many"
            answers[question.id] = [] if question.type == "multiple" else None
            continue
        if question.type == "scale":
            try:
                number = int(raw[0])
            except ValueError:
                number = None
            if number is None or not question.min <= number <= question.max:  # type: ignore[operator]
                errors[question.id] = "answer_scale"
            answers[question.id] = number
        elif question.type == "choice":
            allowed = {o.value for o in question.options}
            if raw[0] not in allowed or len(raw) > 1:
                errors[question.id] = "answer_choice"
            answers[question.id] = raw[0]
        elif question.type == "multiple":
            allowed_order = [o.value for o in question.options]
            if any(v not in allowed_order for v in raw):
                errors[question.id] = "answer_choice"
            answers[question.id] = [v for v in allowed_order if v in raw]
        else:
            text = "\n".join(raw)
            if len(text) > question.max_length:
                errors[question.id] = "answer_too_long"
            answers[question.id] = text
    return answers, errors
