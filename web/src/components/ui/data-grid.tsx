'use client';

import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from 'react';

// A virtualised, keyboard-driven data grid (WAI-ARIA grid pattern): only the rows in view are in
// the DOM, so 100k rows scroll like 100. TanStack Table models rows and columns; TanStack Virtual
// positions the rows. Focus stays on the grid; aria-activedescendant names the active cell.

export type GridColumn<T> = {
  id: string;
  header: string;
  /** CSS grid track size, e.g. '8rem' or 'minmax(12rem, 2fr)' */
  width: string;
  cell: (row: T) => ReactNode;
  /** the text an inline editor starts from; absent: the column is read-only */
  editText?: (row: T) => string;
  align?: 'left' | 'right';
  /** the API's sort name: the header becomes a button sorting by it */
  sortKey?: string;
};

/** The next sort when a header is clicked: ascending, then descending, then none. */
export function nextSort(current: string | undefined, key: string): string | undefined {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return undefined;
  return key;
}

function ariaSort(current: string | undefined, key: string | undefined) {
  if (!key) return undefined;
  if (current === key) return 'ascending' as const;
  if (current === `-${key}`) return 'descending' as const;
  return 'none' as const;
}

export type DataGridProps<T> = {
  label: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: readonly GridColumn<T>[];
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  /** save an edit; resolve to an error message to keep the editor open, or null when saved */
  onCommitEdit?: (row: T, columnId: string, text: string) => Promise<string | null>;
  onOpenRow?: (row: T) => void;
  onEndReached?: () => void;
  /** the list's sort ("bpm", "-bpm"); sortable headers show it and change it */
  sort?: string;
  onSortChange?: (sort: string | undefined) => void;
  /** rows the server has in all (for aria-rowcount); rows.length when unknown */
  totalRows?: number | null;
  loadingMore?: boolean;
  rowHeight?: number;
  height?: string;
};

type Editing = { row: number; col: number; draft: string; error: string | null; saving: boolean };

const SELECT_WIDTH = '2.75rem';

export function DataGrid<T>(props: DataGridProps<T>) {
  const { rows, columns, rowKey, selected, onSelectedChange, rowHeight = 36 } = props;
  const gridId = useId().replace(/:/g, '');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState({ row: 0, col: 1 });
  const [editing, setEditing] = useState<Editing | null>(null);
  const anchor = useRef<number | null>(null);

  const columnDefs = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        header: column.header,
        accessorFn: (row: T) => row,
      })),
    [columns],
  );
  const table = useReactTable({
    data: rows as T[],
    columns: columnDefs,
    getRowId: (row) => rowKey(row),
    getCoreRowModel: getCoreRowModel(),
  });
  // the row model is never asked for: building it walks every row, and only the rows in view
  // are drawn, straight from `rows` (so a new page of 500 costs 500, not the 100k loaded)
  const template = `${SELECT_WIDTH} ${columns.map((column) => column.width).join(' ')}`;
  const columnCount = columns.length + 1;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  const { onEndReached, loadingMore } = props;
  useEffect(() => {
    if (onEndReached && !loadingMore && rows.length > 0 && lastIndex >= rows.length - 30)
      onEndReached();
  }, [lastIndex, rows.length, onEndReached, loadingMore]);

  const moveTo = useCallback(
    (row: number, col: number) => {
      const next = {
        row: Math.max(0, Math.min(rows.length - 1, row)),
        col: Math.max(0, Math.min(columnCount - 1, col)),
      };
      setActive(next);
      virtualizer.scrollToIndex(next.row, { align: 'auto' });
    },
    [rows.length, columnCount, virtualizer],
  );

  const toggleRow = useCallback(
    (index: number, range: boolean) => {
      const next = new Set(selected);
      const from = range && anchor.current !== null ? Math.min(anchor.current, index) : index;
      const to = range && anchor.current !== null ? Math.max(anchor.current, index) : index;
      const key = rows[index] ? rowKey(rows[index]) : null;
      const adding = key !== null && !selected.has(key);
      for (let i = from; i <= to; i++) {
        const row = rows[i];
        if (!row) continue;
        if (adding || range) next.add(rowKey(row));
        else next.delete(rowKey(row));
      }
      anchor.current = index;
      onSelectedChange(next);
    },
    [rows, rowKey, selected, onSelectedChange],
  );

  const startEdit = useCallback(
    (row: number, col: number, initial?: string) => {
      const column = columns[col - 1];
      const record = rows[row];
      if (!column?.editText || !record || !props.onCommitEdit) return false;
      setEditing({
        row,
        col,
        draft: initial ?? column.editText(record),
        error: null,
        saving: false,
      });
      return true;
    },
    [columns, rows, props.onCommitEdit],
  );

  const commitEdit = useCallback(
    async (move: 'down' | 'right' | 'none') => {
      if (!editing || !props.onCommitEdit) return;
      const column = columns[editing.col - 1];
      const record = rows[editing.row];
      if (!column || !record) return;
      setEditing({ ...editing, saving: true });
      const error = await props.onCommitEdit(record, column.id, editing.draft);
      if (error) {
        setEditing({ ...editing, error, saving: false });
        return;
      }
      setEditing(null);
      scrollRef.current?.focus();
      if (move === 'down') moveTo(editing.row + 1, editing.col);
      if (move === 'right') moveTo(editing.row, editing.col + 1);
    },
    [editing, props, columns, rows, moveTo],
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (editing) return; // the editor handles its own keys
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const ctrl = event.ctrlKey || event.metaKey;
    const handled = handleKey(event, ctrl, page);
    if (handled) event.preventDefault();
  }

  function handleKey(event: KeyboardEvent<HTMLDivElement>, ctrl: boolean, page: number): boolean {
    const { row, col } = active;
    switch (event.key) {
      case 'ArrowDown':
        if (event.shiftKey) toggleRow(row + 1 < rows.length ? row + 1 : row, true);
        moveTo(row + 1, col);
        return true;
      case 'ArrowUp':
        if (event.shiftKey) toggleRow(row > 0 ? row - 1 : row, true);
        moveTo(row - 1, col);
        return true;
      case 'ArrowRight':
        moveTo(row, col + 1);
        return true;
      case 'ArrowLeft':
        moveTo(row, col - 1);
        return true;
      case 'Home':
        moveTo(ctrl ? 0 : row, ctrl ? col : 0);
        return true;
      case 'End':
        moveTo(ctrl ? rows.length - 1 : row, ctrl ? col : columnCount - 1);
        return true;
      case 'PageDown':
        moveTo(row + page, col);
        return true;
      case 'PageUp':
        moveTo(row - page, col);
        return true;
      case ' ':
        toggleRow(row, event.shiftKey);
        return true;
      case 'Escape':
        if (selected.size) onSelectedChange(new Set());
        return true;
      case 'Enter':
      case 'F2': {
        const record = rows[row];
        if ((ctrl || col === 0 || !startEdit(row, col)) && record && props.onOpenRow)
          props.onOpenRow(record);
        return true;
      }
      default:
        if (ctrl && event.key.toLowerCase() === 'a') {
          onSelectedChange(new Set(rows.map(rowKey)));
          return true;
        }
        if (event.key.length === 1 && !ctrl && !event.altKey && col > 0)
          return startEdit(row, col, event.key);
        return false;
    }
  }

  // handlers for the memoised rows: one stable object that always calls the latest closures
  const latest = useRef({ toggleRow, startEdit, commitEdit, openRow: props.onOpenRow, rows });
  useEffect(() => {
    latest.current = { toggleRow, startEdit, commitEdit, openRow: props.onOpenRow, rows };
  });
  const actions = useMemo<RowActions>(
    () => ({
      click: (row, col) => {
        setActive((current) => ({ row, col: col ?? current.col }));
        scrollRef.current?.focus({ preventScroll: true });
      },
      doubleClick: (row, col) => {
        const record = latest.current.rows[row];
        if (!latest.current.startEdit(row, col) && record) latest.current.openRow?.(record);
      },
      toggle: (row, range) => {
        setActive({ row, col: 0 });
        latest.current.toggleRow(row, range);
      },
      draft: (draft) =>
        setEditing((current) => (current ? { ...current, draft, error: null } : current)),
      commit: (move) => void latest.current.commitEdit(move),
      cancel: () => {
        setEditing(null);
        scrollRef.current?.focus();
      },
    }),
    [],
  );

  const activeId = rows.length ? `${gridId}-r${active.row}-c${active.col}` : undefined;
  const allSelected = rows.length > 0 && selected.size >= rows.length;

  return (
    <div className="relative flex flex-col">
      <div
        ref={scrollRef}
        role="grid"
        aria-label={props.label}
        aria-rowcount={(props.totalRows ?? rows.length) + 1}
        aria-colcount={columnCount}
        aria-multiselectable
        aria-activedescendant={editing ? undefined : activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="overflow-auto rounded border border-slate-300 bg-white focus-visible:outline-2 focus-visible:outline-indigo-600"
        style={{ height: props.height ?? 'calc(100vh - 16rem)', minHeight: '18rem' }}
      >
        <div
          role="rowgroup"
          className="sticky top-0 z-10 min-w-max border-b border-slate-300 bg-slate-100"
        >
          <div
            role="row"
            aria-rowindex={1}
            className="grid"
            style={{ gridTemplateColumns: template }}
          >
            <div
              role="columnheader"
              aria-colindex={1}
              className="flex items-center justify-center px-2 py-2"
            >
              <input
                type="checkbox"
                tabIndex={-1}
                aria-label={allSelected ? 'Clear the selection' : 'Select every loaded row'}
                checked={allSelected}
                onChange={() =>
                  onSelectedChange(allSelected ? new Set() : new Set(rows.map(rowKey)))
                }
              />
            </div>
            {table.getHeaderGroups()[0]?.headers.map((header, index) => {
              const column = columns[index];
              const sortKey = props.onSortChange ? column?.sortKey : undefined;
              const order = ariaSort(props.sort, sortKey);
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  aria-colindex={index + 2}
                  aria-sort={order}
                  className={`truncate px-2 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase ${column?.align === 'right' ? 'text-right' : ''}`}
                >
                  {sortKey ? (
                    <button
                      type="button"
                      className="inline-flex items-center gap-1 uppercase hover:text-indigo-800"
                      onClick={() => props.onSortChange?.(nextSort(props.sort, sortKey))}
                    >
                      {column?.header}
                      <span aria-hidden="true">
                        {order === 'ascending' ? '▲' : order === 'descending' ? '▼' : ''}
                      </span>
                    </button>
                  ) : (
                    column?.header
                  )}
                </div>
              );
            })}
          </div>
        </div>
        <div
          role="rowgroup"
          className="relative min-w-max"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const record = rows[item.index];
            if (!record) return null;
            const id = rowKey(record);
            return (
              <GridRow
                key={id}
                index={item.index}
                start={item.start}
                record={record}
                rowId={id}
                columns={columns}
                template={template}
                rowHeight={rowHeight}
                gridId={gridId}
                selected={selected.has(id)}
                activeCol={active.row === item.index ? active.col : null}
                editing={editing?.row === item.index ? editing : null}
                actions={actions}
              />
            );
          })}
        </div>
        {rows.length === 0 && (
          <p className="p-6 text-center text-sm text-slate-500">Nothing matches.</p>
        )}
      </div>
      <p className="mt-1 text-xs text-slate-500" aria-live="polite">
        {rows.length.toLocaleString('en')} {rows.length === 1 ? 'row' : 'rows'} loaded
        {props.totalRows ? ` of ${props.totalRows.toLocaleString('en')}` : ''}
        {selected.size ? ` · ${selected.size.toLocaleString('en')} selected` : ''}
        {props.loadingMore ? ' · loading more…' : ''}
      </p>
    </div>
  );
}

type RowActions = {
  click: (row: number, col: number | null) => void;
  doubleClick: (row: number, col: number) => void;
  toggle: (row: number, range: boolean) => void;
  draft: (draft: string) => void;
  commit: (move: 'down' | 'right' | 'none') => void;
  cancel: () => void;
};

type GridRowProps<T> = {
  index: number;
  start: number;
  record: T;
  rowId: string;
  columns: readonly GridColumn<T>[];
  template: string;
  rowHeight: number;
  gridId: string;
  selected: boolean;
  activeCol: number | null;
  editing: Editing | null;
  actions: RowActions;
};

/** One row; memoised, so scrolling renders only the rows that come into view. */
const GridRow = memo(function GridRow<T>(props: GridRowProps<T>) {
  const { index, record, columns, gridId, activeCol, editing, actions } = props;
  const colOf = (target: EventTarget) => {
    const cell = (target as HTMLElement).closest('[data-col]');
    return cell ? Number(cell.getAttribute('data-col')) : null;
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      data-row-key={props.rowId}
      className={`absolute top-0 left-0 grid w-full border-b border-slate-100 text-sm ${props.selected ? 'bg-indigo-50' : index % 2 ? 'bg-slate-50/50' : 'bg-white'} ${activeCol !== null ? 'ring-1 ring-indigo-300 ring-inset' : ''}`}
      style={{
        gridTemplateColumns: props.template,
        height: props.rowHeight,
        transform: `translateY(${props.start}px)`,
        // a row's layout and paint stay inside it (cheaper scrolling), except while its editor
        // shows an error below the cell; that row then stacks above the rows after it (each
        // row's transform makes its own stacking context, so the error's z-index alone stays
        // under the next row)
        contain: editing ? undefined : 'strict',
        zIndex: editing ? 10 : undefined,
      }}
      onClick={(event) => actions.click(index, colOf(event.target))}
      onDoubleClick={(event) => actions.doubleClick(index, colOf(event.target) ?? activeCol ?? 1)}
    >
      <div
        role="gridcell"
        id={`${gridId}-r${index}-c0`}
        data-col={0}
        aria-colindex={1}
        className={`flex items-center justify-center ${activeCol === 0 ? 'outline-2 -outline-offset-2 outline-indigo-600' : ''}`}
      >
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select row ${index + 1}`}
          checked={props.selected}
          onChange={() => undefined}
          onClick={(event) => {
            event.stopPropagation();
            actions.toggle(index, event.shiftKey);
          }}
        />
      </div>
      {columns.map((column, position) => {
        const col = position + 1;
        return (
          <div
            key={column.id}
            role="gridcell"
            id={`${gridId}-r${index}-c${col}`}
            data-col={col}
            data-column={column.id}
            aria-colindex={col + 1}
            aria-readonly={column.editText ? undefined : true}
            className={`relative flex min-w-0 items-center px-2 ${column.align === 'right' ? 'justify-end text-right' : ''} ${activeCol === col ? 'outline-2 -outline-offset-2 outline-indigo-600' : ''}`}
          >
            {editing?.col === col ? (
              <CellEditor
                label={`${column.header}, row ${index + 1}`}
                editing={editing}
                onDraft={actions.draft}
                onCommit={actions.commit}
                onCancel={actions.cancel}
              />
            ) : (
              <span className="truncate">{column.cell(record)}</span>
            )}
          </div>
        );
      })}
    </div>
  );
}) as <T>(props: GridRowProps<T>) => ReactElement;

type CellEditorProps = {
  label: string;
  editing: Editing;
  onDraft: (draft: string) => void;
  onCommit: (move: 'down' | 'right' | 'none') => void;
  onCancel: () => void;
};

function CellEditor({ label, editing, onDraft, onCommit, onCancel }: CellEditorProps) {
  const errorId = useId();
  // a key already committed or cancelled: the blur that follows must not commit again
  const settled = useRef(false);
  return (
    <>
      <input
        autoFocus
        aria-label={label}
        aria-invalid={editing.error ? true : undefined}
        aria-describedby={editing.error ? errorId : undefined}
        value={editing.draft}
        readOnly={editing.saving}
        aria-busy={editing.saving || undefined}
        onChange={(event) => {
          settled.current = false;
          onDraft(event.target.value);
        }}
        onKeyDown={(event) => {
          event.stopPropagation();
          const action = { Enter: 'down', Tab: 'right', Escape: 'cancel' }[event.key];
          if (!action || editing.saving) return;
          event.preventDefault();
          settled.current = true;
          if (action === 'cancel') onCancel();
          else onCommit(action as 'down' | 'right');
        }}
        onBlur={(event) => {
          // moving elsewhere saves, like a spreadsheet; a refused value stays visible instead
          if (!settled.current && !editing.error && !editing.saving && event.relatedTarget !== null)
            onCommit('none');
        }}
        className="w-full rounded border border-indigo-500 px-1 py-0.5 text-sm aria-[invalid=true]:border-red-600"
      />
      {editing.error && (
        <span
          id={errorId}
          role="alert"
          className="absolute top-full left-0 z-20 mt-0.5 w-64 rounded bg-red-700 px-2 py-1 text-xs text-white shadow"
        >
          {editing.error}
        </span>
      )}
    </>
  );
}
