"""The route table and the access rules agree: every endpoint declares who may use it
(challenges.access), the public ones are exactly the list below, and a stranger is sent to
sign in on every other one, whatever the method. A route added without a rule fails here."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter

from challenges import create_app
from challenges.access import IdConverter, rule_of
from tests.access import sent_to_sign_in

# Static files are served by Flask and Bootstrap-Flask themselves.
SERVED_BY_FLASK = {"static", "bootstrap.static"}

# Anyone may use these, signed in or not. Adding a public route is a decision: add it here.
PUBLIC = {
    "main.home", "main.accessibility", "main.privacy", "main.healthz", "main.set_language",
    "accounts.register", "accounts.registered", "accounts.login", "accounts.logout",
    "accounts.verify_email", "submissions.accept_invitation", "jury.accept",
    "mfa.sign_in_code",
    "accounts.forgot_password", "accounts.reset_password", "accounts.confirm_email_change",
    "challenges.listing", "challenges.detail", "challenges.attachment", "challenges.organisation",
    "challenges.cover",
    "feeds.challenges", "feeds.theme", "feeds.organisation", "feeds.deadline",
    # The view sends a stranger to the question form after signing in, with the text kept.
    "questions.ask", "questions.index",
    "submissions.view", "submissions.attachment", "submissions.public_list",
    "results.public",
    "pilots.feed",
    "lessons.library", "lessons.view", "lessons.library_csv", "api.lessons", "api.events",
    # Templates are published the moment they exist; adopting one needs signing in.
    "reuse.library", "reuse.view", "api.templates",
    # The unsubscribe link of a follower's email works without signing in (signed token).
    "follows.unsubscribe", "follows.unsubscribe_confirm",
    # Events are public like their challenge; registering needs signing in.
    "sessions.index", "sessions.detail", "sessions.calendar", "sessions.feed",
    "api.index", "api.challenges", "api.challenge", "api.organisations", "api.openapi_document",
    "api.unknown",
    "statistics.index", "api.statistics", "lessons.feed", "api.catalog",
}

# A value for each kind of route variable; a stranger is refused before anything is loaded,
# so these need not exist.
SAMPLE_VALUES = {"slug": "some-challenge", "token": "some-token", "unknown": "x/y", "size": "card"}


def unruled_endpoints(app: Flask) -> set[str]:
    return {endpoint for endpoint, view in app.view_functions.items()
            if endpoint not in SERVED_BY_FLASK and rule_of(view) is None}


def declared_public(app: Flask) -> set[str]:
    return {endpoint for endpoint, view in app.view_functions.items()
            if (rule := rule_of(view)) is not None and rule.kind == "public"}


def path_of(rule) -> str:
    values = {name: SAMPLE_VALUES.get(name, 1) for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def guarded_routes(app: Flask) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SERVED_BY_FLASK or rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, path_of(rule)))
    return routes


@pytest.fixture(scope="module")
def route_app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                       "SECRET_KEY": "route-table"})


def test_every_endpoint_declares_its_rule(route_app):
    assert unruled_endpoints(route_app) == set()


def test_the_public_endpoints_are_exactly_the_named_ones(route_app):
    assert declared_public(route_app) == PUBLIC


def test_every_id_in_an_address_uses_the_id_converter(route_app):
    """One converter for ids: a number past what the database holds is a 404 everywhere."""
    plain = [(rule.rule, name) for rule in route_app.url_map.iter_rules()
             for name, converter in rule._converters.items()
             if isinstance(converter, IntegerConverter) and not isinstance(converter, IdConverter)]
    assert plain == []


def test_a_route_without_a_rule_is_found(route_app):
    """The check above would catch a new route that forgets its rule."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "route-table"})
    app.add_url_rule("/forgotten", "forgotten", lambda: "no rule")
    assert unruled_endpoints(app) == {"forgotten"}


def test_a_stranger_is_refused_on_every_guarded_route(client):
    routes = guarded_routes(client.application)
    assert len(routes) > 80
    for endpoint, method, path in routes:
        response = client.open(path, method=method)
        assert sent_to_sign_in(response), (endpoint, method, path, response.status_code)


def test_ids_past_the_database_integer_are_404(client, make):
    user = make.user()
    client.login_as(user)
    for path in ("/proposals/99999999999999999999", "/proposals/2147483648/edit",
                 "/manage/proposals/99999999999", "/jury/x/proposals/99999999999/review",
                 "/jury/x/stages/99999999999/ranking", "/jury/x/stages/2147483648",
                 "/manage/challenges/x/stages/99999999999/criteria"):
        assert client.get(path).status_code == 404, path


# The organisers' pages of one challenge, by the predicate that guards them: for a joint
# challenge, a partner's editor passes each as the lead's editor does, until removed.
ORGANISER_PREDICATES = {"Challenge.can_edit", "can_oversee_jury"}


def organiser_pages(app: Flask) -> list[tuple[str, str]]:
    pages = []
    for rule in app.url_map.iter_rules():
        found = rule_of(app.view_functions[rule.endpoint])
        if (found is not None and found.predicate in ORGANISER_PREDICATES
                and "GET" in rule.methods
                and set(rule.arguments) - set(rule.defaults or {}) == {"slug"}):
            pages.append((rule.endpoint, rule.rule))
    return pages


def test_a_partner_editor_passes_every_organiser_page_until_removed(client, make):
    from challenges.extensions import db

    lead = make.organisation()
    partner = make.organisation()
    challenge = make.challenge(lead, phase="completed")
    make.lessons(challenge)
    editor = make.user()
    make.membership(editor, partner)
    row = make.partner(challenge, partner)
    pages = organiser_pages(client.application)
    assert len(pages) >= 10
    client.login_as(editor)
    for endpoint, rule in pages:
        response = client.get(rule.replace("<slug>", challenge.slug))
        assert response.status_code != 403, (endpoint, response.status_code)
    db.session.delete(row)
    db.session.commit()
    for endpoint, rule in pages:
        response = client.get(rule.replace("<slug>", challenge.slug))
        assert response.status_code == 403, (endpoint, response.status_code)


# A stage's jury (issue 13) has the final jury's screens under its stage's address, and the
# stage its own criteria. Each rule is listed with what it needs; a new one must be added.
STAGE = "/stages/<id:stage_id>"
STAGE_JURY_ROUTES = {
    f"/manage/challenges/<slug>{STAGE}/jury": "can_oversee_jury",
    f"/manage/challenges/<slug>{STAGE}/jury/members": "can_oversee_jury",
    f"/manage/challenges/<slug>{STAGE}/jury/members/<id:member_id>/chair": "Jury.can_oversee",
    f"/manage/challenges/<slug>{STAGE}/jury/members/<id:member_id>/remove": "Jury.can_oversee",
    f"/manage/challenges/<slug>{STAGE}/criteria": "Challenge.can_edit",
    f"/manage/challenges/<slug>{STAGE}/criteria/<id:criterion_id>/move": "Challenge.can_edit",
    f"/jury/<slug>{STAGE}": "Jury.has_member",
    f"/jury/<slug>{STAGE}/proposals/<id:proposal_id>/declare": "Jury.can_review",
    f"/jury/<slug>{STAGE}/proposals/<id:proposal_id>/review": "Jury.can_review",
    f"/jury/<slug>{STAGE}/proposals/<id:proposal_id>/attachments/<id:attachment_id>": "_reads",
    f"/jury/<slug>{STAGE}/progress": "can_oversee_jury",
    f"/jury/<slug>{STAGE}/remind": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/lock": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/unlock": "Jury.can_unlock",
    f"/jury/<slug>{STAGE}/assign": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/assignments": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/ranking": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/report": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/export/scores.csv": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/export/ranking.csv": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/export/scores.xlsx": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/export/answers.csv": "Jury.can_oversee",
    f"/jury/<slug>{STAGE}/export/answers.xlsx": "Jury.can_oversee",
}


def test_every_stage_jury_route_is_listed_with_its_rule(route_app):
    found = {}
    for rule in route_app.url_map.iter_rules():
        if STAGE in rule.rule and (rule.rule.startswith("/jury/") or "/jury" in rule.rule
                                   or "/criteria" in rule.rule):
            found[rule.rule] = rule_of(route_app.view_functions[rule.endpoint]).predicate
    assert found == STAGE_JURY_ROUTES


def test_a_stage_jury_page_is_the_final_jury_page_under_the_stage(route_app):
    """One view for both juries: the stage's rule has the same endpoint as a final one."""
    by_endpoint: dict[str, set[str]] = {}
    for rule in route_app.url_map.iter_rules():
        by_endpoint.setdefault(rule.endpoint, set()).add(rule.rule)
    for path in STAGE_JURY_ROUTES:
        if "/criteria" in path:
            continue
        endpoint = next(r.endpoint for r in route_app.url_map.iter_rules() if r.rule == path)
        assert path.replace(STAGE, "") in by_endpoint[endpoint], path
