"""Question sets as data: the bundled default, errors that say where, and answers checked against the questions."""

from __future__ import annotations

import copy

import pytest

from services.evaluation.domain.questions import (
    QuestionSetError,
    default_question_set,
    parse_question_set,
    validate_answers,
)


@pytest.fixture(scope="module")
def document() -> dict:
    return default_question_set().document


def test_default_set_declares_the_four_surveys_in_french_and_english() -> None:
    questions = default_question_set()
    assert list(questions.surveys) == ["participant_after", "speaker_after", "partner_after", "partner_before"]
    participant = questions.surveys["participant_after"]
    assert participant.keep_identity is False
    assert [q.type for q in participant.questions] == ["scale", "scale", "text", "choice", "multiple", "text"]
    assert (participant.question("recommend").min, participant.question("recommend").max) == (0, 10)
    assert questions.surveys["partner_after"].keep_identity is True
    for survey in questions.surveys.values():
        assert survey.privacy.fr
        assert survey.privacy.en
        for question in survey.questions:
            assert question.label.en, question.id
    assert [q.compare for q in questions.surveys["partner_before"].questions if q.compare] == [
        "organisation",
        "logistics",
        "audience",
    ]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["surveys"].pop("partner_before"), "surveys.partner_before"),
        (
            lambda d: d["surveys"]["speaker_after"]["questions"][0].update(type="slider"),
            "surveys.speaker_after.questions[0].type",
        ),
        (
            lambda d: d["surveys"]["participant_after"]["questions"][1].update(max=12),
            "surveys.participant_after.questions[1].max",
        ),
        (
            lambda d: d["surveys"]["participant_after"]["questions"][3]["options"][1].update(value="yes"),
            "surveys.participant_after.questions[3].options",
        ),
        (
            lambda d: d["surveys"]["participant_after"]["questions"][2]["label"].pop("fr"),
            "surveys.participant_after.questions[2].label.fr",
        ),
        (
            lambda d: d["surveys"]["participant_after"].update(keep_identity="non"),
            "surveys.participant_after.keep_identity",
        ),
        (
            lambda d: d["surveys"]["participant_after"]["questions"][5].update(id="satisfaction"),
            "surveys.participant_after.questions[5].id",
        ),
    ],
)
def test_errors_name_the_place_in_the_document(document: dict, change, path: str) -> None:  # type: ignore[no-untyped-def]
    broken = copy.deepcopy(document)
    change(broken)
    with pytest.raises(QuestionSetError) as caught:
        parse_question_set(broken)
    assert caught.value.path == path


def test_answers_are_checked_and_normalised() -> None:
    survey = default_question_set().surveys["participant_after"]
    answers, errors = validate_answers(
        survey,
        {
            "satisfaction": ["4"],
            "recommend": ["10"],
            "learned": ["  beaucoup  "],
            "accessibility": ["partly"],
            "heard": ["venue", "website"],
            "comment": [""],
        },
    )
    assert errors == {}
    assert answers == {
        "satisfaction": 4,
        "recommend": 10,
        "learned": "beaucoup",
        "accessibility": "partly",
        "heard": ["website", "venue"],
        "comment": None,
    }
    _answers, errors = validate_answers(
        survey,
        {"satisfaction": ["6"], "recommend": [], "accessibility": ["maybe"], "heard": ["tv"], "comment": ["x" * 2001]},
    )
    assert errors == {
        "satisfaction": "answer_scale",
        "recommend": "answer_required",
        "accessibility": "answer_choice",
        "heard": "answer_choice",
        "comment": "answer_too_long",
    }
