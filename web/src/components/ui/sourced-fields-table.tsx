import type { ReactNode } from 'react';

/** The Field / Value / Source table a track or release page lists its values in; each row is
 * the feature's own (it knows how to edit and save its values). */
export function SourcedFieldsTable({
  caption,
  children,
}: {
  caption: string;
  children: ReactNode;
}) {
  return (
    <table className="w-full table-fixed text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-left text-xs text-slate-500 uppercase">
          <th scope="col" className="w-[30%] py-1 pr-2">
            Field
          </th>
          <th scope="col" className="py-1 pr-2">
            Value
          </th>
          <th scope="col" className="w-[30%] py-1">
            Source
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
