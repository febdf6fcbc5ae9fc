import { act, renderHook, waitFor } from '@testing-library/react';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { installFakeXhr } from '@/testing/fake-xhr';
import { wrapperWithClient } from '@/testing/render';

import { useUploadQueue } from '../hooks/use-upload-queue';

const file = (name: string, type: string, size = 2048) =>
  new File([new Uint8Array(size)], name, { type });

test('each file gets a signed URL, sends its bytes with progress, and a refused one fails alone', async () => {
  const Xhr = installFakeXhr();
  mockFetch({
    'POST /api/v1/uploads': (call) => {
      const body = call.body as { filename: string };
      if (body.filename.endsWith('.pdf'))
        return problem(422, 'notes.pdf is not audio: it is a PDF document', 'content_type');
      return {
        status: 201,
        body: {
          upload_id: `u-${body.filename}`,
          upload_url: `/local-blobs/uploads/${body.filename}?sig=x`,
          method: 'PUT',
          headers: { 'Content-Type': 'audio/wav' },
        },
      };
    },
  });
  const { wrapper } = wrapperWithClient();
  const { result } = renderHook(() => useUploadQueue(), { wrapper });

  act(() =>
    result.current.addFiles([
      { file: file('a.wav', 'audio/wav'), path: 'album/a.wav' },
      { file: file('notes.pdf', 'application/pdf'), path: 'album/notes.pdf' },
      { file: file('b.wav', 'audio/wav'), path: 'album/b.wav' },
    ]),
  );
  await waitFor(() => expect(Xhr.sent).toHaveLength(2));
  act(() => Xhr.sent[0]!.progress(1024, 2048));
  const byPath = () => Object.fromEntries(result.current.files.map((item) => [item.path, item]));

  expect(byPath()['album/a.wav']).toMatchObject({ phase: 'transferring', progress: 0.5 });
  expect(byPath()['album/notes.pdf']).toMatchObject({
    phase: 'failed',
    error: 'content_type: notes.pdf is not audio: it is a PDF document',
  });
  act(() => Xhr.sent.forEach((xhr) => xhr.respond(200)));
  await waitFor(() => expect(byPath()['album/b.wav']?.phase).toBe('transferred'));
  expect(byPath()['album/a.wav']).toMatchObject({
    phase: 'transferred',
    uploadId: 'u-album/a.wav',
    progress: 1,
  });
  expect(Xhr.sent[0]).toMatchObject({
    method: 'PUT',
    url: '/local-blobs/uploads/album/a.wav?sig=x',
  });
  expect(Xhr.sent[0]!.headers).toEqual({ 'Content-Type': 'audio/wav' });
});

test('no more than the transfer limit run at once', async () => {
  const Xhr = installFakeXhr();
  mockFetch({
    'POST /api/v1/uploads': {
      status: 201,
      body: { upload_id: 'u', upload_url: '/x', method: 'PUT', headers: {} },
    },
  });
  const { wrapper } = wrapperWithClient();
  const { result } = renderHook(() => useUploadQueue(2), { wrapper });

  act(() =>
    result.current.addFiles(
      ['1', '2', '3', '4'].map((n) => ({
        file: file(`${n}.flac`, 'audio/flac'),
        path: `${n}.flac`,
      })),
    ),
  );
  await waitFor(() => expect(Xhr.sent).toHaveLength(2));
  act(() => Xhr.sent[0]!.respond(200));

  await waitFor(() => expect(Xhr.sent).toHaveLength(3));
  expect(result.current.files.filter((item) => item.phase === 'waiting')).toHaveLength(1);
});

test('a transfer the storage refused can be sent again', async () => {
  const Xhr = installFakeXhr();
  mockFetch({
    'POST /api/v1/uploads': {
      status: 201,
      body: { upload_id: 'u1', upload_url: '/x', method: 'PUT', headers: {} },
    },
  });
  const { wrapper } = wrapperWithClient();
  const { result } = renderHook(() => useUploadQueue(), { wrapper });
  act(() => result.current.addFiles([{ file: file('a.wav', 'audio/wav'), path: 'a.wav' }]));
  await waitFor(() => expect(Xhr.sent).toHaveLength(1));

  act(() =>
    Xhr.sent[0]!.respond(
      403,
      JSON.stringify({ title: 'Forbidden', status: 403, detail: 'the signed URL has expired' }),
    ),
  );
  await waitFor(() => expect(result.current.files[0]?.error).toBe('the signed URL has expired'));
  act(() => result.current.retryTransfer(result.current.files[0]!.key));

  await waitFor(() => expect(Xhr.sent).toHaveLength(2));
});
