/**
 * The pages of the client, by pathname: the room view, the wall display, the commander's
 * review and its printable report. The training console will join as `/training`, a case here
 * and a component in App.
 */
export type RouteId = 'room' | 'wall' | 'review' | 'review-report' | 'training' | 'not-found';

/** The page a pathname shows; a trailing slash makes no difference. */
export function routeOf(pathname: string): RouteId {
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/':
    case '/index.html':
      return 'room';
    case '/wall':
      return 'wall';
    case '/review':
      return 'review';
    case '/review/report':
      return 'review-report';
    case '/training':
      return 'training';
    default:
      return 'not-found';
  }
}
