"""'Sounds like' search (issue 18): pgvector in the embedded default, partners kept apart, deleted
tracks gone, the track itself never listed; unavailable (not broken) where pgvector is missing."""

from __future__ import annotations

import io
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from shared.api import create_app
from shared.bootstrap import Services, build_services
from shared.db.engine import PgTarget, ensure_database
from shared.db.migrate import migrate
from shared.db.repositories.embeddings import embeddings_available
from shared.domain.enrichment import AudioAnalysis
from shared.domain.music import MusicalKey
from shared.domain.partners import Partner, Role, Tier
from shared.domain.recordings import SoundRecording
from shared.domain.similarity import EMBEDDING_DIMENSIONS, TrackEmbedding
from shared.settings import Settings
from tests.auth_helpers import bearer_headers
from tests.conftest import TEST_ACTOR

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def vector_database_url() -> Iterator[str]:
    """A migrated database on the embedded default server (pgserver, which bundles pgvector),
    whatever server the rest of the session uses."""
    from shared.db.embedded import start_embedded_postgres

    base = Path(tempfile.mkdtemp(prefix="catalog-test-pgvector-"))
    base.chmod(0o755)  # reachable by the `pgserver` user when tests run as root
    socket_dir = start_embedded_postgres(base / "data")
    server = PgTarget.from_url(f"postgresql://postgres@/postgres?host={socket_dir}")
    name = f"catalog_vec_{uuid.uuid4().hex[:12]}"
    ensure_database(server, name, timeout_s=10)
    url = f"postgresql://postgres@/{name}?host={socket_dir}"
    engine = sa.create_engine(
        "postgresql+pg8000://",
        creator=lambda: PgTarget.from_url(url).connect(timeout_s=10, statement_timeout_s=60),
    )
    migrate(engine)
    engine.dispose()
    return url


@pytest.fixture
def vector_services(vector_database_url: str, tmp_path: Path) -> Iterator[Services]:
    built = build_services(
        Settings(
            database_url=vector_database_url,
            catalog_data_dir=tmp_path / "data",
            environment="test",
            db_pool_size=2,
        )
    )
    yield built
    built.close()


@pytest.fixture
def client(vector_services: Services) -> FlaskClient:
    return create_app(lambda: vector_services).test_client()


def _partner(services: Services) -> Partner:
    return services.partners.create_partner(
        f"Similar Label {uuid.uuid4().hex[:8]}", Tier.PRO, now=NOW, actor=TEST_ACTOR
    )


def _headers(services: Services, partner: Partner) -> dict[str, str]:
    return bearer_headers(services, partner_id=partner.id, role=Role.LABEL)


def _direction(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=EMBEDDING_DIMENSIONS)
    return vector / np.linalg.norm(vector)


def _near(base: np.ndarray, amount: float, seed: int) -> tuple[float, ...]:
    """``base`` turned towards a random direction by ``amount`` (0: the same, 1: unrelated)."""
    mixed = (1 - amount) * base + amount * _direction(seed)
    return tuple(float(v) for v in mixed / np.linalg.norm(mixed))


def _track(
    services: Services,
    partner: Partner,
    title: str,
    vector: tuple[float, ...] | None,
    **fields: object,
) -> SoundRecording:
    asset_id = uuid.uuid4()
    track = SoundRecording(uuid.uuid4(), partner.id, title, asset_id=asset_id, **fields)  # type: ignore[arg-type]
    with services.uow() as uow:
        uow.tracks.add(track, now=NOW)
        if vector is not None:
            embedding = TrackEmbedding(asset_id, vector, "musicnn", "test MSD_musicnn")
            assert uow.embeddings.put(partner.id, embedding, now=NOW)
    return track


def _similar(client: FlaskClient, headers: dict[str, str], track: SoundRecording, query: str = ""):
    return client.get(f"/api/v1/tracks/{track.id}/similar{query}", headers=headers)


def test_pgvector_runs_in_the_embedded_default(vector_services: Services) -> None:
    with vector_services.engine.connect() as conn:
        assert embeddings_available(conn)
        version = conn.execute(
            sa.text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        ).scalar()
        index = conn.execute(
            sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'asset_embeddings_hnsw'")
        ).scalar()
    assert version is not None
    assert "hnsw" in str(index)
    health = create_app(lambda: vector_services).test_client().get("/healthz").get_json()
    assert health["features"]["similar_tracks"]["available"] is True


def test_most_similar_first_never_itself_never_another_partners(
    vector_services: Services, client: FlaskClient
) -> None:
    label, other = _partner(vector_services), _partner(vector_services)
    base = _direction(1)
    reference = _track(vector_services, label, "Reference", _near(base, 0.0, 2))
    close = _track(vector_services, label, "Close", _near(base, 0.2, 3))
    middle = _track(vector_services, label, "Middle", _near(base, 0.5, 4))
    far = _track(vector_services, label, "Far", _near(base, 0.95, 5))
    _track(vector_services, label, "Not analysed", None)
    twin = _track(vector_services, other, "Another label's twin", _near(base, 0.0, 2))

    answer = _similar(client, _headers(vector_services, label), reference, "?limit=10")

    assert answer.status_code == 200, answer.get_json()
    items = answer.get_json()["items"]
    assert [item["track"]["title"] for item in items] == ["Close", "Middle", "Far"]
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 0.9
    assert items[0]["track"]["id"] == str(close.id)  # the track as GET returns it
    assert (
        items[0]["track"]
        == client.get(
            f"/api/v1/tracks/{close.id}", headers=_headers(vector_services, label)
        ).get_json()
    )
    ids = {item["track"]["id"] for item in items}
    assert str(reference.id) not in ids
    assert str(twin.id) not in ids
    assert str(middle.id) in ids
    assert str(far.id) in ids
    limited = _similar(client, _headers(vector_services, label), reference, "?limit=1")
    assert [i["track"]["title"] for i in limited.get_json()["items"]] == ["Close"]
    # the other partner neither sees the reference nor gets the label's tracks for its twin
    assert _similar(client, _headers(vector_services, other), reference).status_code == 404
    theirs = _similar(client, _headers(vector_services, other), twin).get_json()["items"]
    assert theirs == []


def test_a_deleted_track_disappears_from_answers(
    vector_services: Services, client: FlaskClient
) -> None:
    label = _partner(vector_services)
    headers = _headers(vector_services, label)
    base = _direction(10)
    reference = _track(vector_services, label, "Reference", _near(base, 0.0, 11))
    gone = _track(vector_services, label, "Deleted soon", _near(base, 0.1, 12))
    kept = _track(vector_services, label, "Kept", _near(base, 0.4, 13))
    before = [i["track"]["id"] for i in _similar(client, headers, reference).get_json()["items"]]
    assert before == [str(gone.id), str(kept.id)]

    assert client.delete(f"/api/v1/tracks/{gone.id}", headers=headers).status_code == 200

    after = [i["track"]["id"] for i in _similar(client, headers, reference).get_json()["items"]]
    assert after == [str(kept.id)]
    assert client.delete(f"/api/v1/tracks/{reference.id}", headers=headers).status_code == 200
    assert _similar(client, headers, reference).status_code == 404


def test_filters_narrow_the_neighbours(vector_services: Services, client: FlaskClient) -> None:
    label = _partner(vector_services)
    headers = _headers(vector_services, label)
    base = _direction(20)
    reference = _track(vector_services, label, "Reference", _near(base, 0.0, 21))
    _track(vector_services, label, "Slow rock", _near(base, 0.1, 22), bpm=80.0, genre="rock")
    _track(
        vector_services,
        label,
        "Fast pop in A minor",
        _near(base, 0.3, 23),
        bpm=128.0,
        genre="pop",
        key=MusicalKey.parse("A minor"),
    )

    def titles(query: str) -> list[str]:
        answer = _similar(client, headers, reference, query)
        assert answer.status_code == 200, answer.get_json()
        return [item["track"]["title"] for item in answer.get_json()["items"]]

    assert titles("?bpm_min=100") == ["Fast pop in A minor"]
    assert titles("?bpm_max=100") == ["Slow rock"]
    assert titles("?genre=ROCK") == ["Slow rock"]
    assert titles("?key=Am") == ["Fast pop in A minor"]
    assert titles("?bpm_min=100&genre=rock") == []
    assert _similar(client, headers, reference, "?limit=0").status_code in (400, 422)


def test_without_pgvector_the_feature_says_unavailable_and_the_rest_runs(
    services: Services,
) -> None:
    """The session's database: the machine's PostgreSQL 15, which has no pgvector. Migrations
    ran (the session fixture), the service starts, /healthz names the feature unavailable."""
    with services.engine.connect() as conn:
        if embeddings_available(conn):
            pytest.skip("this session's PostgreSQL has pgvector")
        assert (
            conn.execute(
                sa.text("SELECT count(*) FROM schema_migrations WHERE version = '1040'")
            ).scalar()
            == 1
        )
    label = _partner(services)
    track = _track(services, label, "Analysed elsewhere", None)
    client = create_app(lambda: services).test_client()

    health = client.get("/healthz").get_json()
    feature = health["features"]["similar_tracks"]
    assert feature["available"] is False
    assert "pgvector" in feature["detail"]
    assert "similar_tracks" not in health["components"]  # an optional feature: not a failure

    answer = _similar(client, _headers(services, label), track)
    assert answer.status_code == 503
    reference = client.post("/api/v1/similar", data=b"audio", headers=_headers(services, label))
    assert reference.status_code == 503  # refused before any analysis
    with services.uow() as uow:  # analysis goes on: the embedding is simply not kept
        vector = _near(_direction(30), 0.0, 31)
        assert not uow.embeddings.put(
            label.id, TrackEmbedding(track.asset_id, vector, "m", "v"), now=NOW
        )  # type: ignore[arg-type]


def test_graphql_track_similar(vector_services: Services, client: FlaskClient) -> None:
    label = _partner(vector_services)
    base = _direction(40)
    reference = _track(vector_services, label, "Reference", _near(base, 0.0, 41))
    _track(vector_services, label, "Near", _near(base, 0.2, 42))
    _track(vector_services, label, "Farther", _near(base, 0.6, 43))
    query = """query($id: ID!) { track(id: $id) { title similar(first: 1) { score
        track { title } } } }"""
    answer = client.post(
        "/graphql",
        json={"query": query, "variables": {"id": str(reference.id)}},
        headers=_headers(vector_services, label),
    )
    assert answer.status_code == 200, answer.get_json()
    similar = answer.get_json()["data"]["track"]["similar"]
    assert [s["track"]["title"] for s in similar] == ["Near"]
    assert similar[0]["score"] > 0.8


class _ReferenceAnalyzer:
    """The analysis stage's analyzer, standing in: the reference file's embedding is given."""

    def __init__(self, embedding: tuple[float, ...]) -> None:
        self.embedding = embedding
        self.heard: list[bytes] = []

    def analyze(self, audio: bytes, *, backend: str) -> AudioAnalysis:
        self.heard.append(audio)
        return AudioAnalysis(
            None, None, (), None, None, None, (), (), "musicnn", "test", 0.0,
            reasons={} if self.embedding else {"genres": "silence"},
            embedding=self.embedding,
        )  # fmt: skip


def test_similar_to_an_uploaded_reference_file_that_is_not_kept(
    vector_services: Services, client: FlaskClient
) -> None:
    label, other = _partner(vector_services), _partner(vector_services)
    headers = _headers(vector_services, label)
    base = _direction(50)
    _track(vector_services, label, "Near", _near(base, 0.2, 51))
    _track(vector_services, label, "Far", _near(base, 0.9, 52))
    _track(vector_services, other, "Theirs", _near(base, 0.0, 53))
    analyzer = _ReferenceAnalyzer(_near(base, 0.0, 54))
    vector_services.similar.analyzer = analyzer
    with vector_services.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM asset_embeddings")).scalar()

    answer = client.post(
        "/api/v1/similar?limit=5",
        data={"file": (io.BytesIO(b"reference audio"), "ref.mp3")},
        headers=headers,
        content_type="multipart/form-data",
    )

    assert answer.status_code == 200, answer.get_json()
    assert [i["track"]["title"] for i in answer.get_json()["items"]] == ["Near", "Far"]
    assert analyzer.heard == [b"reference audio"]
    with vector_services.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM asset_embeddings")).scalar() == stored
    raw = client.post("/api/v1/similar?genre=rock", data=b"raw body", headers=headers)
    assert raw.status_code == 200
    assert raw.get_json()["items"] == []

    vector_services.similar.analyzer = _ReferenceAnalyzer(())
    silent = client.post("/api/v1/similar", data=b"silence", headers=headers)
    assert silent.status_code == 422
    assert "silence" in str(silent.get_json())
    assert client.post("/api/v1/similar", headers=headers).status_code == 422


def test_a_dedicated_partition_takes_the_partners_embeddings_and_their_index(
    vector_services: Services, client: FlaskClient
) -> None:
    big = _partner(vector_services)
    base = _direction(60)
    reference = _track(vector_services, big, "Reference", _near(base, 0.0, 61))
    _track(vector_services, big, "Near", _near(base, 0.2, 62))

    created = vector_services.partners.dedicate_partition(big.id, now=NOW, actor=TEST_ACTOR)

    own = f"asset_embeddings_p_{big.id.hex}"
    assert own in created
    with vector_services.engine.connect() as conn:
        where = (
            conn.execute(
                sa.text(
                    "SELECT DISTINCT tableoid::regclass::text FROM asset_embeddings"
                    " WHERE partner_id = :p"
                ),
                {"p": big.id},
            )
            .scalars()
            .all()
        )
        indexes = (
            conn.execute(
                sa.text("SELECT indexdef FROM pg_indexes WHERE tablename = :t"), {"t": own}
            )
            .scalars()
            .all()
        )
    assert where == [own]
    assert any("hnsw" in index for index in indexes)
    _track(vector_services, big, "Added after", _near(base, 0.4, 63))
    titles = [
        i["track"]["title"]
        for i in _similar(client, _headers(vector_services, big), reference).get_json()["items"]
    ]
    assert titles == ["Near", "Added after"]


@pytest.mark.slow
def test_an_analysed_upload_gets_its_embedding_and_neighbours(
    vector_database_url: str, tmp_path: Path
) -> None:
    """The whole path on real audio: the analyze entry point (supervised musicnn workers) keeps
    each track's embedding, and the two tenor-sax recordings find each other first."""
    from shared.bootstrap import install_services
    from tests.functions.analysis_helpers import analysis_event, function_client, seed

    built = build_services(
        Settings(
            database_url=vector_database_url,
            catalog_data_dir=tmp_path / "data",
            environment="test",
            db_pool_size=2,
            analysis_retry_backoff_s=0.0,
        ),
        clock=lambda: NOW,
    )
    install_services(built)
    try:
        label = _partner(built)
        fixtures = (
            "essentia-audio/359500__mtg__sax-tenor-e-major.wav",
            "essentia-audio/359628__mtg__sax-tenor-d-minor.wav",
            "essentia-audio/techno_loop.mp3",
        )
        seeded = [seed(built, label, NOW, fixture=name) for name in fixtures]
        for one in seeded:
            headers, body = analysis_event(one.request(NOW))
            assert function_client().post("/", headers=headers, data=body).status_code == 200
        with built.engine.connect() as conn:
            kept = conn.execute(
                sa.text("SELECT count(*) FROM asset_embeddings WHERE partner_id = :p"),
                {"p": label.id},
            ).scalar()
        assert kept == 3
        client = create_app(lambda: built).test_client()
        answer = _similar(client, _headers(built, label), seeded[0].track)
        items = answer.get_json()["items"]
        assert [i["track"]["id"] for i in items][0] == str(seeded[1].track.id)  # the other sax
        assert len(items) == 2
    finally:
        install_services(None)
        built.close()


def test_the_exact_scan_of_a_small_partner_and_the_index_answer_alike(
    vector_services: Services,
) -> None:
    """A partner with few embeddings is searched exactly (EXACT_SCAN_MAX); with the cap at 0 the
    query is the one the HNSW index serves (on 4 rows the planner may still scan): both give the
    true nearest, in order."""
    from shared.db.repositories.embeddings import EmbeddingRepository
    from shared.domain.similarity import SimilarFilter

    partner = _partner(vector_services)
    base = _direction(40)
    reference = _track(vector_services, partner, "Reference", _near(base, 0.0, 0))
    near = [
        _track(vector_services, partner, f"Near {i}", _near(base, 0.1 * i, i)) for i in (1, 3, 5)
    ]

    with vector_services.engine.begin() as conn:
        exact = EmbeddingRepository(conn).neighbours(partner.id, reference.id, 3, SimilarFilter())
    with vector_services.engine.begin() as conn:
        indexed = EmbeddingRepository(conn, exact_scan_max=0).neighbours(
            partner.id, reference.id, 3, SimilarFilter()
        )

    assert [n.track_id for n in exact] == [t.id for t in near]
    assert [n.track_id for n in indexed] == [t.id for t in near]
    assert [n.score for n in exact] == [n.score for n in indexed]
