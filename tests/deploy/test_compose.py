"""deploy/compose.yaml validated without Docker (`docker compose config` is not on this machine): the
same topology as the proven one, every variable it needs documented, and the Caddyfile valid."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.support.services import unavailable

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}")


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def env_example() -> set[str]:
    names = set()
    for line in (DEPLOY / ".env.example").read_text().splitlines():
        match = re.match(r"#?\s*([A-Z_][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def test_compose_has_the_proven_topology() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "migrate", "bot", "proxy"}
    bot = services["bot"]
    assert bot["deploy"]["replicas"] == 2
    env = bot["environment"]
    assert env["ZSBOT_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert env["ZSBOT_REDIS_URL"].startswith("redis://")  # the limiter every replica shares
    assert env["ZSBOT_WEBHOOK_URL"].startswith("https://${ZSBOT_PUBLIC_HOST")
    assert "ZSBOT_WEBHOOK_SECRET" in env
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # the proxy gets the host its Caddyfile names (it was empty before)
    proxy = services["proxy"]
    assert "ZSBOT_PUBLIC_HOST" in proxy["environment"]
    assert "{$ZSBOT_PUBLIC_HOST}" in (DEPLOY / "Caddyfile").read_text()
    assert any(v.startswith("./Caddyfile:") for v in proxy["volumes"])


def test_every_reference_resolves() -> None:
    data = compose()
    services = data["services"]
    declared_volumes = set(data.get("volumes", {}))
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), f"{name}: {source} missing"
            else:
                assert source in declared_volumes, f"{name}: volume {source} not declared"
        if "build" in service:
            assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).exists()
    used = set(VARIABLE.findall((DEPLOY / "compose.yaml").read_text()))
    assert used and used <= env_example(), f"undocumented in .env.example: {used - env_example()}"


def test_the_caddyfile_is_valid_for_a_host() -> None:
    if shutil.which("caddy") is None:  # under CI=true this fails: scripts/test installs caddy
        unavailable("caddy", FileNotFoundError("caddy is not installed (apt-get install caddy)"))
    done = subprocess.run(
        ["caddy", "validate", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        env={**os.environ, "ZSBOT_PUBLIC_HOST": "bot.example.gov.cn"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Valid configuration" in done.stdout + done.stderr
