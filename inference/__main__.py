"""`python -m inference [--host H] [--port P]`: load the models, then serve (waitress)."""

from __future__ import annotations

import argparse
import logging
import os

from waitress import serve

from inference.config import InferenceSettings
from inference.server import create_app, gcs_reader, load_analyzers


def main() -> None:
    """Load every configured backend once, then serve until stopped."""
    parser = argparse.ArgumentParser(prog="python -m inference", description=__doc__)
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = InferenceSettings()
    app = create_app(
        load_analyzers(settings), settings, gcs_reader=gcs_reader(settings.inference_gcs_timeout_s)
    )
    serve(app, host=args.host, port=args.port, threads=args.threads)


if __name__ == "__main__":
    main()
