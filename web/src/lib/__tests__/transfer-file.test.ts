import { followPageHost } from '@/lib/transfer-file';

test("a local store's signed URL follows the host the page was opened on", () => {
  const signed = 'http://localhost:8080/local-blobs/uploads/p1/a.wav?method=PUT&signature=abc';

  expect(followPageHost(signed)).toBe('/local-blobs/uploads/p1/a.wav?method=PUT&signature=abc');
  expect(followPageHost('/local-blobs/uploads/a.wav?sig=x')).toBe(
    '/local-blobs/uploads/a.wav?sig=x',
  );
});

test('a Cloud Storage signed URL is left as it is', () => {
  const gcs = 'https://storage.googleapis.com/uploads/p1/a.wav?X-Goog-Signature=abc';

  expect(followPageHost(gcs)).toBe(gcs);
});
