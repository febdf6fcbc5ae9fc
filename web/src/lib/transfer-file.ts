import { env } from '@/config/env';
import { ApiError, describeStatus, problemFromBody } from '@/lib/problem';

/** Where a signed URL says to send the bytes. */
export type TransferTarget = {
  upload_url: string;
  method?: string;
  headers: Record<string, string>;
};

export type TransferOptions = {
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
};

/** A signed URL as the page may fetch it. `catalog run`'s local store signs URLs on the server's
 * public URL (http://localhost:8080), but the page may have been opened as 127.0.0.1 or a LAN
 * name, and its Content-Security-Policy (connect-src 'self') blocks any other origin: a local
 * store's URL goes to the API's own origin. Cloud Storage URLs are left as they are. */
export function followPageHost(url: string): string {
  if (url.startsWith('/')) return `${env.apiOrigin}${url}`;
  try {
    const parsed = new URL(url);
    if (parsed.pathname.startsWith('/local-blobs/'))
      return `${env.apiOrigin}${parsed.pathname}${parsed.search}`;
  } catch {
    // not an absolute URL: sent as given, and the transfer's error says what went wrong
  }
  return url;
}

/** PUT a file to its signed URL with XMLHttpRequest, which reports upload progress (fetch cannot). */
export function transferFile(
  file: Blob,
  ticket: TransferTarget,
  options: TransferOptions,
): Promise<void> {
  const url = followPageHost(ticket.upload_url);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method || 'PUT', url);
    for (const [name, value] of Object.entries(ticket.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress(1);
        resolve();
        return;
      }
      reject(problemFromBody(xhr.status, xhr.statusText, parse(xhr.responseText)));
    };
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, title: 'Transfer failed', detail: describeStatus(0) }));
    xhr.onabort = () => reject(new DOMException('the transfer was cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
