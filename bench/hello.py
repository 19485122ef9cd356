"""The yardstick: Flask's hello-world, served by the same gunicorn in the same virtualenv."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
