import { Header } from './app/Header.js';
import { NotFound } from './app/NotFound.js';
import { RoomView } from './app/RoomView.js';
import { routeOf, type RouteId } from './app/routes.js';

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'room':
      return <RoomView />;
    case 'not-found':
      return <NotFound />;
  }
}

/** The client: the header and the page the address names (read once: pages are full loads). */
export function App() {
  const route = routeOf(window.location.pathname);
  return (
    <div className="app">
      <Header />
      <Page route={route} />
    </div>
  );
}
