"""The school and public holidays, offline, from two maintained packages: ``vacances-scolaires-france`` (the
Ministry's school calendar bundled as data, zones A/B/C) and ``holidays`` (public holidays, computed)."""

from __future__ import annotations

from datetime import date

TOUSSAINT = "Vacances de la Toussaint"
#: Clermont-Ferrand is in the académie de Clermont-Ferrand, zone A.
ZONE = "A"


class CalendarUnknown(LookupError):
    """The bundled school calendar does not reach that year yet: the package needs an update."""


def toussaint_days(year: int, *, zone: str = ZONE) -> list[date]:
    from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

    try:
        days = SchoolHolidayDates().holidays_for_year_zone_and_name(year, zone, TOUSSAINT)
    except UnsupportedYearException as exc:
        raise CalendarUnknown(
            f"le calendrier scolaire {year} n'est pas connu du paquet vacances-scolaires-france installé : "
            "mettez-le à jour (pip install -U vacances-scolaires-france)"
        ) from exc
    if not days:
        raise CalendarUnknown(f"pas de vacances de la Toussaint {year} en zone {zone} dans le calendrier scolaire")
    return sorted(days)


def public_holidays(year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.France(years=year, language="fr"))
