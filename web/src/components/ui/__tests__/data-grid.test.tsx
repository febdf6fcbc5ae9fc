import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';

import { DataGrid, type GridColumn } from '@/components/ui/data-grid';

type Row = { id: string; title: string; bpm: number };

const COLUMNS: GridColumn<Row>[] = [
  { id: 'title', header: 'Title', width: '10rem', cell: (r) => r.title, editText: (r) => r.title },
  {
    id: 'bpm',
    header: 'BPM',
    width: '5rem',
    cell: (r) => String(r.bpm),
    editText: (r) => String(r.bpm),
  },
];

const rows = (count: number): Row[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `r${i}`,
    title: `Song ${i}`,
    bpm: 100 + (i % 50),
  }));

function Harness(props: {
  count: number;
  onCommit?: (row: Row, column: string, text: string) => Promise<string | null>;
  onOpen?: (row: Row) => void;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  return (
    <DataGrid
      label="Tracks"
      rows={rows(props.count)}
      rowKey={(row) => row.id}
      columns={COLUMNS}
      selected={selected}
      onSelectedChange={setSelected}
      onCommitEdit={props.onCommit}
      onOpenRow={props.onOpen}
    />
  );
}

const activeCell = () => {
  const grid = screen.getByRole('grid', { name: 'Tracks' });
  return document.getElementById(grid.getAttribute('aria-activedescendant') ?? '');
};

test('100k rows render only the rows in view', () => {
  render(<Harness count={100_000} />);

  const rendered = screen.getAllByRole('row').length;
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);
  expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '100001');
});

test('arrow keys move the active cell and Home/End jump along the row', () => {
  render(<Harness count={50} />);
  const grid = screen.getByRole('grid');
  grid.focus();

  expect(activeCell()).toHaveTextContent('Song 0');
  fireEvent.keyDown(grid, { key: 'ArrowDown' });
  fireEvent.keyDown(grid, { key: 'ArrowDown' });
  expect(activeCell()).toHaveTextContent('Song 2');
  fireEvent.keyDown(grid, { key: 'End' });
  expect(activeCell()).toHaveTextContent('102');
  fireEvent.keyDown(grid, { key: 'Home' });
  expect(activeCell()?.querySelector('input[type=checkbox]')).not.toBeNull();
});

test('Space, Shift+arrows and Ctrl+A select rows; Escape clears', () => {
  render(<Harness count={20} />);
  const grid = screen.getByRole('grid');

  fireEvent.keyDown(grid, { key: ' ' });
  fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
  fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true });
  expect(screen.getByText(/3 selected/)).toBeInTheDocument();
  fireEvent.keyDown(grid, { key: 'a', ctrlKey: true });
  expect(screen.getByText(/20 selected/)).toBeInTheDocument();
  fireEvent.keyDown(grid, { key: 'Escape' });
  expect(screen.queryByText(/selected/)).not.toBeInTheDocument();
});

test('Enter edits a cell; a refused value keeps the editor open with the message', async () => {
  const user = userEvent.setup();
  const onCommit = jest.fn(async (_row: Row, _column: string, text: string) =>
    Number(text) > 400 ? 'BPM: must be between 20 and 400 BPM' : null,
  );
  render(<Harness count={5} onCommit={onCommit} />);
  const grid = screen.getByRole('grid');
  grid.focus();
  fireEvent.keyDown(grid, { key: 'ArrowRight' });

  fireEvent.keyDown(grid, { key: 'Enter' });
  const editor = screen.getByRole('textbox', { name: 'BPM, row 1' });
  await user.clear(editor);
  await user.type(editor, '900{Enter}');

  expect(await screen.findByRole('alert')).toHaveTextContent('must be between 20 and 400');
  const refused = screen.getByRole('textbox', { name: 'BPM, row 1' });
  expect(refused).toHaveAttribute('aria-invalid', 'true');
  expect(refused).toHaveValue('900');
  await user.clear(refused);
  await user.type(refused, '120{Enter}');
  expect(onCommit).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'r0' }), 'bpm', '120');
  expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  expect(activeCell()).toHaveTextContent('101'); // moved down after saving
});

test('Escape leaves the editor without saving', async () => {
  const onCommit = jest.fn(async () => null);
  render(<Harness count={3} onCommit={onCommit} />);
  const grid = screen.getByRole('grid');

  fireEvent.keyDown(grid, { key: 'Enter' });
  fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Escape' });

  expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  expect(onCommit).not.toHaveBeenCalled();
});

test('Ctrl+Enter opens the row', () => {
  const onOpen = jest.fn();
  render(<Harness count={3} onOpen={onOpen} />);
  const grid = screen.getByRole('grid');

  fireEvent.keyDown(grid, { key: 'ArrowDown' });
  fireEvent.keyDown(grid, { key: 'Enter', ctrlKey: true });

  expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 'r1' }));
});

test('clicking a row checkbox with Shift selects the range', async () => {
  render(<Harness count={10} />);
  const boxes = () => within(screen.getByRole('grid')).getAllByRole('checkbox');

  await act(async () => fireEvent.click(boxes()[1]!));
  await act(async () => fireEvent.click(boxes()[4]!, { shiftKey: true }));

  expect(screen.getByText(/4 selected/)).toBeInTheDocument();
});

test('the footer counts the rows loaded in words that agree with the number', () => {
  const { unmount } = render(<Harness count={1} />);
  expect(screen.getByText('1 row loaded')).toBeInTheDocument();
  unmount();

  render(<Harness count={1_200} />);
  expect(screen.getByText('1,200 rows loaded')).toBeInTheDocument();
});
