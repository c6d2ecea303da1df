"""Reading who an alert is for: a labelled set of phrases, scored for precision and recall.

A confident wrong street would send an alert to the wrong shops; asking back costs a tap.
"""

from __future__ import annotations

from pathlib import Path

from config.areas import demo_area
from flows import registry
from flows.model import Option, Street
from flows.places import read_places, split_alert, streets_within

LABELLED = Path(__file__).resolve().parents[1] / "data" / "alert_places.txt"
STREETS = tuple(Street(s.name, s.latitude, s.longitude) for s in demo_area())
KINDS = [Option(k, registry.name_of(k)) for k in registry.crime_kinds()]


def decision(phrase: str) -> str:
    reading = read_places(phrase, STREETS, KINDS)
    if not reading.ok:
        return "ask"
    target = reading.target
    if target.everyone:
        return "all"
    if target.around:
        return f"around {target.around} {target.metres}"
    if target.streets:
        return "street " + ", ".join(target.streets)
    return f"kind {target.kind}"


def test_alert_places_precision_and_recall(measured):
    pairs = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, _, expected = line.partition(" => ")
            pairs.append((phrase, expected.strip()))
    confident = [(p, e, decision(p)) for p, e in pairs if decision(p) != "ask"]
    right = [1 for _, e, d in confident if d == e]
    should = [e for _, e in pairs if e != "ask"]
    precision = len(right) / len(confident)
    recall = len(right) / len(should)
    wrong = [(p, e, d) for p, e, d in confident if d != e]
    measured(
        f"alert places: precision {precision:.2f}, recall {recall:.2f} "
        f"over {len(pairs)} labelled phrases"
    )
    assert wrong == []  # never a confident wrong target
    assert recall >= 0.9


def test_several_places_and_the_colon():
    assert split_alert("Coventry Street, Haymarket: two women: grey coats") == (
        "Coventry Street, Haymarket",
        "two women: grey coats",
    )
    assert split_alert("no colon here") is None
    reading = read_places("Coventry St and Haymarket & jermyn st", STREETS, KINDS)
    assert reading.target.streets == ("Coventry Street", "Haymarket", "Jermyn Street")
    assert "Leicester Square" in streets_within("Coventry Street", 200, STREETS)
    assert "Piccadilly" not in streets_within("Coventry Street", 200, STREETS)
