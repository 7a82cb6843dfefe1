/**
 * The pages of the client, by pathname. Only the room view exists yet; the wall display,
 * the commander's review and the training console will join as `/wall`, `/review` and
 * `/training`, each a case here and a component in App.
 */
export type RouteId = 'room' | 'not-found';

/** The page a pathname shows; a trailing slash makes no difference. */
export function routeOf(pathname: string): RouteId {
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/':
    case '/index.html':
      return 'room';
    default:
      return 'not-found';
  }
}
