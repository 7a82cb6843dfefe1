/**
 * The pages of the client, by pathname: the room view and the wall display. The commander's
 * review and the training console will join as `/review` and `/training`, each a case here
 * and a component in App.
 */
export type RouteId = 'room' | 'wall' | 'not-found';

/** The page a pathname shows; a trailing slash makes no difference. */
export function routeOf(pathname: string): RouteId {
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/':
    case '/index.html':
      return 'room';
    case '/wall':
      return 'wall';
    default:
      return 'not-found';
  }
}
