"""`python -m aisobes [--host H] [--port P]`: start the server."""
from __future__ import annotations

import argparse
import logging

from .config import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m aisobes', description='aisobes: self-hosted AI interviews')
    parser.add_argument('--host', help='address to listen on (AISOBES_HOST, default 127.0.0.1)')
    parser.add_argument('--port', type=int, help='port to listen on (AISOBES_PORT, default 8080)')
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in (('host', args.host), ('port', args.port)) if v is not None}
    settings = Settings(**overrides)
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    from .app import run  # NiceGUI is imported only when the server really starts
    run(settings)


if __name__ in {'__main__', '__mp_main__'}:
    main()
