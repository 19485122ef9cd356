"""The library as a CSV download: the same filters, the public texts only."""

from __future__ import annotations

from challenges.accounts.models import PopulationBand


def test_the_library_downloads_as_csv(client, make):
    small = make.organisation("Herzele", population_band=PopulationBand.FROM_10K)
    big = make.organisation("Mechelen")
    make.lessons(make.challenge(small, phase="results_published", title="Deelfietsen"),
                 summary='=HYPERLINK("x")')
    make.lessons(make.challenge(big, phase="results_published", title="Zonnepanelen"),
                 not_yet_known=True)
    make.lessons(make.challenge(big, phase="results_published", title="Geheim"),
                 published=False)
    response = client.get("/lessons.csv", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    assert "Deelfietsen" in text and "Zonnepanelen" in text and "Geheim" not in text
    assert "'=HYPERLINK" in text  # no formula reaches a spreadsheet
    assert "not yet known" in text and "10,000 to 25,000 inhabitants" in text
    assert "/lessons/" in text
    filtered = client.get("/lessons.csv?band=10k_25k&year=nonsense").data.decode("utf-8-sig")
    assert "Deelfietsen" in filtered and "Zonnepanelen" not in filtered
