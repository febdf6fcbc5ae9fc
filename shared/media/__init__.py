"""Reading audio files: sniff the real format, check the structure against hostile sizes, read
tags with mutagen, technical facts and a Chromaprint fingerprint. ``sandbox`` runs it all in a
worker process with memory and time limits; ``extract`` is what runs inside it."""
