"""Put first on a process's PYTHONPATH (with BENCH_PAUSES set): it records its pauses from the
start (:mod:`benchmarks.pauses`)."""

import os
import sys
from pathlib import Path

if os.environ.get("BENCH_PAUSES"):
    project = str(Path(__file__).resolve().parents[2])
    sys.path.insert(0, project)  # for benchmarks.pauses; taken out again after
    try:
        from benchmarks.pauses import ENV, install

        install(os.environ[ENV])
    finally:
        sys.path.remove(project)
