import { z } from 'zod';

import { api } from '@/lib/api-client';
import { currentNotifications } from '@/lib/notifications';
import { ApiError } from '@/lib/problem';
import { getSession, setSession } from '@/lib/session';
import { mockFetch, problem } from '@/testing/fetch-mock';

const signedIn = () =>
  setSession({
    accessToken: 'old-access',
    refreshToken: 'refresh-1',
    expiresAt: Date.now() + 60_000,
    email: 'a@b.co',
    role: 'label',
  });

test('an error body becomes one notification with the server field and message', async () => {
  signedIn();
  mockFetch({ 'PATCH /api/v1/tracks/t1': problem(422, "'US-XX' is not an ISRC", 'isrc') });

  await expect(api.patch('/tracks/t1', { isrc: 'US-XX' })).rejects.toBeInstanceOf(ApiError);

  const shown = currentNotifications();
  expect(shown).toHaveLength(1);
  expect(shown[0]?.message).toContain("isrc: 'US-XX' is not an ISRC");
  expect(shown[0]?.message).toContain('request req-1');
});

test('a caller that shows errors itself gets no notification', async () => {
  mockFetch({ 'POST /api/v1/uploads': problem(422, 'not audio', 'content_type') });

  await expect(api.post('/uploads', {}, { notifyOnError: false })).rejects.toThrow(
    'content_type: not audio',
  );

  expect(currentNotifications()).toHaveLength(0);
});

test('an expired access token is refreshed once (the cookie) and the request retried', async () => {
  signedIn();
  const { calls } = mockFetch({
    'GET /api/v1/tracks': (call) =>
      call.headers.Authorization === 'Bearer new-access'
        ? { body: { items: [] } }
        : problem(401, 'token expired'),
    'POST /auth/refresh': {
      body: {
        access_token: 'new-access',
        token_type: 'Bearer',
        expires_in: 300,
        user: { subject: 'u1', role: 'label' },
      },
    },
  });

  const page = await api.get('/tracks');

  expect(page).toEqual({ items: [] });
  expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
    'GET /api/v1/tracks',
    'POST /auth/refresh',
    'GET /api/v1/tracks',
  ]);
  expect(getSession()?.accessToken).toBe('new-access');
});

test('a refused refresh signs the user out', async () => {
  signedIn();
  mockFetch({
    'GET /api/v1/tracks': problem(401, 'token expired'),
    'POST /auth/refresh': problem(401, 'the refresh token was revoked'),
  });

  await expect(api.get('/tracks')).rejects.toMatchObject({ status: 401 });

  expect(getSession()).toBeNull();
});

test('an answer of the wrong shape is an error naming the path', async () => {
  mockFetch({ 'GET /api/v1/things': { body: { items: 'nope' } } });

  await expect(
    api.get('/things', { schema: z.object({ items: z.array(z.string()) }) }),
  ).rejects.toThrow(/items/);
});

test('query parameters skip empty values and repeat arrays', async () => {
  const { calls } = mockFetch({ 'GET /api/v1/tracks': { body: {} } });

  await api.get('/tracks', {
    query: { q: '', missing_isrc: true, low_confidence: false, ids: ['a', 'b'], cursor: null },
  });

  expect(calls[0]?.search).toBe('?missing_isrc=true&ids=a&ids=b');
});
