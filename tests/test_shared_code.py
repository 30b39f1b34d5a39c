"""Templates compiled once for the run still render what each app would render alone."""

from __future__ import annotations

from pathlib import Path

from app import create_app
from support.scenarios.shared_code import share_compiled_code
from support.scenarios.shared_code import TEMPLATES


def blog(tmp_path: Path, name: str):
    return create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": str(tmp_path / name)})


def test_a_second_app_renders_from_the_first_apps_compiled_templates(tmp_path: Path) -> None:
    alone = blog(tmp_path, "alone.sqlite").test_client().get("/").data
    TEMPLATES.compiled.clear()
    first = share_compiled_code(blog(tmp_path, "first.sqlite"))
    assert first.test_client().get("/").data == alone
    compiled = dict(TEMPLATES.compiled)
    assert compiled, "the first app kept no compiled template"
    second = share_compiled_code(blog(tmp_path, "second.sqlite"))
    loaded = []
    original = TEMPLATES.load_bytecode

    def counting(bucket):  # type: ignore[no-untyped-def]
        loaded.append(bucket.key)
        original(bucket)

    TEMPLATES.load_bytecode = counting  # type: ignore[method-assign]
    try:
        assert second.test_client().get("/").data == alone
    finally:
        del TEMPLATES.load_bytecode
    assert loaded and all(key in compiled for key in loaded), "the second app compiled anew"
    assert TEMPLATES.compiled == compiled
