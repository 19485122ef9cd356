"""The demo shows the library: two municipalities' lessons, one pilot scaled, one stopped."""

from __future__ import annotations


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
    # Loading again adds nothing.
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert "3 lessons records" in client.get(
        "/lessons", headers={"Accept-Language": "en"}).data.decode()
