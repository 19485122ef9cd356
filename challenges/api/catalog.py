"""GET /api/v1/catalog.jsonld: a DCAT-AP catalogue (JSON-LD) of the platform's open data, so
that data portals (data.vlaanderen.be, data.europa.eu) can harvest it.

Each dataset names its distributions (the JSON API, the CSV download, the Atom feed) with
their access URL and IANA media type; titles and descriptions are given in Dutch and English,
rendered from the translation catalogues."""

from __future__ import annotations

from flask import Response, current_app, json
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from challenges.access import public
from challenges.api.views import bp
from challenges.cache import cached_page
from challenges.links import external_url

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA = "http://www.iana.org/assignments/media-types/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
LANGUAGES = ("nl", "en")

# (id, title, description, landing endpoint, [(endpoint, media type, file type, title)])
DATASETS = [
    ("challenges", _l("Challenges of Flemish municipalities"),
     _l("Every published challenge: the problem, the timeline, the reward, the criteria, the "
        "hosts, the legal route and the pilots that followed."),
     "challenges.listing",
     [("api.challenges", "application/json", "JSON", _l("JSON API")),
      ("feeds.challenges", "application/atom+xml", "ATOM", _l("Atom feed"))]),
    ("lessons", _l("Lessons shared across municipalities"),
     _l("The published lessons records of completed challenges: what worked, what went "
        "wrong, the outcome of each pilot and the results against the KPIs."),
     "lessons.library",
     [("api.lessons", "application/json", "JSON", _l("JSON API")),
      ("lessons.library_csv", "text/csv", "CSV", _l("Spreadsheet (CSV)")),
      ("lessons.feed", "application/atom+xml", "ATOM", _l("Atom feed"))]),
    ("templates", _l("Challenge templates"),
     _l("Challenges published as templates for other municipalities, with what each was "
        "derived from and who adopted it."),
     "challenges.listing",
     [("api.templates", "application/json", "JSON", _l("JSON API"))]),
    ("statistics", _l("Statistics of the platform"),
     _l("Per municipality and for the platform: challenges run, proposals by participant "
        "kind, money awarded, pilots and their outcomes, time from publication to pilot."),
     "statistics.index",
     [("api.statistics", "application/json", "JSON", _l("JSON API"))]),
    ("events", _l("Info sessions and pitch days"),
     _l("The upcoming info sessions and pitch days of published challenges."),
     "sessions.index",
     [("api.events", "application/json", "JSON", _l("JSON API"))]),
    ("organisations", _l("Organisations on the platform"),
     _l("The municipalities and public bodies that publish challenges."),
     "challenges.listing",
     [("api.organisations", "application/json", "JSON", _l("JSON API"))]),
]


def _texts(text) -> list[dict]:
    """A lazy string in each language, as JSON-LD language-tagged values."""
    values = []
    for language in LANGUAGES:
        with force_locale(language):
            values.append({"@value": str(text), "@language": language})
    return values


def _url(endpoint: str) -> str | None:
    # A dataset whose route is not in this app (a module left out) is left out too.
    return external_url(endpoint) if endpoint in current_app.view_functions else None


def catalogue() -> dict:
    config = current_app.config
    home = external_url("main.home")
    publisher = {"@id": home + "#publisher", "@type": "foaf:Agent",
                 "foaf:name": config["OPEN_DATA_PUBLISHER"], "foaf:homepage": {"@id": home}}
    licence = {"@id": config["OPEN_DATA_LICENSE"], "@type": "dct:LicenseDocument"}
    openapi = external_url("api.openapi_document")
    datasets = []
    for ident, title, description, landing, distributions in DATASETS:
        items = []
        for endpoint, media_type, file_type, label in distributions:
            url = _url(endpoint)
            if url is None:
                continue
            item = {"@id": f"{url}#distribution", "@type": "dcat:Distribution",
                    "dct:title": _texts(label), "dcat:accessURL": {"@id": url},
                    "dcat:downloadURL": {"@id": url},
                    "dcat:mediaType": {"@id": IANA + media_type},
                    "dct:format": {"@id": EU_FILE_TYPE + file_type},
                    "dct:license": licence}
            if endpoint.startswith("api."):
                item["dct:conformsTo"] = {"@id": openapi}
            items.append(item)
        if not items:
            continue
        datasets.append({
            "@id": f"{home}#dataset-{ident}", "@type": "dcat:Dataset",
            "dct:identifier": ident, "dct:title": _texts(title),
            "dct:description": _texts(description), "dct:publisher": publisher,
            "dct:license": licence, "dcat:landingPage": {"@id": external_url(landing)},
            "dct:language": [{"@id": EU_LANGUAGE + "NLD"}, {"@id": EU_LANGUAGE + "ENG"}],
            "dcat:theme": {"@id": EU_THEME + "GOVE"},
            "dcat:contactPoint": {"@type": "vcard:Organization",
                                  "vcard:fn": config["OPEN_DATA_PUBLISHER"],
                                  "vcard:hasURL": {"@id": home}},
            "dcat:distribution": items,
        })
    return {
        "@context": CONTEXT,
        "@id": external_url("api.catalog"),
        "@type": "dcat:Catalog",
        "dct:title": _texts(_l("Open data of the challenges platform")),
        "dct:description": _texts(_l(
            "The public data of an open-innovation platform for Flemish municipalities: "
            "challenges, lessons, templates, statistics and events.")),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": [{"@id": EU_LANGUAGE + "NLD"}, {"@id": EU_LANGUAGE + "ENG"}],
        "foaf:homepage": {"@id": home},
        "dcat:dataset": datasets,
    }


@bp.get("/catalog.jsonld")
@cached_page
@public()
def catalog():
    return Response(json.dumps(catalogue()), mimetype="application/ld+json")
