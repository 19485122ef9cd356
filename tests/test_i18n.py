import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_dutch_and_english_catalogues_are_complete():
    result = subprocess.run([sys.executable, "scripts/i18n.py", "check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_email_template_has_text_and_html():
    emails = ROOT / "templates" / "emails"
    texts = {p.stem for p in emails.glob("*.txt") if not p.stem.startswith("_")}
    htmls = {p.stem for p in emails.glob("*.html") if p.stem != "base"}
    assert texts == htmls
