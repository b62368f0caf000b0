"""The demo's places read true: a session titled after a town belongs to that town, and so does its partner."""

from __future__ import annotations

from services.demo.places import partner_commune, title_commune

COMMUNES = {"Riom", "Clermont-Ferrand", "Issoire", "Le Mont-Dore", "Saint-Éloy-les-Mines"}


def test_the_town_of_a_title():
    assert title_commune("Atelier — Premiers pas sur une tablette (Riom)", COMMUNES) == "Riom"
    assert title_commune("Conférence — L'IA (Clermont-Ferrand)", COMMUNES) == "Clermont-Ferrand"
    assert title_commune("Atelier « Fake news » (2 h)", COMMUNES) is None
    assert title_commune("Ouverture de l'édition", COMMUNES) is None


def test_the_town_of_a_partner():
    assert partner_commune("Médiathèque de Riom", COMMUNES) == "Riom"
    assert partner_commune("CCAS d'Issoire", COMMUNES) == "Issoire"
    assert partner_commune("FabLab du Mont-Dore", COMMUNES) == "Le Mont-Dore"
    assert partner_commune("Médiathèque de Saint-Éloy-les-Mines", COMMUNES) == "Saint-Éloy-les-Mines"
    assert partner_commune("Atelier Canopé 63 — Clermont-Ferrand", COMMUNES) == "Clermont-Ferrand"
    assert partner_commune("Archives départementales du Puy-de-Dôme", COMMUNES) is None
