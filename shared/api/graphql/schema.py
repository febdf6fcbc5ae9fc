"""The GraphQL schema: the catalog's objects with nested relations, Relay-style connections,
mutations for edits and bulk edits. DataLoaders batch every relation, so a page costs a fixed
number of queries whatever its size.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON
from strawberry.types import Info

from shared.api.auth import Principal
from shared.bootstrap import Services
from shared.domain.search import CatalogQuery
from shared.errors import InvalidField, NotFound
from shared.unit_of_work import UnitOfWork

T = TypeVar("T")
MAX_FIRST = 100


@dataclass
class Context:
    """What every resolver of one request shares: caller, partner, one transaction, loaders."""

    services: Services
    uow: UnitOfWork
    principal: Principal
    partner_id: UUID | None
    loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)

    def partner(self, requested: strawberry.ID | None = None) -> UUID:
        """The partner this request acts on."""
        if requested is not None:
            return self.principal.partner_scope(_uuid(requested, "partnerId"))
        if self.partner_id is None:
            raise InvalidField("partnerId", "admins name the partner (partnerId argument)")
        return self.partner_id

    def loader(self, name: str, load: Any) -> DataLoader[Any, Any]:
        """The request's DataLoader called ``name``."""
        if name not in self.loaders:
            self.loaders[name] = DataLoader(load_fn=load)
        return self.loaders[name]


def _uuid(value: Any, name: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidField(name, f"{value!r} is not an id") from None


def _ctx(info: Info) -> Context:
    context: Context = info.context
    return context


def _by_ids(ctx: Context, repository: str, partner: UUID) -> Any:
    async def load(ids: list[UUID]) -> list[Any]:
        found = {o.id: o for o in getattr(ctx.uow, repository).find_many(partner, ids)}
        return [found.get(i) for i in ids]

    return load


def _children(ctx: Context, repository: str, column: str, partner: UUID) -> Any:
    async def load(parent_ids: list[UUID]) -> list[list[Any]]:
        rows = getattr(ctx.uow, repository).children_of(partner, column, parent_ids)
        grouped: dict[UUID, list[Any]] = {i: [] for i in parent_ids}
        for obj in rows:
            grouped[getattr(obj, column)].append(obj)
        return [grouped[i] for i in parent_ids]

    return load


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "o":
            raise ValueError(kind)
        return int(number) + 1
    except ValueError:
        raise InvalidField("after", "the cursor is not one this connection gave out") from None


@strawberry.type
class PageInfo:
    """Relay page info."""

    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    """A node and its cursor."""

    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    """A Relay connection."""

    edges: list[Edge[T]]
    page_info: PageInfo


def _slice(items: list[Any], first: int, after: str | None, wrap: Any) -> Connection[Any]:
    if not 0 <= first <= MAX_FIRST:
        raise InvalidField("first", f"must be between 0 and {MAX_FIRST}")
    start = _decode(after)
    chosen = items[start : start + first]
    edges = [Edge(node=wrap(obj), cursor=_encode(start + i)) for i, obj in enumerate(chosen)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + first < len(items), end_cursor=edges[-1].cursor if edges else None
        ),
    )


@strawberry.type
class Party:
    """A person or organisation."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._obj.id))

    @strawberry.field
    def name(self) -> str:
        return str(self._obj.name)

    @strawberry.field
    def kind(self) -> str:
        return str(self._obj.kind.value)

    @strawberry.field
    def isni(self) -> str | None:
        return str(self._obj.isni) if self._obj.isni else None

    @strawberry.field
    def ipi_name_number(self) -> str | None:
        return str(self._obj.ipi_name_number) if self._obj.ipi_name_number else None


async def _party(info: Info, party_id: UUID) -> Party | None:
    ctx = _ctx(info)
    partner = ctx.partner()
    found = await ctx.loader("party", _by_ids(ctx, "parties", partner)).load(party_id)
    return Party(_obj=found) if found else None


@strawberry.type
class Contributor:
    """A credit on a track, with its split."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def role(self) -> str:
        return str(self._obj.role)

    @strawberry.field
    def sequence(self) -> int:
        return int(self._obj.sequence)

    @strawberry.field
    def share(self) -> float | None:
        return self._obj.share  # type: ignore[no-any-return]

    @strawberry.field
    async def party(self, info: Info) -> Party | None:
        return await _party(info, self._obj.party_id)


@strawberry.type
class InterestedParty:
    """A writer or publisher of a work with role and shares."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def role(self) -> str:
        return str(self._obj.role)

    @strawberry.field
    def pr_share(self) -> float:
        return float(self._obj.shares.pr)

    @strawberry.field
    def mr_share(self) -> float:
        return float(self._obj.shares.mr)

    @strawberry.field
    def sr_share(self) -> float:
        return float(self._obj.shares.sr)

    @strawberry.field
    def controlled(self) -> bool:
        return bool(self._obj.controlled)

    @strawberry.field
    async def party(self, info: Info) -> Party | None:
        return await _party(info, self._obj.party_id)

    @strawberry.field
    async def publisher(self, info: Info) -> Party | None:
        publisher_id = getattr(self._obj, "publisher_party_id", None)
        return await _party(info, publisher_id) if publisher_id else None


@strawberry.type
class MasterSplit:
    """A rights holder's percentage of a master recording."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def share(self) -> float:
        return float(self._obj.share)

    @strawberry.field
    async def party(self, info: Info) -> Party | None:
        return await _party(info, self._obj.party_id)


@strawberry.type
class ArtistCredit:
    """An artist of a release in a DDEX DisplayArtistRole, in credit order."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def role(self) -> str:
        return str(self._obj.role)

    @strawberry.field
    def sequence(self) -> int:
        return int(self._obj.sequence)

    @strawberry.field
    async def party(self, info: Info) -> Party | None:
        return await _party(info, self._obj.party_id)


@strawberry.type
class Work:
    """A musical work."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._obj.id))

    @strawberry.field
    def title(self) -> str:
        return str(self._obj.title)

    @strawberry.field
    def iswc(self) -> str | None:
        return str(self._obj.iswc) if self._obj.iswc else None

    @strawberry.field
    def alternate_titles(self) -> list[str]:
        return list(self._obj.alternate_titles)

    @strawberry.field
    def writers(self) -> list[InterestedParty]:
        return [InterestedParty(_obj=w) for w in self._obj.writers]

    @strawberry.field
    def publishers(self) -> list[InterestedParty]:
        return [InterestedParty(_obj=p) for p in self._obj.publishers]


@strawberry.type
class Deal:
    """Where, when and how a release may be sold."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._obj.id))

    @strawberry.field
    def territories(self) -> list[str]:
        return sorted(self._obj.territories)

    @strawberry.field
    def commercial_models(self) -> list[str]:
        return sorted(self._obj.commercial_models)

    @strawberry.field
    def use_types(self) -> list[str]:
        return sorted(self._obj.use_types)

    @strawberry.field
    def start_date(self) -> date:
        return self._obj.start_date  # type: ignore[no-any-return]

    @strawberry.field
    def end_date(self) -> date | None:
        return self._obj.end_date  # type: ignore[no-any-return]

    @strawberry.field
    def preorder_start_date(self) -> date | None:
        return self._obj.preorder_start_date  # type: ignore[no-any-return]

    @strawberry.field
    def instant_grat_track_ids(self) -> list[strawberry.ID]:
        return [strawberry.ID(str(i)) for i in sorted(self._obj.instant_grat_track_ids, key=str)]


@strawberry.type
class Track:
    """A sound recording."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._obj.id))

    @strawberry.field
    def title(self) -> str:
        return str(self._obj.title)

    @strawberry.field
    def isrc(self) -> str | None:
        return str(self._obj.isrc) if self._obj.isrc else None

    @strawberry.field
    def display_artist(self) -> str | None:
        return self._obj.display_artist  # type: ignore[no-any-return]

    @strawberry.field
    def genre(self) -> str | None:
        return self._obj.genre  # type: ignore[no-any-return]

    @strawberry.field
    def bpm(self) -> float | None:
        return self._obj.bpm  # type: ignore[no-any-return]

    @strawberry.field
    def key(self) -> str | None:
        return str(self._obj.key) if self._obj.key else None

    @strawberry.field
    def vocals(self) -> str | None:
        return self._obj.vocals  # type: ignore[no-any-return]

    @strawberry.field
    def vocal_gender(self) -> str | None:
        return self._obj.vocal_gender  # type: ignore[no-any-return]

    @strawberry.field
    def preview_start_s(self) -> float | None:
        return self._obj.preview_start_s  # type: ignore[no-any-return]

    @strawberry.field
    def era_hint(self) -> str | None:  # the decade it sounds like: an AI suggestion, not a date
        return self._obj.era_hint  # type: ignore[no-any-return]

    @strawberry.field
    def duration_ms(self) -> int | None:
        return self._obj.duration_ms  # type: ignore[no-any-return]

    @strawberry.field
    def track_number(self) -> int | None:
        return self._obj.track_number  # type: ignore[no-any-return]

    @strawberry.field
    def status(self) -> str:
        return str(self._obj.status)

    @strawberry.field
    def provenance(self) -> JSON:
        provenance: Any = {name: p.to_json() for name, p in self._obj.provenance.items()}
        return provenance  # type: ignore[no-any-return]

    @strawberry.field
    def master_splits(self) -> list[MasterSplit]:
        return [MasterSplit(_obj=split) for split in self._obj.master_splits]

    @strawberry.field
    def contributors(self) -> list[Contributor]:
        return [Contributor(_obj=c) for c in self._obj.contributors]

    @strawberry.field
    async def work(self, info: Info) -> Work | None:
        if self._obj.work_id is None:
            return None
        ctx = _ctx(info)
        found = await ctx.loader("work", _by_ids(ctx, "works", ctx.partner())).load(
            self._obj.work_id
        )
        return Work(_obj=found) if found else None

    @strawberry.field
    async def release(self, info: Info) -> Release | None:
        if self._obj.release_id is None:
            return None
        ctx = _ctx(info)
        found = await ctx.loader("release", _by_ids(ctx, "releases", ctx.partner())).load(
            self._obj.release_id
        )
        return Release(_obj=found) if found else None

    @strawberry.field
    def similar(self, info: Info, first: int = 10) -> list[SimilarTrack]:
        """The partner's tracks that sound most like this one, most similar first."""
        from shared.domain.similarity import SimilarFilter

        found = _ctx(info).services.similar.similar(
            self._obj.partner_id, self._obj.id, limit=first, where=SimilarFilter()
        )
        return [SimilarTrack(track=Track(_obj=item.track), score=item.score) for item in found]

    @strawberry.field
    def timeline(self, info: Info) -> list[TimelineSegment]:
        """Genre and mood scores along the track, in order; [] before its audio is analysed."""
        found = _ctx(info).services.timelines.of_track(self._obj.partner_id, self._obj.id)
        if found is None:
            return []
        return [
            TimelineSegment(
                start_s=segment.start_s,
                end_s=segment.end_s,
                genres=[ScoredLabel(label=g.label, score=g.score) for g in segment.genres],
                moods=[ScoredLabel(label=m.label, score=m.score) for m in segment.moods],
            )
            for segment in found.segments
        ]


@strawberry.type
class ScoredLabel:
    """A taxonomy label and its raw model score (0..1)."""

    label: str
    score: float


@strawberry.type
class TimelineSegment:
    """Genre and mood scores over one stretch of the track (seconds from its start)."""

    start_s: float
    end_s: float
    genres: list[ScoredLabel]
    moods: list[ScoredLabel]


@strawberry.type
class SimilarTrack:
    """A similar track and its cosine similarity to the reference (1: the same sound)."""

    track: Track
    score: float


@strawberry.type
class Release:
    """A release with its tracks and deals."""

    _obj: strawberry.Private[Any]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._obj.id))

    @strawberry.field
    def title(self) -> str:
        return str(self._obj.title)

    @strawberry.field
    def upc(self) -> str | None:
        return str(self._obj.upc) if self._obj.upc else None

    @strawberry.field
    def display_artist(self) -> str | None:
        return self._obj.display_artist  # type: ignore[no-any-return]

    @strawberry.field
    def release_date(self) -> date | None:
        return self._obj.release_date  # type: ignore[no-any-return]

    @strawberry.field
    def artists(self) -> list[ArtistCredit]:
        return [ArtistCredit(_obj=a) for a in self._obj.artists]

    @strawberry.field
    async def tracks(
        self, info: Info, first: int = 50, after: str | None = None
    ) -> Connection[Track]:
        ctx = _ctx(info)
        loader = ctx.loader(
            "tracks_of_release", _children(ctx, "tracks", "release_id", ctx.partner())
        )
        tracks = await loader.load(self._obj.id)
        tracks.sort(key=lambda t: (t.disc_number or 0, t.track_number or 0, t.title))
        return _slice(tracks, first, after, lambda t: Track(_obj=t))

    @strawberry.field
    async def deals(self, info: Info) -> list[Deal]:
        from shared.api.catalog import visible

        ctx = _ctx(info)
        loader = ctx.loader(
            "deals_of_release", _children(ctx, "deals", "release_id", ctx.partner())
        )
        deals = await loader.load(self._obj.id)
        return [Deal(_obj=d) for d in deals if visible("deal", d, ctx.principal)]


@strawberry.input
class TrackFilter:
    """Track list filters (as the REST list's)."""

    q: str | None = None
    isrc: str | None = None
    genre: str | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None
    key: str | None = None
    vocals: str | None = None
    vocal_gender: str | None = None
    status: str | None = None
    missing: list[str] | None = None
    invalid: list[str] | None = None
    low_confidence: bool | None = None
    validation: str | None = strawberry.field(
        default=None, description="failed, valid or unchecked: the release's last validation"
    )


_REPOSITORIES = {"track": "tracks", "release": "releases", "work": "works", "party": "parties"}


def _search(
    info: Info,
    kind: str,
    filters: Any,
    first: int,
    after: str | None,
    partner_id: strawberry.ID | None,
) -> tuple[list[Any], str | None]:
    from shared.api.catalog import catalog_query, encode_cursor
    from shared.api.schemas import BulkFilter

    if not 0 <= first <= MAX_FIRST:
        raise InvalidField("first", f"must be between 0 and {MAX_FIRST}")
    ctx = _ctx(info)
    values = {k: v for k, v in vars(filters).items() if v is not None} if filters else {}
    query = catalog_query(
        kind, BulkFilter.model_validate(values), ctx.principal, limit=max(first, 1), after=after
    )
    repository = getattr(ctx.uow, _REPOSITORIES[kind])
    page = repository.search(
        ctx.partner(partner_id), query, low_below=ctx.services.settings.low_confidence_below
    )
    return page.items[:first], encode_cursor(page.next_cursor)


def _connection(items: list[Any], end: str | None, wrap: Any) -> Connection[Any]:
    edges = [Edge(node=wrap(o), cursor="") for o in items]
    return Connection(
        edges=edges, page_info=PageInfo(has_next_page=end is not None, end_cursor=end)
    )


async def _one(
    info: Info, kind: str, obj_id: strawberry.ID, partner_id: strawberry.ID | None
) -> Any:
    ctx = _ctx(info)
    partner = (
        ctx.partner(partner_id)
        if partner_id or not ctx.principal.is_admin
        else (ctx.services.catalog.owner_of(kind, _uuid(obj_id, "id")))
    )
    ctx.partner_id = partner
    found = await ctx.loader(kind, _by_ids(ctx, _REPOSITORIES[kind], partner)).load(
        _uuid(obj_id, "id")
    )
    return found


@strawberry.type
class Query:
    """Reads."""

    @strawberry.field
    async def track(
        self, info: Info, id: strawberry.ID, partner_id: strawberry.ID | None = None
    ) -> Track | None:
        found = await _one(info, "track", id, partner_id)
        return Track(_obj=found) if found else None

    @strawberry.field
    async def release(
        self, info: Info, id: strawberry.ID, partner_id: strawberry.ID | None = None
    ) -> Release | None:
        found = await _one(info, "release", id, partner_id)
        return Release(_obj=found) if found else None

    @strawberry.field
    async def work(
        self, info: Info, id: strawberry.ID, partner_id: strawberry.ID | None = None
    ) -> Work | None:
        found = await _one(info, "work", id, partner_id)
        return Work(_obj=found) if found else None

    @strawberry.field
    async def party(
        self, info: Info, id: strawberry.ID, partner_id: strawberry.ID | None = None
    ) -> Party | None:
        found = await _one(info, "party", id, partner_id)
        return Party(_obj=found) if found else None

    @strawberry.field
    def tracks(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        filter: TrackFilter | None = None,
        partner_id: strawberry.ID | None = None,
    ) -> Connection[Track]:
        items, end = _search(info, "track", filter, first, after, partner_id)
        return _connection(items, end, lambda t: Track(_obj=t))

    @strawberry.field
    def releases(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        q: str | None = None,
        validation: str | None = None,
        partner_id: strawberry.ID | None = None,
    ) -> Connection[Release]:
        wanted = TrackFilter(q=q, validation=validation)
        items, end = _search(info, "release", wanted, first, after, partner_id)
        return _connection(items, end, lambda r: Release(_obj=r))

    @strawberry.field
    def works(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        q: str | None = None,
        partner_id: strawberry.ID | None = None,
    ) -> Connection[Work]:
        items, end = _search(info, "work", TrackFilter(q=q), first, after, partner_id)
        return _connection(items, end, lambda w: Work(_obj=w))

    @strawberry.field
    def parties(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        q: str | None = None,
        partner_id: strawberry.ID | None = None,
    ) -> Connection[Party]:
        items, end = _search(info, "party", TrackFilter(q=q), first, after, partner_id)
        return _connection(items, end, lambda p: Party(_obj=p))


@strawberry.type
class Edited:
    """The result of an edit: the change to undo, and the object now."""

    change_id: strawberry.ID
    track: Track | None = None
    release: Release | None = None
    work: Work | None = None
    party: Party | None = None


@strawberry.type
class ChangeResult:
    """A change set."""

    change_id: strawberry.ID
    status: str
    total: int


def _now() -> datetime:
    from shared.api.context import current_services

    return current_services().clock()


def _update(
    info: Info, kind: str, id: strawberry.ID, changes: JSON, partner_id: strawberry.ID | None
) -> tuple[strawberry.ID, Any]:
    """Validate ``changes`` with the REST PATCH model of ``kind`` and apply them."""
    from pydantic import ValidationError

    from shared.api.bodies import invalid_fields
    from shared.api.kinds import API_KINDS

    ctx = _ctx(info)
    obj_id = _uuid(id, "id")
    partner = (
        ctx.partner(partner_id)
        if partner_id or not ctx.principal.is_admin
        else (ctx.services.catalog.owner_of(kind, obj_id))
    )
    patch_model = next(api.patch for api in API_KINDS if api.name == kind)
    try:
        patch = patch_model.model_validate(changes)
    except ValidationError as exc:
        raise invalid_fields(exc) from None
    changed = ctx.services.catalog.update(
        kind,
        partner,
        obj_id,
        patch.model_dump(mode="json", exclude_unset=True),
        actor=ctx.principal.actor(),
        now=_now(),
    )
    obj = changed.objects[0] if changed.objects else None
    return strawberry.ID(str(changed.change_id)), obj


def _update_mutation(kind: str, wrap: Any) -> Any:
    """``update<Kind>(id, changes, partnerId)``: the REST PATCH of ``kind`` as a mutation."""

    def update(
        info: Info, id: strawberry.ID, changes: JSON, partner_id: strawberry.ID | None = None
    ) -> Edited:
        change_id, obj = _update(info, kind, id, changes, partner_id)
        return Edited(change_id=change_id, **{kind: wrap(_obj=obj) if obj else None})

    return strawberry.mutation(
        resolver=update,
        description=f"Change fields of a {kind} (the same fields and checks as REST PATCH).",
    )


@strawberry.type
class Mutation:
    """Writes (each returns the change id that undoes it)."""

    update_track: Edited = _update_mutation("track", Track)
    update_release: Edited = _update_mutation("release", Release)
    update_work: Edited = _update_mutation("work", Work)
    update_party: Edited = _update_mutation("party", Party)

    @strawberry.mutation
    def bulk_edit_tracks(self, info: Info, input: JSON) -> ChangeResult:
        """A bulk edit (the same body as REST PATCH /api/v1/tracks), run synchronously."""
        from pydantic import ValidationError

        from shared.api.bodies import invalid_fields
        from shared.api.catalog import catalog_query
        from shared.api.schemas import BulkEditIn, BulkFilter
        from shared.services.catalog import BulkEdit, FindReplace

        ctx = _ctx(info)
        try:
            body = BulkEditIn.model_validate(input)
        except ValidationError as exc:
            raise invalid_fields(exc) from None
        partner = ctx.partner(strawberry.ID(str(body.partner_id)) if body.partner_id else None)
        if (body.ids is None) == (body.filter is None):
            raise InvalidField("ids", "give either ids or filter")
        selection = (
            CatalogQuery(ids=tuple(body.ids))
            if body.ids is not None
            else catalog_query("track", body.filter or BulkFilter(), ctx.principal)
        )
        edit = BulkEdit(
            set=body.set or {},
            find_replace=tuple(
                FindReplace(r.field, r.find, r.replace) for r in body.find_replace or []
            ),
            scale_bpm={"double": 2.0, "halve": 0.5}.get(body.scale_bpm or ""),
            accept_estimates=tuple(body.accept_estimates or ()),
        )
        changed = ctx.services.catalog.bulk_edit(
            "track", partner, selection, edit, actor=ctx.principal.actor(), now=_now()
        )
        return ChangeResult(
            change_id=strawberry.ID(str(changed.change_id)),
            status="done",
            total=changed.total,
        )

    @strawberry.mutation
    def undo_change(self, info: Info, id: strawberry.ID) -> ChangeResult:
        """Undo a change or a whole bulk edit."""
        ctx = _ctx(info)
        scope = None if ctx.principal.is_admin else ctx.principal.partner_scope()
        undone = ctx.services.catalog.undo(
            scope,
            _uuid(id, "id"),
            actor=ctx.principal.actor(),
            now=_now(),
            may_restore=ctx.principal.is_admin,
        )
        return ChangeResult(
            change_id=strawberry.ID(str(undone.id)), status=undone.status, total=undone.total
        )


def build_schema(*, max_depth: int, max_complexity: int) -> strawberry.Schema:
    """The schema with its depth, alias and complexity limits."""
    from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, QueryDepthLimiter

    from shared.api.graphql.limits import MAX_ALIASES, OneLineSchema, complexity_limit

    complexity = complexity_limit(max_complexity)
    extensions: list[Any] = [  # factories: a fresh extension per request
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: AddValidationRules([complexity]),
    ]
    return OneLineSchema(query=Query, mutation=Mutation, extensions=extensions)


__all__ = ["Context", "NotFound", "build_schema"]
