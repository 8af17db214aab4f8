import { AsyncLocalStorage } from 'node:async_hooks';

/** The header a write answers with, and a read may send back (README, "Read replicas"). */
export const CONSISTENCY_TOKEN_HEADER = 'x-consistency-token';

/** Where one request reads: a replica's index, -1 for the primary, undefined until its first read picks. */
export interface ReadRoute {
  replica?: number;
}

const routes = new AsyncLocalStorage<ReadRoute>();

/** The current request's route; undefined outside a request (start-up checks read the primary). */
export function currentReadRoute(): ReadRoute | undefined {
  return routes.getStore();
}

/** Runs the rest of a request's handling with its reads on `route` (the HTTP hooks pick it). */
export function runOnRoute(route: ReadRoute, next: () => void): void {
  routes.run(route, next);
}
