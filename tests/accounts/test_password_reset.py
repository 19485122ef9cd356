from challenges.extensions import db
from challenges.notifications.operations import send_due


def test_reset_link_works_once(client, make, smtp):
    user = make.user(email="ann@example.be")
    client.post("/password/forgot", data={"email": "ann@example.be"})
    send_due()
    [message] = smtp.to("ann@example.be")
    link = smtp.link(message, "/password/reset/")
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "een nieuw wachtwoord",
                                       "password_confirm": "een nieuw wachtwoord"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password("een nieuw wachtwoord")
    # The same link cannot be used again.
    response = client.post(link, data={"password": "nog een ander wachtwoord",
                                       "password_confirm": "nog een ander wachtwoord"})
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.check_password("een nieuw wachtwoord")


def test_reset_form_errors_are_shown_next_to_the_field(client, make):
    from challenges.accounts.queries import reset_token as make_reset_token

    user = make.user()
    response = client.post(f"/password/reset/{make_reset_token(user)}",
                           data={"password": "short", "password_confirm": "short"})
    assert response.status_code == 200
    assert b'id="password-error"' in response.data


def test_reset_signs_out_other_sessions(client, make, app):
    from challenges.accounts.queries import reset_token as make_reset_token

    user = make.user()
    other_device = app.test_client()
    other_device.login_as(user)
    assert other_device.get("/account").status_code == 200
    client.post(f"/password/reset/{make_reset_token(user)}",
                data={"password": "een nieuw wachtwoord",
                      "password_confirm": "een nieuw wachtwoord"})
    assert other_device.get("/account").status_code == 302
