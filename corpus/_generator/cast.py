"""The fictional cast shared by every document: people, agencies and companies.

Markup tags refer to these by key, so a person's canonical name is written once here and
every spelling variant in the documents resolves to it in ``gold.jsonl``.
"""

from __future__ import annotations

PEOPLE: dict[str, str] = {
    "okafor": "Daniel Okafor",  # Sheriff, Alder Valley County Sheriff's Office
    "tolliver": "Renata J. Tolliver",  # Contracting Officer, ICE Office of Acquisition Mgmt
    "mwhitfield": "Marcus Whitfield",  # ERO Westmore Field Office Director
    "castellanos": "Elena Castellanos-Reyes",  # Chair, Board of Supervisors
    "raman": "Priya Raman",  # FOIA Officer, ICE FOIA Office
    # Pitfall: a surname that is also an everyday word ("unit price").
    "price": "Gordon Price",  # Supervisor, District 3
    # Pitfall: shares a surname with Marcus Whitfield; appears only in county documents.
    "twhitfield": "Thomas Whitfield",  # Clerk of the Board
    "lowe": "Hannah Lowe",  # Supervisor, District 2
    "dunning": "Walter Dunning",  # Supervisor, District 4
    "osei": "Miriam Osei",  # County Counsel
    "marsh": "Kevin Marsh",  # Account executive, Brightline
    "pruitt": "Jonah Pruitt",  # Chief Executive Officer, Brightline
    "ferreira": "Luis Ferreira",  # Chief of Police, Millbrook
    "lindqvist": "Sarah Lindqvist",  # Booking sergeant, county jail
    "boone": "Alicia Boone",  # HSI Special Agent
    "ellery": "Jordan Ellery",  # FOIA requester, reporter
    # Booked people in the scanned notifications: deliberately implausible names.
    "sample": "Alex T. Sample",
    "example": "Casey R. Example",
    "testperson": "Morgan Testperson",
}

AGENCIES: dict[str, str] = {
    "ice": "U.S. Immigration and Customs Enforcement",
    "ero": "Enforcement and Removal Operations",
    "hsi": "Homeland Security Investigations",
    "dhs": "U.S. Department of Homeland Security",
    "cbp": "U.S. Customs and Border Protection",
    "fbi": "Federal Bureau of Investigation",
    "usms": "U.S. Marshals Service",
    "avcso": "Alder Valley County Sheriff's Office",
    "jail": "Alder Valley County Jail",
    "bos": "Alder Valley County Board of Supervisors",
    "court": "Alder Valley County Superior Court",
    "mpd": "Millbrook Police Department",
    "wdoc": "Westmore Department of Corrections",
}

ORGS: dict[str, str] = {
    "brightline": "Brightline Data Solutions LLC",
    "kestrel": "Kestrel Analytics, Inc.",
    "ledger": "The Alder Valley Ledger",
}

REGISTRIES: dict[str, dict[str, str]] = {"person": PEOPLE, "agency": AGENCIES, "org": ORGS}

ACRONYMS = ("ICE", "ERO", "HSI", "DHS", "CBP", "FBI", "USMS", "AVCSO")
# "Price" is left out on purpose: "Unit Price" and "price" must stay ordinary words.
UNTAGGED_OK = {"Price"}


def bare_names() -> set[str]:
    """Words that name a cast member by themselves; if one appears in the text outside a tag,
    the gold would miss a mention, so the generator refuses it."""
    words = set(ACRONYMS)
    for name in PEOPLE.values():
        words.update(name.split()[-1].split("-"))
    words.update(("Brightline", "Kestrel", "Ledger"))
    words -= UNTAGGED_OK
    return words | {w.upper() for w in words}
