'use client';

import { actorLabel } from '@/lib/session';

import { useAssignedCodes } from '../api/assign-codes';

/** Where the track's ISRC or the release's UPC came from, when this product assigned it. */
export function CodeOrigin({ subjectId, code }: { subjectId: string; code: string | null }) {
  const assigned = useAssignedCodes(subjectId);
  const origin = assigned.data?.items.find((item) => item.code === code);
  if (!code || !origin) return null;
  const when = origin.assigned_at.slice(0, 10);
  return (
    <p className="text-xs text-slate-600">
      {code} assigned from {origin.source} by {actorLabel(origin.assigned_by)} on {when}
      {origin.replaced ? ` (replaced ${origin.replaced})` : ''}
    </p>
  );
}
