import { tableFromIPC } from 'apache-arrow';
import type { Meta } from '../../core/types.ts';

/** An API answer that was not 2xx: carries the server's own error message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** the error's `detail` (e.g. `{ parameter: 'category' }`), when the server gave one */
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const url = (path: string, params: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return `${path}${q.size ? `?${q}` : ''}`;
};

const TOKEN_KEY = 'saferboard-token';
let asking: Promise<string | null> | undefined;

/** Asks for the server's access token once (when it sets SAFERBOARD_TOKEN) and keeps it for this browser tab. */
function askToken(): Promise<string | null> {
  asking ??= Promise.resolve().then(() => {
    const token = window.prompt('This saferboard server needs an access token. Ask your analyst for it:');
    if (token) sessionStorage.setItem(TOKEN_KEY, token.trim());
    asking = undefined;
    return token;
  });
  return asking;
}

const authorised = (target: string) => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return fetch(target, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
};

async function get(path: string, params: Record<string, string | undefined>) {
  let res = await authorised(url(path, params));
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (await askToken()) res = await authorised(url(path, params));
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(body?.error ?? `${path} answered ${res.status} ${res.statusText}`, res.status, body?.detail ?? {});
  }
  return res;
}

/** GET a JSON route. @example await getJson('/api/rolling', { area: 'Barnet', category: 'burglary' }) */
export const getJson = async <T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> =>
  (await get(path, params)).json() as Promise<T>;

/**
 * GET a route's body as a Blob (a CSV download), through the same token-aware fetch as every other request.
 * @example await getBlob('/api/rows', { route: 'outcomes', area: 'Barnet', indicator: 'burglary', format: 'csv' })
 */
export const getBlob = async (path: string, params: Record<string, string | undefined> = {}): Promise<Blob> =>
  (await get(path, params)).blob();

/**
 * GET a route as an Apache Arrow IPC stream (`format=arrow`) and return its rows as plain objects.
 * @example await getArrow('/api/trend', { area: 'Barnet', category: 'burglary' })
 */
export async function getArrow<T>(path: string, params: Record<string, string | undefined>): Promise<T[]> {
  const table = tableFromIPC(new Uint8Array(await (await get(path, { ...params, format: 'arrow' })).arrayBuffer()));
  return table.toArray().map((row) => {
    const o = row.toJSON() as Record<string, unknown>;
    for (const k in o) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
    return o as T;
  });
}

let meta: Promise<Meta> | undefined;
/** `/api/meta`, fetched once per page. */
export const getMeta = () => (meta ??= getJson<Meta>('/api/meta'));
