"""The production settings pass Django's deployment checklist as they are."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest

from chancery.core.tests.jobs_helpers import subprocess_environment


@pytest.mark.slow
def test_production_settings_pass_the_deployment_checks(db: None) -> None:
    environment = subprocess_environment(
        DJANGO_SETTINGS_MODULE="chancery.conf.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="chancery.mofa.example",
    )

    result = subprocess.run(
        [sys.executable, "-m", "chancery.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key(db: None) -> None:
    environment = subprocess_environment(
        DJANGO_SETTINGS_MODULE="chancery.conf.production", ALLOWED_HOSTS="chancery.mofa.example"
    )
    environment.pop("SECRET_KEY", None)
    environment.pop("SECRET_KEY_FILE", None)

    result = subprocess.run(
        [sys.executable, "-m", "chancery.cli", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
