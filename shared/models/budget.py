"""The edition's budget: its envelope and cost rules, the lines the lead names, cost items moving from planned
to paid, partners' own contributions, and the audit trail of every change.

Money is integer cents (TTC unless the column says HT), never a float. A VAT rate is stored in tenths of a
percent (0, 55, 100, 200) so that 5.5 % stays exact.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class BudgetEnvelope(Base):
    """The envelope voted for one edition (TTC) and the rates that turn the schedule into planned costs.

    ``rules`` holds ``{"venue_hire": {venue code: cents per opened day}, "equipment": {session kind: cents},
    "homes": {speaker code: {"commune": …, "flat_cents": …}}}``.
    """

    __tablename__ = "budget_envelopes"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    km_rate_cents: Mapped[int] = mapped_column(Integer, default=32)
    night_cents: Mapped[int] = mapped_column(Integer, default=9000)
    far_km: Mapped[int] = mapped_column(Integer, default=60)
    late_minute: Mapped[int] = mapped_column(Integer, default=21 * 60)
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BudgetLine(Base):
    """A line of the envelope the lead names (fees, travel, accommodation…), with the amount allotted to it."""

    __tablename__ = "budget_lines"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    allotted_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CostItem(Base):
    """One expense on a line, attached to the edition or to a session, speaker, venue or partner.

    ``schedule_key`` is set on the items computed from the published schedule (travel, nights, hire,
    equipment), so that the next publication updates them instead of adding new ones.
    """

    __tablename__ = "budget_items"
    __table_args__ = (UniqueConstraint("edition_id", "schedule_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    supplier: Mapped[str | None] = mapped_column(String(200), nullable=True)
    category: Mapped[str] = mapped_column(String(40))
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_proposals.id", ondelete="SET NULL"), nullable=True
    )
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), nullable=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"), nullable=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"), nullable=True)
    amount_ht_cents: Mapped[int] = mapped_column(BigInteger)
    vat_permille: Mapped[int] = mapped_column(Integer)
    amount_ttc_cents: Mapped[int] = mapped_column(BigInteger)
    #: invoice, author_rights or cachet for people; NULL for firms' invoices of goods.
    payment_form: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    #: ``{"planned": {"on": "2023-06-01", "ref": "…"}, "committed": {…}, …}``: the date and reference of each step.
    steps: Mapped[dict] = mapped_column(JSON, default=dict)
    reference: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    schedule_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PartnerContribution(Base):
    """What a partner brings itself (a room lent, staff, money), so the report can show the edition's real cost."""

    __tablename__ = "budget_contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    #: in_kind or money.
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(300))
    amount_cents: Mapped[int] = mapped_column(BigInteger)


class BudgetAudit(Base):
    """Who changed what in the budget and when: one row per creation, edit or status move."""

    __tablename__ = "budget_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("budget_items.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    who: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    on_date: Mapped[date | None] = mapped_column(Date, nullable=True)
