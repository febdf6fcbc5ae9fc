"""MIDI arrangements written from code: styles, harmony in a key, and the truth they carry.

Each ``Arrangement`` is one song: a style (drums, bass, harmony and melody patterns), a tempo, a
key in major, natural minor or harmonic minor, and a seed. ``to_midi`` writes it with mido; the
truth (beat tempo, key, genre, intended moods) comes from the same values, so it is exact.

The tempo truth is the felt beat: a quarter note in 4/4 and 3/4, a dotted quarter in 6/8 and
12/8 (the MIDI file's set_tempo is in quarter notes, so 6/8 at 70 beats per minute is 105 qpm).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import mido

TICKS = 480  # per quarter note
DRUMS = 9  # General MIDI percussion channel
KICK, SNARE, RIM, CLAP, HAT, OPEN_HAT, PEDAL_HAT, RIDE, CRASH, COWBELL = (
    36, 38, 37, 39, 42, 46, 44, 51, 49, 56,
)  # fmt: skip
CLAVE, CONGA_HI, CONGA_LO, SHAKER, BRUSH = 75, 63, 64, 70, 40

SCALES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "natural": (0, 2, 3, 5, 7, 8, 10),  # natural minor
    "harmonic": (0, 2, 3, 5, 7, 8, 11),  # harmonic minor: the raised 7th, a major V
}
# Progressions as scale degrees (0 = tonic); each chord a triad stacked in thirds of the scale
PROGRESSIONS = {
    "major": ((0, 4, 5, 3), (0, 3, 4, 3), (0, 5, 3, 4), (1, 4, 0, 0), (0, 3, 0, 4)),
    "natural": ((0, 5, 2, 6), (0, 3, 4, 0), (0, 6, 5, 6), (0, 3, 6, 2)),
    "harmonic": ((0, 3, 4, 0), (0, 5, 3, 4), (0, 4, 0, 4), (0, 3, 6, 4)),
}
PITCHES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


@dataclass(frozen=True, slots=True)
class Style:
    """How one style plays: metre, tempo range, instruments, its genre and intended moods."""

    name: str
    genre: str  # in the catalog's taxonomy
    beats_per_bar: int
    subdivisions: int  # per beat: 2 simple metre, 3 compound (6/8, 12/8), 4 sixteenths
    bpm_range: tuple[int, int]  # of the felt beat
    drums: str | None  # a pattern name in DRUM_PATTERNS
    bass: str  # a pattern name (see _bass)
    harmony: str  # "block", "offbeat", "arpeggio", "pad", "alberti", "montuno", "power"
    programs: tuple[int, int, int]  # General MIDI bass, harmony, melody
    moods_major: tuple[str, ...]
    moods_minor: tuple[str, ...]
    swing: bool = False
    modes: tuple[str, ...] = ("major", "major", "natural", "harmonic")


STYLES: tuple[Style, ...] = (
    Style("rock", "rock", 4, 2, (96, 168), "rock", "eighths", "power", (34, 30, 29),
          ("energetic", "happy"), ("energetic", "dark")),
    Style("metal", "metal", 4, 2, (140, 200), "metal", "eighths", "power", (34, 30, 30),
          ("energetic", "dark"), ("dark", "energetic"), modes=("natural", "harmonic")),
    Style("punk", "punk", 4, 2, (160, 200), "punk", "eighths", "power", (34, 29, 30),
          ("energetic", "happy"), ("energetic", "dark")),
    Style("house", "electronic", 4, 4, (118, 132), "house", "offbeat8", "pad", (38, 89, 81),
          ("energetic", "happy"), ("energetic", "dark")),
    Style("drum-and-bass", "electronic", 4, 4, (160, 178), "dnb", "sustain", "pad", (38, 90, 80),
          ("energetic",), ("energetic", "dark")),
    Style("synthpop", "electronic", 4, 4, (100, 128), "synthpop", "eighths", "offbeat",
          (38, 81, 80), ("happy", "energetic"), ("sad", "dark")),
    Style("swing", "jazz", 4, 2, (130, 200), "swing", "walking", "comp", (32, 0, 65),
          ("happy", "energetic"), ("energetic", "dark"), swing=True),
    Style("jazz-ballad", "jazz", 4, 2, (60, 80), "brushes", "halves", "block", (32, 0, 66),
          ("calm", "romantic"), ("sad", "calm"), swing=True),
    Style("pop-ballad", "pop", 4, 2, (60, 84), "ballad", "halves", "arpeggio", (33, 0, 48),
          ("calm", "romantic"), ("sad", "calm")),
    Style("pop", "pop", 4, 2, (96, 128), "pop", "eighths", "block", (33, 0, 73),
          ("happy", "energetic"), ("sad", "energetic")),
    Style("waltz", "classical", 3, 2, (84, 180), None, "downbeat", "oompah", (42, 48, 40),
          ("happy", "romantic"), ("sad", "romantic")),
    Style("folk-6-8", "folk", 2, 3, (60, 100), "six-eight", "downbeat", "arpeggio", (32, 25, 73),
          ("calm", "romantic"), ("sad", "calm")),
    Style("blues-shuffle", "blues", 4, 3, (60, 120), "shuffle", "shuffle", "comp", (33, 26, 65),
          ("happy", "energetic"), ("sad", "dark")),
    Style("salsa", "latin", 4, 2, (160, 200), "salsa", "tumbao", "montuno", (33, 0, 56),
          ("energetic", "happy"), ("energetic", "dark")),
    Style("bossa", "latin", 4, 2, (110, 144), "bossa", "root-fifth", "offbeat", (32, 24, 73),
          ("calm", "romantic"), ("sad", "romantic")),
    Style("reggae", "reggae", 4, 2, (66, 96), "reggae", "eighths", "skank", (33, 27, 16),
          ("calm", "happy"), ("calm", "dark")),
    Style("hip-hop", "hip-hop", 4, 4, (80, 100), "boombap", "root-fifth", "block", (38, 4, 11),
          ("energetic", "happy"), ("dark", "energetic")),
    Style("funk", "r&b", 4, 4, (90, 116), "funk", "sixteenths", "offbeat", (36, 7, 61),
          ("happy", "energetic"), ("energetic", "dark")),
    Style("country", "country", 4, 2, (100, 180), "train", "root-fifth", "offbeat", (32, 25, 40),
          ("happy", "energetic"), ("sad", "calm")),
    Style("classical", "classical", 4, 2, (76, 144), None, "halves", "alberti", (42, 0, 40),
          ("calm", "happy"), ("sad", "calm")),
    Style("chorale", "classical", 4, 1, (60, 96), None, "quarters", "chorale", (43, 48, 52),
          ("calm", "romantic"), ("sad", "calm")),
)  # fmt: skip

# Drum patterns: per instrument, the steps of one bar where it plays (a step = 1/subdivisions beat)
DRUM_PATTERNS: dict[str, dict[int, tuple[int, ...]]] = {
    "rock": {KICK: (0, 4, 5), SNARE: (2, 6), HAT: tuple(range(8))},
    "metal": {KICK: tuple(range(0, 8)), SNARE: (2, 6), CRASH: (0,), HAT: tuple(range(8))},
    "punk": {KICK: (0, 2, 4, 6), SNARE: (1, 3, 5, 7), CRASH: (0,)},
    "house": {KICK: (0, 4, 8, 12), CLAP: (4, 12), OPEN_HAT: (2, 6, 10, 14),
              HAT: (1, 3, 5, 7, 9, 11, 13, 15)},
    "dnb": {KICK: (0, 10), SNARE: (4, 12), HAT: tuple(range(0, 16, 2)), RIDE: (2, 6, 10, 14)},
    "synthpop": {KICK: (0, 8, 10), SNARE: (4, 12), HAT: tuple(range(0, 16, 2))},
    "swing": {RIDE: (0, 2, 3, 4, 6, 7), PEDAL_HAT: (2, 6), KICK: (0,)},
    "brushes": {BRUSH: tuple(range(8)), PEDAL_HAT: (2, 6)},
    "ballad": {KICK: (0, 5), SNARE: (2, 6), HAT: tuple(range(8))},
    "pop": {KICK: (0, 3, 4), SNARE: (2, 6), HAT: tuple(range(8))},
    "six-eight": {KICK: (0,), SNARE: (3,), HAT: (0, 1, 2, 3, 4, 5)},
    "shuffle": {KICK: (0, 6), SNARE: (3, 9), HAT: (0, 2, 3, 5, 6, 8, 9, 11)},
    "salsa": {COWBELL: (0, 2, 4, 6), CLAVE: (0, 3, 6, 10, 12), CONGA_HI: (3, 7), CONGA_LO: (6, 7)},
    "bossa": {KICK: (0, 3, 4, 7), RIM: (0, 3, 6, 10, 13), SHAKER: tuple(range(8))},
    "reggae": {KICK: (4,), RIM: (4,), HAT: tuple(range(8))},
    "boombap": {KICK: (0, 7, 10), SNARE: (4, 12), HAT: tuple(range(0, 16, 2))},
    "funk": {KICK: (0, 3, 10), SNARE: (4, 12), HAT: tuple(range(16))},
    "train": {SNARE: tuple(range(8)), KICK: (0, 4)},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Arrangement:
    """One song to write: style, felt-beat tempo, key and a seed for the random choices."""

    style: Style
    bpm: float
    tonic: int  # pitch class, 0 = C
    mode: str  # "major", "natural" (minor) or "harmonic" (minor)
    seed: int
    seconds: float = 30.0

    @property
    def key(self) -> str:
        """The truth as the catalog writes keys: "A minor"."""
        return f"{PITCHES[self.tonic]} {'major' if self.mode == 'major' else 'minor'}"

    @property
    def moods(self) -> tuple[str, ...]:
        """The moods the arrangement was written to convey (a weak truth, by construction)."""
        return self.style.moods_major if self.mode == "major" else self.style.moods_minor

    @property
    def quarter_bpm(self) -> float:
        """The MIDI tempo: quarter notes per minute."""
        return self.bpm * (1.5 if self.style.subdivisions == 3 else 1.0)

    @property
    def bars(self) -> int:
        """Enough whole bars for ``seconds``."""
        return max(4, round(self.seconds / (60.0 / self.bpm * self.style.beats_per_bar)))


class _Writer:
    """Notes placed in beats (the felt beat), written to ticks with a little human timing."""

    def __init__(self, arrangement: Arrangement, rng: random.Random) -> None:
        self.a, self.rng = arrangement, rng
        self.beat_ticks = TICKS * (1.5 if arrangement.style.subdivisions == 3 else 1.0)
        self.events: list[tuple[int, int, mido.Message]] = []
        self.jitter_ticks = 0.008 * arrangement.quarter_bpm / 60 * TICKS  # about 8 ms

    def note(self, channel: int, pitch: int, beat: float, length: float, velocity: int) -> None:
        start = beat * self.beat_ticks + self.rng.gauss(0, self.jitter_ticks)
        start_tick = max(0, round(start))
        end_tick = max(start_tick + 10, round(start + length * self.beat_ticks * 0.92))
        velocity = max(1, min(127, velocity + self.rng.randint(-8, 8)))
        pitch = max(0, min(127, pitch))
        self.events.append((start_tick, 1, mido.Message("note_on", channel=channel, note=pitch,
                                                        velocity=velocity)))  # fmt: skip
        self.events.append((end_tick, 0, mido.Message("note_off", channel=channel, note=pitch)))


def _swung(step: int, subdivisions: int, swing: bool) -> float:
    """A step's position in beats; swung eighths land on the last third of the beat."""
    beat, part = divmod(step, subdivisions)
    if swing and subdivisions == 2 and part == 1:
        return beat + 2 / 3
    return beat + part / subdivisions


def chord_of(arrangement: Arrangement, degree: int) -> tuple[int, int, int]:
    """Pitch classes of the triad on ``degree`` of the arrangement's scale."""
    scale = SCALES[arrangement.mode]
    return tuple((arrangement.tonic + scale[(degree + i) % 7]) % 12 for i in (0, 2, 4))  # type: ignore[return-value]


def _near(pitch_class: int, around: int) -> int:
    """The MIDI note of ``pitch_class`` closest to ``around``."""
    return around + ((pitch_class - around + 6) % 12) - 6


def to_midi(arrangement: Arrangement) -> mido.MidiFile:
    """The arrangement as a type-1 MIDI file: tempo and metre, then one track per part."""
    rng = random.Random(arrangement.seed)
    style = arrangement.style
    writer = _Writer(arrangement, rng)
    progression = rng.choice(PROGRESSIONS[arrangement.mode])
    for channel, program in enumerate(style.programs):
        writer.events.append((0, -1, mido.Message("program_change", channel=channel,
                                                  program=program)))  # fmt: skip
    for bar in range(arrangement.bars):
        chord = chord_of(arrangement, progression[bar % len(progression)])
        start = bar * style.beats_per_bar
        if style.drums:
            _drums(writer, style, start, last=bar == arrangement.bars - 1)
        _bass(writer, style, chord, start, rng)
        _harmony(writer, style, chord, start)
        _melody(writer, style, chord, start, rng)
    return _file(arrangement, writer)


def _file(arrangement: Arrangement, writer: _Writer) -> mido.MidiFile:
    style = arrangement.style
    meta = mido.MidiTrack()
    numerator, denominator = (style.beats_per_bar * 3, 8) if style.subdivisions == 3 else (
        style.beats_per_bar, 4)  # fmt: skip
    meta.append(mido.MetaMessage("time_signature", numerator=numerator, denominator=denominator))
    meta.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(arrangement.quarter_bpm)))
    music = mido.MidiTrack()
    now = 0
    for tick, _, message in sorted(writer.events, key=lambda e: (e[0], e[1])):
        music.append(message.copy(time=tick - now))
        now = tick
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS)
    midi.tracks.extend([meta, music])
    return midi


def _drums(writer: _Writer, style: Style, start: int, *, last: bool) -> None:
    steps = style.subdivisions * style.beats_per_bar
    for instrument, hits in DRUM_PATTERNS[style.drums or ""].items():
        for step in hits:
            if step >= steps:
                continue
            accent = 100 if step % style.subdivisions == 0 else 78
            if instrument in (HAT, RIDE, SHAKER, BRUSH, PEDAL_HAT):
                accent -= 20
            beat = start + _swung(step, style.subdivisions, style.swing)
            writer.note(DRUMS, instrument, beat, 0.25, accent)
    if last:
        writer.note(DRUMS, CRASH, start + style.beats_per_bar, 1.0, 100)


def _bass(writer: _Writer, style: Style, chord: tuple[int, int, int], start: int,
          rng: random.Random) -> None:  # fmt: skip
    root, third, fifth = (_near(pc, 40) for pc in chord)
    beats, sub = style.beats_per_bar, style.subdivisions
    kind = style.bass
    if kind == "walking":
        line = [root, third, fifth, rng.choice([fifth + 2, root + 12, third + 12 - 1])]
        for beat, pitch in enumerate(line[:beats]):
            writer.note(0, pitch, start + beat, 1.0, 96)
    elif kind in ("eighths", "sixteenths", "offbeat8"):
        per_beat = {"eighths": 2, "sixteenths": 4, "offbeat8": 2}[kind]
        for i in range(beats * per_beat):
            if kind == "offbeat8" and i % 2 == 0:
                continue
            if kind == "sixteenths" and rng.random() < 0.45:
                continue
            pitch = root if i % 8 != 6 else fifth
            writer.note(0, pitch, start + i / per_beat, 1 / per_beat, 92)
    elif kind == "tumbao":  # anticipated bass: the "and" of 2 and beat 4
        writer.note(0, fifth, start + 1.5, 1.5, 96)
        writer.note(0, root, start + 3, 1.0, 96)
    elif kind == "shuffle":
        for beat in range(beats):
            pitch = (root, third + 1, fifth, fifth + 2)[beat % 4]
            writer.note(0, pitch, start + beat, 2 / 3, 94)
            writer.note(0, pitch, start + beat + 2 / 3, 1 / 3, 80)
    else:
        _bass_sparse(writer, style, kind, (root, fifth), start)
    del sub


def _bass_sparse(writer: _Writer, style: Style, kind: str, notes: tuple[int, int],
                 start: int) -> None:  # fmt: skip
    root, fifth = notes
    beats = style.beats_per_bar
    if kind == "sustain":
        writer.note(0, root, start, beats, 100)
    elif kind == "halves":
        for beat in range(0, beats, 2):
            writer.note(0, root if beat == 0 else fifth, start + beat, 2.0, 92)
    elif kind == "root-fifth":
        for beat in range(0, beats, 2):
            writer.note(0, root, start + beat, 1.0, 96)
            writer.note(0, fifth, start + beat + 1, 1.0, 86)
    elif kind == "quarters":
        for beat in range(beats):
            writer.note(0, root if beat % 2 == 0 else fifth, start + beat, 1.0, 88)
    else:  # "downbeat": the bar's first beat (waltz, 6/8)
        writer.note(0, root, start, 1.0, 100)
        if beats == 2:
            writer.note(0, fifth, start + 1, 1.0, 88)


def _voicing(chord: tuple[int, int, int], around: int = 60) -> list[int]:
    return sorted(_near(pc, around) for pc in chord)


def _harmony(writer: _Writer, style: Style, chord: tuple[int, int, int], start: int) -> None:
    beats, sub, kind = style.beats_per_bar, style.subdivisions, style.harmony
    voiced = _voicing(chord)
    hits: list[tuple[float, float, list[int]]] = []
    if kind == "power":
        root = _near(chord[0], 48)
        hits = [(b / 2, 0.5, [root, root + 7, root + 12]) for b in range(beats * 2)]
    elif kind == "pad":
        hits = [(0, beats, voiced)]
    elif kind in ("block", "chorale"):
        hits = [(b, 1.0, voiced) for b in range(beats)]
    elif kind == "offbeat":
        hits = [(b + 0.5, 0.5, voiced) for b in range(beats)]
    elif kind == "skank":
        hits = [(b + 0.5, 0.25, _voicing(chord, 66)) for b in range(beats)]
    elif kind == "comp":
        hits = [(1 + _swung(1, 2, style.swing) % 1, 0.5, voiced), (3, 0.5, voiced)]
    elif kind == "oompah":
        hits = [(b, 0.6, voiced) for b in range(1, beats)]
    elif kind == "montuno":
        hits = [
            (i / 2, 0.5, [voiced[i % 3] + 12 * (i % 2)]) for i in range(beats * 2) if i % 4 != 1
        ]
    else:  # "arpeggio" / "alberti": one chord tone per subdivision
        order = (0, 2, 1, 2) if kind == "alberti" else (0, 1, 2, 1)
        steps = beats * sub
        hits = [(i / sub, 1 / sub, [voiced[order[i % 4]]]) for i in range(steps)]
    for offset, length, pitches in hits:
        for pitch in pitches:
            writer.note(1, pitch, start + offset, length, 74)


def _melody(writer: _Writer, style: Style, chord: tuple[int, int, int], start: int,
            rng: random.Random) -> None:  # fmt: skip
    scale = SCALES[writer.a.mode]
    pool = sorted({_near((writer.a.tonic + s) % 12, 72) + o for s in scale for o in (0, 12)})
    pool = [p for p in pool if 62 <= p <= 86]
    tones = [p for p in pool if p % 12 in chord]
    beats, sub = style.beats_per_bar, style.subdivisions
    step = 1 if style.bpm_range[1] > 150 else 2  # slower styles get denser lines
    position = 0.0
    while position < beats:
        length = rng.choice((1.0, 1.0, 0.5 if sub != 3 else 1 / 3, 2.0)) * (2 if step == 1 else 1)
        strong = position == int(position)
        pitch = rng.choice(tones if strong or not pool else pool)
        beat = start + (_swung(int(position * 2), 2, style.swing) if style.swing else position)
        if rng.random() > 0.15:
            writer.note(2, pitch, beat, min(length, beats - position), 88)
        position += length
