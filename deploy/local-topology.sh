#!/usr/bin/env bash
# The production topology on this machine, without containers: Caddy (TLS, reverse proxy) in front of
# 2 webhook replicas of `zsbot run`, PostgreSQL, Redis, and the Telegram emulator in Telegram's place.
# Checks each update handled once, one scheduler leader, Telegram's 30 msg/s kept across both
# replicas (429s printed), and leader failover by killing the leader (tests/deploy/test_topology.py).
# Needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379 (as the tests do); installs Caddy.
#   bash deploy/local-topology.sh            # the checks
#   .venv/bin/python -m benchmarks.replicas  # 2,000 notifications through the same topology
set -euo pipefail
cd "$(dirname "$0")/.."
command -v caddy >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy >/dev/null; }
[ -x .venv/bin/pytest ] || { python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'; }
exec .venv/bin/pytest -m deploy tests/deploy -s -p no:cacheprovider "$@"
