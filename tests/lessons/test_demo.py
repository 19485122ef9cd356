"""The demo shows the library: two municipalities' lessons, one pilot scaled, one stopped."""

from __future__ import annotations

import re


def test_demo_lessons(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "/lessons" in result.output
    page = client.get("/lessons", headers={"Accept-Language": "en"}).data.decode()
    assert "Stad Mechelen" in page and "Stad Brugge" in page
    assert "Scaled to other sites" in page and "Stopped" in page
    assert "3 lessons records" in page
    assert "mechelen-slimme-vuilnisbakken" not in client.get("/lessons?band=over_100k").data.decode()
    detail = client.get("/lessons/brugge-fietsparkeren-binnenstad-station",
                        headers={"Accept-Language": "en"}).data.decode()
    assert "Tel eerst." in detail and "€7,600.00" in detail
    # Every link on the public record opens for a visitor: pilots link to the challenge page.
    links = {href for href in re.findall(r'href="(/[^"#]*)', detail) if not href.startswith("/static")}
    assert not any(link.startswith("/pilots/") for link in links)
    for link in links:
        assert client.get(link).status_code in (200, 308), link
    # Loading again adds nothing.
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert "3 lessons records" in client.get(
        "/lessons", headers={"Accept-Language": "en"}).data.decode()
