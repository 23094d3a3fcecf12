"""deploy/compose.yaml validated: by Docker Compose itself (`docker compose config`, or the Debian
package `docker-compose` that scripts/test installs: neither needs a Docker daemon), and structurally:
the same topology as the proven one, every variable it needs documented, and the Caddyfile valid."""

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


def compose_command() -> list[str]:
    """`docker compose` (the v2 plugin) when it runs, else `docker-compose` (Debian's package)."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    # under CI=true this fails: scripts/test installs docker-compose
    unavailable(
        "docker compose",
        FileNotFoundError("neither `docker compose` nor docker-compose (apt-get install docker-compose)"),
    )
    raise AssertionError("unreachable")


def compose_config(folder: Path, env_file: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`compose config` on a copy of deploy/ with this .env (the repository's deploy/ stays as it is)."""
    copy = folder / "deploy"
    shutil.copytree(DEPLOY, copy)
    (copy / ".env").write_text(env_file)
    return subprocess.run(
        [*compose_command(), "--project-name", "zsbot", "-f", str(copy / "compose.yaml"), "config"],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder), **env},
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )


def test_docker_compose_accepts_it_with_the_example_env(tmp_path: Path) -> None:
    example = (DEPLOY / ".env.example").read_text()
    done = compose_config(
        tmp_path, example, POSTGRES_PASSWORD="s3cret", ZSBOT_PUBLIC_HOST="zsbot.example.org"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    services = yaml.safe_load(done.stdout)["services"]
    assert set(services) == {"postgres", "redis", "migrate", "bot", "proxy"}
    bot = services["bot"]
    assert bot["deploy"]["replicas"] == 2
    env = bot["environment"]
    # the shell's values win over .env's; the compose file's environment wins over env_file's sqlite URL
    assert env["ZSBOT_DATABASE_URL"] == "postgresql+asyncpg://zsbot:s3cret@postgres/zsbot"
    assert env["ZSBOT_WEBHOOK_URL"] == "https://zsbot.example.org"
    assert env["ZSBOT_REDIS_URL"] == "redis://redis:6379/0"
    assert env["ZSBOT_BOT_TOKEN"].startswith("123456789:")  # from env_file
    assert services["proxy"]["environment"]["ZSBOT_PUBLIC_HOST"] == "zsbot.example.org"
    assert services["migrate"]["command"] == ["zsbot", "migrate"]


def test_docker_compose_refuses_it_without_a_required_variable(tmp_path: Path) -> None:
    missing = "POSTGRES_PASSWORD"  # (the others are marked the same way: `${NAME:?set NAME}`)
    example = "\n".join(
        line
        for line in (DEPLOY / ".env.example").read_text().splitlines()
        if not line.startswith(f"{missing}=")
    )
    done = compose_config(tmp_path, example)
    assert done.returncode != 0
    assert f"set {missing}" in done.stderr
