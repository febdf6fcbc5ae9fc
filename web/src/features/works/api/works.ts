import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type Work = ApiSchemas['WorkOut'];
type InterestedParty = {
  party_id: string;
  role: string;
  pr_share: number;
  mr_share: number;
  sr_share: number;
};
/** What the editor sends (WorkCreate's fields it edits; the rest keep their stored values). */
export type WorkInput = {
  title: string;
  iswc: string | null;
  alternate_titles: string[];
  writers: (InterestedParty & { publisher_party_id: string | null })[];
  publishers: InterestedParty[];
};
type WorkPage = ApiSchemas['WorkPage'];
type Party = ApiSchemas['PartyChanged'];
export type Recording = ApiSchemas['TrackOut'];
type TrackPage = ApiSchemas['TrackPage'];

export const workQueryKey = (workId: string) => ['works', workId] as const;

export const getWork = (workId: string) => api.get<Work>(`/works/${encodeURIComponent(workId)}`);

export const useWork = (workId: string | null) =>
  useQuery({
    queryKey: workQueryKey(workId ?? ''),
    queryFn: () => getWork(workId as string),
    enabled: Boolean(workId),
  });

export const listWorks = (q: string) =>
  api.get<WorkPage>('/works', { query: { q: q.trim() || undefined, limit: 100, sort: 'title' } });

export const useWorks = (q: string) =>
  useQuery({ queryKey: ['works', 'list', q], queryFn: () => listWorks(q) });

/** Create or change a work; the form shows refusals beside their fields. */
export const saveWork = (workId: string | null, body: WorkInput) =>
  workId
    ? api.patch<Work>(`/works/${encodeURIComponent(workId)}`, body, { notifyOnError: false })
    : api.post<Work>('/works', body, { notifyOnError: false });

/** A writer or publisher typed by name becomes a party (with its IPI name number). */
export const createParty = (name: string, ipi: string | null) =>
  api.post<Party>(
    '/parties',
    { name, kind: 'unknown', ipi_name_number: ipi },
    { notifyOnError: false },
  );

/** A known party whose name or IPI was corrected in the editor. */
export const updateParty = (partyId: string, name: string, ipi: string | null) =>
  api.patch<Party>(
    `/parties/${encodeURIComponent(partyId)}`,
    { name, ipi_name_number: ipi },
    { notifyOnError: false },
  );

export const recordingsOfWork = (workId: string) =>
  api.get<TrackPage>('/tracks', { query: { work_id: workId, limit: 200 } });

export const useRecordingsOfWork = (workId: string) =>
  useQuery({
    queryKey: ['tracks', 'of-work', workId],
    queryFn: () => recordingsOfWork(workId),
  });

export const searchRecordings = (q: string) =>
  api.get<TrackPage>('/tracks', { query: { q, limit: 10 } });

export const useRecordingSearch = (q: string) =>
  useQuery({
    queryKey: ['tracks', 'search', q],
    queryFn: () => searchRecordings(q),
    enabled: q.trim().length >= 2,
  });

/** Link a recording to a work (or unlink it: null). */
export const setRecordingWork = (trackId: string, workId: string | null) =>
  api.patch<Recording>(`/tracks/${encodeURIComponent(trackId)}`, { work_id: workId });
