'use client';

import { useCallback, useEffect, useState } from 'react';

/** How a value is kept in the query string: read it from, and write it into, the parameters. */
export type UrlCodec<T> = {
  read: (params: URLSearchParams) => T;
  /** set (or delete) this value's parameters; others on the page are left as they are */
  write: (value: T, params: URLSearchParams) => void;
};

/** Told after each write, so every hook sharing a parameter reads it again. */
const CHANGED = 'url-state-change';

function currentParams(): URLSearchParams {
  return new URLSearchParams(typeof window === 'undefined' ? '' : window.location.search);
}

/**
 * State kept in the page's query string (history.replaceState, which Next's router follows), so
 * leaving the page and coming back, with the back button or a shared link, restores it.
 * Pass a codec defined at module level: a new one each render would re-subscribe.
 */
export function useUrlState<T>(codec: UrlCodec<T>): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(() => codec.read(currentParams()));

  useEffect(() => {
    const restore = () => setValue(codec.read(currentParams()));
    window.addEventListener('popstate', restore);
    window.addEventListener(CHANGED, restore);
    return () => {
      window.removeEventListener('popstate', restore);
      window.removeEventListener(CHANGED, restore);
    };
  }, [codec]);

  const change = useCallback(
    (next: T) => {
      setValue(next);
      const params = currentParams();
      codec.write(next, params);
      const query = params.toString();
      const { pathname, hash } = window.location;
      window.history.replaceState(
        window.history.state,
        '',
        `${pathname}${query ? `?${query}` : ''}${hash}`,
      );
      window.dispatchEvent(new Event(CHANGED));
    },
    [codec],
  );
  return [value, change];
}

/** Set ``name`` to ``value``, or remove it when the value is empty or false. */
export function setParam(
  params: URLSearchParams,
  name: string,
  value: string | boolean | undefined,
): void {
  if (value === undefined || value === false || value === '') params.delete(name);
  else params.set(name, value === true ? '1' : value);
}
