"""The lead's endpoints: the edition's directory (list, create, read, update, delete) and the review of proposals.

The five endpoints of each directory resource are built by :func:`_resource` from its schemas and use
cases, so that every resource answers the same way (404 for an unknown id, 409 for a duplicate code,
422 naming the field). This module must not use ``from __future__ import annotations``: FastAPI reads
the annotations of the endpoints built inside :func:`_resource` at run time.
"""

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, status
from pydantic import BaseModel

from services.ingest import repository as repo
from services.ingest.api_common import http_errors
from services.ingest.directory import schemas
from services.ingest.directory import service as directory
from services.ingest.directory.schemas import INT32, EditionCreate, EditionOut, EditionUpdate, LinkOut, RevokedOut
from services.ingest.proposals import service
from services.ingest.proposals.schemas import DecisionIn, ProposalOut
from shared.models import (
    Edition,
    Participant,
    Partner,
    Registration,
    Room,
    SessionProposal,
    Speaker,
    Venue,
)
from shared.web.api_docs import AUTH_ERRORS, errors
from shared.web.auth import Principal, personal_link_url, require_lead
from shared.web.http import SessionDep
from shared.web.ids import DbId

router = APIRouter(dependencies=[Depends(require_lead)], responses=AUTH_ERRORS)
RowId = Annotated[DbId, Path(description="Identifiant / id")]
EditionFilter = Annotated[int | None, Query(ge=1, le=INT32, description="Limiter à une édition / one edition only")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=INT32)]
LeadDep = Annotated[Principal, Depends(require_lead)]


def _resource(*, path: str, tag: str, model: type, lister: Callable[..., Any] | None = None) -> None:
    """Register list / create / read / update / delete of one directory resource.

    Its pieces are found by name from the model's: ``Venue`` has the bodies ``VenueCreate``, ``VenueUpdate``
    and ``VenueOut`` and the use cases ``directory.create_venue`` (…``update_venue(venue_id=…)``,
    ``delete_venue``); a missing one fails at import, not at the first request.
    """
    name = path.strip("/")
    stem = model.__name__
    singular = stem.lower()
    create: type[BaseModel] = getattr(schemas, f"{stem}Create")
    update: type[BaseModel] = getattr(schemas, f"{stem}Update")
    out: type[BaseModel] = getattr(schemas, f"{stem}Out")
    create_fn = getattr(directory, f"create_{singular}")
    update_fn = getattr(directory, f"update_{singular}")
    delete_fn = getattr(directory, f"delete_{singular}")

    def list_rows(
        session: SessionDep, edition_id: EditionFilter = None, limit: Limit = 200, offset: Offset = 0
    ) -> list[Any]:
        if lister is not None:
            return list(lister(session, edition_id=edition_id, limit=limit, offset=offset))
        return list(repo.list_rows(session, model, edition_id=edition_id, limit=limit, offset=offset))

    @http_errors
    def create_row(body: create, session: SessionDep) -> Any:  # type: ignore[valid-type]
        return create_fn(session, body.model_dump())  # type: ignore[attr-defined]

    @http_errors
    def read_row(row_id: RowId, session: SessionDep) -> Any:
        return directory.find(session, model, row_id)

    @http_errors
    def update_row(row_id: RowId, body: update, session: SessionDep) -> Any:  # type: ignore[valid-type]
        changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        return update_fn(session, **{f"{singular}_id": row_id, "changes": changes})

    @http_errors
    def delete_row(row_id: RowId, session: SessionDep) -> None:
        delete_fn(session, row_id)

    one = f"{path}/{{row_id}}"
    for route_path, endpoint, method, response_model, code, verb, summary, codes in (
        (path, list_rows, "GET", list[out], None, "list", "Lister", ()),  # type: ignore[valid-type]
        (path, create_row, "POST", out, status.HTTP_201_CREATED, "create", "Créer", (404, 409)),
        (one, read_row, "GET", out, None, "read", "Lire", (404,)),
        (one, update_row, "PATCH", out, None, "update", "Modifier", (404, 409)),
        (one, delete_row, "DELETE", None, status.HTTP_204_NO_CONTENT, "delete", "Supprimer", (404, 409)),
    ):
        router.add_api_route(
            route_path,
            endpoint,
            methods=[method],
            response_model=response_model,
            status_code=code,
            tags=[tag],
            name=f"{verb}_{name}",
            summary=f"{summary} ({tag})",
            responses=errors(*codes) if codes else None,
        )


for _path, _tag, _model in (
    ("/venues", "lieux / venues", Venue),
    ("/rooms", "salles / rooms", Room),
    ("/partners", "partenaires / partners", Partner),
    ("/speakers", "intervenant·es / speakers", Speaker),
    ("/participants", "participant·es / participants", Participant),
):
    _resource(path=_path, tag=_tag, model=_model)
_resource(path="/registrations", tag="inscriptions / registrations", model=Registration, lister=repo.list_registrations)


# --- editions -------------------------------------------------------------------------------------

EDITIONS = "éditions / editions"


@router.get("/editions", response_model=list[EditionOut], tags=[EDITIONS], summary="Lister les éditions")
def list_editions(session: SessionDep, limit: Limit = 200, offset: Offset = 0) -> list[Any]:
    return list(repo.list_rows(session, Edition, limit=limit, offset=offset))


@router.post(
    "/editions",
    response_model=EditionOut,
    status_code=status.HTTP_201_CREATED,
    tags=[EDITIONS],
    responses=errors(409),
    summary="Créer une édition",
)
@http_errors
def create_edition(body: EditionCreate, session: SessionDep) -> Any:
    return directory.create_edition(session, body.model_dump())


@router.get(
    "/editions/{row_id}", response_model=EditionOut, tags=[EDITIONS], responses=errors(404), summary="Lire une édition"
)
@http_errors
def read_edition(row_id: RowId, session: SessionDep) -> Any:
    return directory.find(session, Edition, row_id)


@router.patch(
    "/editions/{row_id}",
    response_model=EditionOut,
    tags=[EDITIONS],
    responses=errors(404),
    summary="Modifier une édition (dont la clôture de l'appel à propositions)",
)
@http_errors
def update_edition(row_id: RowId, body: EditionUpdate, session: SessionDep) -> Any:
    return directory.update_edition(session, edition_id=row_id, changes=body.model_dump(exclude_unset=True))


# --- personal links -------------------------------------------------------------------------------

LINKS = "liens personnels / personal links"


_ISSUE = "Nouveau lien personnel (les précédents sont révoqués) / New personal link"
_REVOKE = "Révoquer les liens personnels / Revoke the personal links"


def _link_routes(role: Literal["partner", "speaker"], path: str) -> None:
    @http_errors
    def issue(row_id: RowId, session: SessionDep) -> dict[str, Any]:
        token, raw = directory.issue_link(session, role=role, subject_id=row_id)
        return {"url": personal_link_url(raw), "token": raw, "expires_at": token.expires_at}

    @http_errors
    def revoke(row_id: RowId, session: SessionDep) -> dict[str, int]:
        return {"revoked": directory.revoke_links(session, role=role, subject_id=row_id)}

    for endpoint, method, response_model, name, summary in (
        (issue, "POST", LinkOut, f"issue_{role}_link", _ISSUE),
        (revoke, "DELETE", RevokedOut, f"revoke_{role}_links", _REVOKE),
    ):
        router.add_api_route(
            f"{path}/{{row_id}}/link",
            endpoint,
            methods=[method],
            response_model=response_model,
            tags=[LINKS],
            name=name,
            responses=errors(404),
            summary=summary,
        )


_link_routes("partner", "/partners")
_link_routes("speaker", "/speakers")


# --- review of proposals --------------------------------------------------------------------------

REVIEW = "propositions / proposals"
StatusFilter = Annotated[Literal["submitted", "accepted", "rejected", "withdrawn"] | None, Query()]


@router.get("/proposals", response_model=list[ProposalOut], tags=[REVIEW], summary="Toutes les propositions")
def list_proposals(
    session: SessionDep,
    edition_id: EditionFilter = None,
    status: StatusFilter = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    rows = repo.list_proposals(session, edition_id=edition_id, status=status, limit=limit, offset=offset)
    return service.proposal_views(session, rows)


@router.get(
    "/proposals/{row_id}",
    response_model=ProposalOut,
    tags=[REVIEW],
    responses=errors(404),
    summary="Lire une proposition",
)
@http_errors
def read_proposal(row_id: RowId, session: SessionDep) -> dict[str, Any]:
    return service.proposal_views(session, [directory.find(session, SessionProposal, row_id)])[0]


@router.post(
    "/proposals/{row_id}/decision",
    response_model=ProposalOut,
    tags=[REVIEW],
    responses=errors(404, 409),
    summary="Accepter ou refuser, avec un message / Accept or reject, with a message",
)
@http_errors
def decide_proposal(row_id: RowId, body: DecisionIn, session: SessionDep, principal: LeadDep) -> dict[str, Any]:
    """Record the decision; the partner is emailed it with the message, once per decision."""
    proposal = service.decide(session, proposal_id=row_id, status=body.status, message=body.message)
    return service.proposal_views(session, [proposal])[0]
