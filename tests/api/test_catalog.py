"""The DCAT-AP catalogue of the open data parses as JSON-LD (rdflib's parser) into a
dcat:Catalog of dcat:Datasets, each with distributions that name their access URL and media
type, titles in Dutch and English, a publisher and a licence; and every access URL answers."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

# rdflib's own JSON-LD parser reads into its deprecated ConjunctiveGraph (rdflib 7.x).
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

DCAT = Namespace("http://www.w3.org/ns/dcat#")
BASE = "http://public.example"


@pytest.fixture
def app_config():
    return {"BASE_URL": BASE}


@pytest.fixture
def graph(client):
    response = client.get("/api/v1/catalog.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return Graph().parse(data=response.get_data(as_text=True), format="json-ld")


def test_the_catalogue_is_dcat(graph):
    [catalog] = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert catalog == URIRef(f"{BASE}/api/v1/catalog.jsonld")
    titles = {t.language: str(t) for t in graph.objects(catalog, DCTERMS.title)}
    assert set(titles) == {"nl", "en"} and titles["nl"] != titles["en"]
    assert graph.value(catalog, DCTERMS.publisher) is not None
    assert graph.value(catalog, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    datasets = set(graph.objects(catalog, DCAT.dataset))
    identifiers = {str(graph.value(d, DCTERMS.identifier)) for d in datasets}
    assert identifiers >= {"challenges", "lessons", "templates", "statistics", "events"}
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert {t.language for t in graph.objects(dataset, DCTERMS.title)} == {"nl", "en"}
        assert graph.value(dataset, DCTERMS.publisher) is not None
        assert graph.value(dataset, DCTERMS.license) is not None
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions, dataset
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert str(graph.value(distribution, DCAT.accessURL)).startswith(BASE)
            assert str(graph.value(distribution, DCAT.mediaType)).startswith(
                "http://www.iana.org/assignments/media-types/")


def test_the_lessons_have_json_csv_and_atom(graph):
    [lessons] = [d for d in graph.subjects(DCTERMS.identifier, Literal("lessons"))]
    types = {str(graph.value(d, DCAT.mediaType)).rsplit("/", 2)[-2:][1]
             for d in graph.objects(lessons, DCAT.distribution)}
    assert types == {"json", "csv", "atom+xml"}


def test_every_access_url_answers(client, graph):
    for url in set(graph.objects(None, DCAT.accessURL)):
        parts = urlsplit(str(url))
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, url
