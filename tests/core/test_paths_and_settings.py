"""Data locations honour DESKTOP_CHAT_HOME; settings save atomically and survive a broken file."""

import json

from desktop_chat.core import paths
from desktop_chat.core.settings import Settings, load_settings


def test_home_override_moves_every_location(empty_home):
    assert paths.data_dir() == empty_home
    assert paths.models_dir() == empty_home / "models"
    assert paths.chats_db_path() == empty_home / "chats.sqlite3"
    assert paths.settings_path() == empty_home / "settings.json"
    assert paths.runs_dir() == empty_home / "runs"


def test_settings_round_trip_and_leave_no_temporary_files(empty_home):
    before = {p.name for p in empty_home.iterdir()}
    settings = Settings(default_model="tiny-llama", theme="dark", font_size=14, cpu_threads=3)
    settings.save()
    assert load_settings() == settings
    assert {p.name for p in empty_home.iterdir()} - before == {"settings.json"}


def test_missing_settings_give_defaults(empty_home):
    assert load_settings() == Settings()


def test_broken_settings_are_moved_aside_not_lost(empty_home):
    path = empty_home / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings() == Settings()
    aside = [p for p in empty_home.iterdir() if p.name.startswith("settings.json.broken-")]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{not json"


def test_unknown_keys_from_newer_versions_are_ignored(empty_home):
    (empty_home / "settings.json").write_text(json.dumps({"theme": "light", "from_the_future": 1}))
    assert load_settings().theme == "light"
