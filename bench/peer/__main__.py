"""`python -m bench.peer --port N --members FILE`: the peer bot as its own server process.

FILE is JSON: {"<telegram user id>": "<shop name>", ...}, the people who may report.
Settings come from PEER_TELEGRAM_TOKEN, PEER_TELEGRAM_SECRET, PEER_TELEGRAM_API_URL,
PEER_PUBLIC_URL and PEER_TELEGRAM_RATE (messages a second overall, default 30).
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import uvicorn

from bench.peer.conversation import Desk
from bench.peer.web import PeerSettings, build


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.peer")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--members", type=Path, required=True)
    args = parser.parse_args()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level="INFO")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # as PTB's examples do
    members = {int(k): str(v) for k, v in json.loads(args.members.read_text()).items()}
    api, _ = build(PeerSettings.from_env(), Desk(members))
    uvicorn.run(api, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
