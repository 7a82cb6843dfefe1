import {
  Outlet,
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  retainSearchParams,
  useLocation,
} from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { usePrincipal } from '../features/auth/usePrincipal.js';
import { currentExerciseId } from '../realtime/exerciseMode.js';
import { PanelBoundary } from '../ui/PanelBoundary.js';
import { Header } from './Header.js';
import { NotFound } from './NotFound.js';
import { PageLoading } from './PageLoading.js';
import {
  ReportSearchSchema,
  ReviewSearchSchema,
  RoomSearchSchema,
  RootSearchSchema,
  TrainingSearchSchema,
  WallSearchSchema,
  parseSearch,
  stringifySearch,
} from './search.js';

// Every page but the header is loaded when first shown: a wall screen downloads neither the
// review's charts nor the training console, and the room's map code only with a map.
const RoomView = lazy(() => import('./RoomView.js').then((module) => ({ default: module.RoomView })));
const TrainingView = lazyRouteComponent(() => import('../features/training/TrainingView.js'), 'TrainingView');

/** Paths shown without the header: the wall is watched, the report is printed. */
const BARE_PATHS: ReadonlySet<string> = new Set(['/wall', '/review/report']);

/** Trainers have no live room outside an exercise (the server gives them none): their home is the console. */
function useHasLiveRoom(): boolean {
  return !(usePrincipal().role === 'trainer' && currentExerciseId() === null);
}

/**
 * The signed-in page: the header, and the page the address names. The room, once opened,
 * stays mounted (hidden) while another page is shown, so going to the review and back keeps
 * its map, its scroll and its selection; the socket and the cache live outside React anyway.
 */
function RootLayout() {
  const pathname = useLocation({ select: (location) => location.pathname.replace(/\/+$/, '') || '/' });
  const isRoomPath = pathname === '/';
  const hasLiveRoom = useHasLiveRoom();
  const [hasVisitedRoom, setHasVisitedRoom] = useState(isRoomPath);
  if (isRoomPath && !hasVisitedRoom) setHasVisitedRoom(true);
  if (BARE_PATHS.has(pathname)) {
    return (
      <PanelBoundary panel="page">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </PanelBoundary>
    );
  }
  // An exercise's pages are framed in its colour, all round, whatever they show.
  return (
    <div className={currentExerciseId() === null ? 'app' : 'app app--exercise'}>
      <PanelBoundary panel="header">
        <Header />
      </PanelBoundary>
      {hasLiveRoom && hasVisitedRoom && (
        <PanelBoundary panel="page">
          <Suspense fallback={isRoomPath ? <PageLoading /> : null}>
            <RoomView isActive={isRoomPath} />
          </Suspense>
        </PanelBoundary>
      )}
      <PanelBoundary panel="page" key={pathname}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </PanelBoundary>
    </div>
  );
}

const rootRoute = createRootRoute({
  // `?lang=` is read once at load (i18n/locale.ts); links need not carry it, the choice is remembered.
  validateSearch: RootSearchSchema,
  component: RootLayout,
  notFoundComponent: NotFound,
});

/** The room's route shows nothing itself (the layout keeps the room mounted), except a trainer's console. */
function RoomRoute() {
  return useHasLiveRoom() ? null : <TrainingView />;
}

const roomRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: RoomSearchSchema,
  // The exercise a page follows is fixed at load (a switch is a full page load); keep it on links.
  search: { middlewares: [retainSearchParams(['exercise'])] },
  component: RoomRoute,
});

const wallRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/wall',
  validateSearch: WallSearchSchema,
  component: lazyRouteComponent(() => import('../features/wall/WallView.js'), 'WallView'),
});

const reviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/review',
  validateSearch: ReviewSearchSchema,
  component: lazyRouteComponent(() => import('../features/review/ReviewView.js'), 'ReviewView'),
});

const reportRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/review/report',
  validateSearch: ReportSearchSchema,
  component: lazyRouteComponent(() => import('../features/review/ReportView.js'), 'ReportView'),
});

const trainingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/training',
  validateSearch: TrainingSearchSchema,
  component: TrainingView,
});

const routeTree = rootRoute.addChildren([roomRoute, wallRoute, reviewRoute, reportRoute, trainingRoute]);

/** The client's one router: code-based routes, each with its address parsed by a zod schema. */
export const router = createRouter({
  routeTree,
  parseSearch,
  stringifySearch,
  // A trailing slash makes no difference: `/wall/` is the wall.
  trailingSlash: 'never',
  defaultPreload: 'intent',
  // Selected address state keeps its identity while equal, so a page re-renders only on a real change.
  defaultStructuralSharing: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
