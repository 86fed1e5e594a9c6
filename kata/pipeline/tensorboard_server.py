"""A real TensorBoard on 127.0.0.1, started and always stopped: for live checks and the browser."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECTOR = "/data/plugin/projector"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TensorBoardServer:
    """``tensorboard --logdir LOG_DIR --host 127.0.0.1 --port PORT`` as a child process."""

    def __init__(self, log_dir, port=None, host="127.0.0.1"):
        self.log_dir = Path(log_dir)
        self.host = host
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.url = f"http://{host}:{self.port}"
        self.output = tempfile.TemporaryFile(mode="w+")  # never a pipe nobody drains

    def start(self, quiet=True) -> None:
        """Start the server; ``quiet=False`` lets its messages reach the terminal."""
        command = [sys.executable, "-m", "tensorboard.main", "--logdir", str(self.log_dir)]
        command += ["--host", self.host, "--port", str(self.port)]
        sink = self.output if quiet else None
        self.process = subprocess.Popen(command, stdout=sink, stderr=sink)

    def wait_until_ready(self, seconds=90.0) -> None:
        """Poll the projector's run list until the server answers, or fail with its stderr."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.output.seek(0)
                raise RuntimeError(f"TensorBoard exited: {self.output.read()[-2000:]}")
            try:
                self.get(f"{PROJECTOR}/runs", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"TensorBoard on port {self.port} did not answer in {seconds} s")

    def get(self, path, timeout=10) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.read()

    def get_json(self, path):
        return json.loads(self.get(path))

    def stop(self) -> None:
        """Stop the server at once: it keeps nothing worth a graceful shutdown, and a Ctrl-C
        under tox must end in well under a second."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait(10)
        self.output.close()
