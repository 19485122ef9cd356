from sqlalchemy import func, select

from challenges.accounts.models import ParticipantKind, User
from challenges.extensions import db
from challenges.notifications.models import OutboxMessage

GOOD = {
    "display_name": "Ann Peeters", "email": "Ann.Peeters@Example.be",
    "password": "fietsen langs de Dijle", "password_confirm": "fietsen langs de Dijle",
    "participant_kind": "citizen", "accept_privacy": "y",
}


def register(client, **changes):
    data = dict(GOOD, **changes)
    return client.post("/register", data={k: v for k, v in data.items() if v is not None})


def test_register_creates_account_and_queues_verification_in_the_users_language(client):
    response = client.post("/register", data=GOOD, headers={"Accept-Language": "en"})
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "ann.peeters@example.be"
    assert user.password_hash and "fietsen" not in user.password_hash
    assert user.password_hash.startswith("scrypt:")
    assert user.email_verified_at is None
    assert user.language == "en"
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "ann.peeters@example.be"
    assert message.kind == "verify_email"
    assert message.subject == "Confirm your email address"
    assert "/verify/" in message.body_text and "/verify/" in message.body_html


def test_a_used_address_is_not_revealed_on_the_page_but_told_by_email(client, make):
    existing = make.user(email="ann.peeters@example.be")
    taken = register(client, email="ANN.PEETERS@example.BE")
    new = register(client, email="someone.new@example.be")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"] == "/register/sent"
    # No second account, and nobody is signed in by either.
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    assert client.get("/account").status_code == 302
    kinds = {m.recipient: m.kind for m in db.session.scalars(select(OutboxMessage))}
    assert kinds == {existing.email: "account_exists", "someone.new@example.be": "verify_email"}
    message = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.recipient == existing.email))
    assert "/login" in message.body_text and "/password/forgot" in message.body_text
    page = client.get("/register/sent").data.decode()
    assert "someone.new@example.be" in page


def test_malformed_email(client):
    response = register(client, email="ann@@example")
    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.data
    assert db.session.scalar(select(User)) is None


def test_weak_and_too_long_passwords_are_refused(client):
    for password in ["short", "1234567890", "a" * 129, "aaaaaaaaaaaa"]:
        response = register(client, password=password, password_confirm=password)
        assert response.status_code == 200, password
        assert b'id="password-error"' in response.data, password
    assert db.session.scalar(select(User)) is None


def test_passwords_must_match(client):
    response = register(client, password_confirm="something else entirely")
    assert b'id="password_confirm-error"' in response.data


def test_company_needs_name_and_valid_enterprise_number(client):
    response = register(client, participant_kind="company", company_name="",
                        enterprise_number="0123.456.748")
    assert response.status_code == 200
    assert b'id="company_name-error"' in response.data
    assert b'id="enterprise_number-error"' in response.data
    assert b'value="0123.456.748"' in response.data
    assert db.session.scalar(select(User)) is None


def test_company_enterprise_number_is_stored_normalised(client):
    response = register(client, participant_kind="company", company_name="SlimParkeren BV",
                        enterprise_number="BE 0123.456.749")
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.participant_kind == ParticipantKind.COMPANY
    assert user.enterprise_number == "0123456749"
    assert user.company_name == "SlimParkeren BV"


def test_privacy_notice_must_be_accepted(client):
    response = register(client, accept_privacy=None)
    assert b'id="accept_privacy-error"' in response.data


def test_verification_link_confirms_the_address(client, smtp):
    from challenges.notifications.operations import send_due

    register(client)
    send_due()
    link = smtp.link(smtp.to("ann.peeters@example.be")[0], "/verify/")
    response = client.get(link)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    db.session.refresh(user)
    assert user.email_verified_at is not None


def test_tampered_verification_link(client, make):
    from challenges.accounts.queries import verify_token as make_verify_token

    user = make.user(verified=False)
    token = make_verify_token(user)
    response = client.get(f"/verify/{token[:-3]}xyz")
    assert response.status_code == 400
    assert b"/account" in response.data  # a way to ask for a new link
    db.session.refresh(user)
    assert user.email_verified_at is None


def test_verification_link_for_a_changed_address_no_longer_works(client, make):
    from challenges.accounts.queries import verify_token as make_verify_token

    user = make.user(verified=False)
    token = make_verify_token(user)
    user.email = "other@example.be"
    db.session.commit()
    assert client.get(f"/verify/{token}").status_code == 400


def test_resend_verification(client, make):
    user = make.user(verified=False)
    client.login_as(user)
    response = client.post("/verify/resend")
    assert response.status_code == 302
    assert db.session.scalar(select(OutboxMessage)).recipient == user.email


def test_registration_form_is_accessible_markup(client):
    html = client.get("/register").data.decode()
    for name in ["display_name", "email", "password", "password_confirm", "company_name",
                 "enterprise_number", "accept_privacy"]:
        assert f'for="{name}"' in html, name
    assert "<legend" in html  # the radio group has a name
