"""The one genre and mood vocabulary every model's labels are mapped to (README, "Taxonomy").

Top-level genres close to what DSPs accept as a primary genre; moods a small set people filter
playlists by. Every backend (musicnn, Qwen2-Audio, OpenAI) answers in these words only.
"""

from __future__ import annotations

GENRES: tuple[str, ...] = (
    "alternative",
    "ambient",
    "blues",
    "classical",
    "country",
    "easy listening",
    "electronic",
    "folk",
    "hip-hop",
    "jazz",
    "latin",
    "metal",
    "pop",
    "punk",
    "r&b",
    "reggae",
    "rock",
    "world",
)

MOODS: tuple[str, ...] = ("calm", "dark", "energetic", "happy", "romantic", "sad")

_SYNONYMS = {
    "hip hop": "hip-hop",
    "rap": "hip-hop",
    "hiphop": "hip-hop",
    "rnb": "r&b",
    "soul": "r&b",
    "r and b": "r&b",
    "funk": "r&b",
    "techno": "electronic",
    "house": "electronic",
    "edm": "electronic",
    "dance": "electronic",
    "trance": "electronic",
    "new age": "ambient",
    "chill": "calm",
    "mellow": "calm",
    "relaxed": "calm",
    "peaceful": "calm",
    "upbeat": "energetic",
    "aggressive": "energetic",
    "melancholic": "sad",
    "melancholy": "sad",
    "joyful": "happy",
    "cheerful": "happy",
    "sensual": "romantic",
    "love": "romantic",
    "gloomy": "dark",
    "ominous": "dark",
}


def normalise_label(text: str, vocabulary: tuple[str, ...]) -> str | None:
    """The vocabulary word for what a model wrote ("Hip Hop" -> "hip-hop"); None if outside."""
    word = " ".join(text.strip().lower().replace("_", " ").split())
    word = _SYNONYMS.get(word, word)
    return word if word in vocabulary else None
