import { api } from '@/lib/api-client';

/** Fetch an API file with the session's token and hand it to the browser as a download: a plain
 * link to an authenticated route opens a raw 401 page instead (a link sends no bearer token). */
export async function saveApiFile(path: string, fileName: string, type: string): Promise<void> {
  const text = await api.get<string>(path, { headers: { Accept: type } });
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
