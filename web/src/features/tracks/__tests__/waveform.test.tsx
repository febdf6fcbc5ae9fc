import { fireEvent, screen } from '@testing-library/react';

import { currentNotifications } from '@/lib/notifications';
import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { clampStart, previewBand, Waveform } from '../components/waveform';

test('a track without kept audio says so quietly', async () => {
  mockFetch({ 'GET /api/v1/tracks/t1/audio': problem(404, 'track t1 has no audio') });

  renderWithClient(<Waveform trackId="t1" />);

  expect(await screen.findByText('No audio is kept for this track.')).toBeInTheDocument();
  expect(currentNotifications()).toHaveLength(0);
});

test('play waits until the audio is loaded', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/audio': {
      body: { url: '/local-blobs/audio/a.flac?sig=1', expires_s: 3600 },
    },
  });

  renderWithClient(<Waveform trackId="t1" />);

  expect(await screen.findByRole('button', { name: 'Play' })).toBeDisabled();
  expect(screen.getByRole('img', { name: 'Waveform' })).toBeInTheDocument();
});

test('the preview clip is drawn over the waveform and named with its times', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/audio': {
      body: { url: '/local-blobs/audio/a.flac?sig=1', expires_s: 3600 },
    },
  });

  renderWithClient(<Waveform trackId="t1" durationS={200} preview={{ startS: 50 }} />);

  expect(await screen.findByText('Preview 0:50–1:20')).toBeInTheDocument();
  const band = screen.getByTestId('preview-band');
  expect(band.style.left).toBe('25.00%');
  expect(band.style.width).toBe('15.00%');
});

test('a short track clips the band at its end', () => {
  expect(previewBand(20, 40)).toEqual({ left: '50.00%', width: '50.00%' });
});

test('without a preview the waveform says so', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/audio': {
      body: { url: '/local-blobs/audio/a.flac?sig=1', expires_s: 3600 },
    },
  });

  renderWithClient(<Waveform trackId="t1" preview={{ startS: null, onChoose: () => {} }} />);

  expect(await screen.findByText('No preview clip yet')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Start preview at 0:00' })).toBeDisabled();
});

// jsdom has no PointerEvent: without one, fireEvent.pointer* drops clientX
class TestPointerEvent extends MouseEvent {
  pointerId: number;
  constructor(type: string, init: PointerEventInit = {}) {
    super(type, init);
    this.pointerId = init.pointerId ?? 0;
  }
}

test('dragging the band moves the preview and saves where it is dropped', async () => {
  (window as { PointerEvent?: unknown }).PointerEvent ??= TestPointerEvent;
  mockFetch({
    'GET /api/v1/tracks/t1/audio': {
      body: { url: '/local-blobs/audio/a.flac?sig=1', expires_s: 3600 },
    },
  });
  const onChoose = jest.fn();
  renderWithClient(<Waveform trackId="t1" durationS={200} preview={{ startS: 50, onChoose }} />);
  const band = await screen.findByRole('slider', { name: /Preview start/ });
  jest
    .spyOn(band.parentElement as HTMLElement, 'getBoundingClientRect')
    .mockReturnValue({ width: 400 } as DOMRect);

  fireEvent.pointerDown(band, { clientX: 100, pointerId: 1 });
  fireEvent.pointerMove(band, { clientX: 140, pointerId: 1 }); // 40 px of 400: 20 s later
  expect(screen.getByText('Preview 1:10–1:40')).toBeInTheDocument();
  fireEvent.pointerUp(band, { clientX: 140, pointerId: 1 });
  expect(onChoose).toHaveBeenCalledWith(70);

  fireEvent.keyDown(band, { key: 'ArrowRight', shiftKey: true });
  expect(onChoose).toHaveBeenLastCalledWith(75);
});

test('the clip always fits in the track', () => {
  expect(clampStart(190, 200)).toBe(170);
  expect(clampStart(-3, 200)).toBe(0);
  expect(clampStart(12.34, 20)).toBe(0);
});
