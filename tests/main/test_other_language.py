"""Texts in the other language than the page's carry `lang` (WCAG 3.1.2), also when a title
is embedded in a translated sentence and in the page's <title>."""

from challenges.accounts.models import Role

EN = {"Accept-Language": "en"}


def test_a_dutch_title_on_an_english_page_is_marked(client, make):
    organisation = make.organisation()
    challenge = make.challenge(organisation, title="Koele plekken", language="nl")
    page = client.get(f"/challenges/{challenge.slug}", headers=EN).get_data(as_text=True)
    assert '<title lang="nl">Koele plekken' in page
    questions = client.get(f"/challenges/{challenge.slug}/questions", headers=EN)
    assert '<h1>Questions about <span lang="nl">Koele plekken</span></h1>' in questions.get_data(
        as_text=True)
    editor = make.user(language="en")
    make.membership(editor, organisation, Role.EDITOR)
    client.login_as(editor)
    form = client.get(f"/manage/challenges/{challenge.slug}/edit").get_data(as_text=True)
    assert '<h1>Edit <span lang="nl">Koele plekken</span></h1>' in form


def test_the_same_language_adds_nothing_and_titles_stay_escaped(client, make):
    challenge = make.challenge(title="<b>Koel</b> & fris", language="nl")
    page = client.get(f"/challenges/{challenge.slug}").get_data(as_text=True)
    assert "<title>&lt;b&gt;Koel&lt;/b&gt; &amp; fris" in page
    editor = make.user(language="en")
    make.membership(editor, challenge.organisation, Role.EDITOR)
    client.login_as(editor)
    form = client.get(f"/manage/challenges/{challenge.slug}/edit").get_data(as_text=True)
    assert '<span lang="nl">&lt;b&gt;Koel&lt;/b&gt; &amp; fris</span>' in form
