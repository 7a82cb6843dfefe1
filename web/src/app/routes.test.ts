import { describe, expect, it } from 'vitest';
import { routeOf } from './routes.js';

describe('routeOf', () => {
  it('shows the operations room at the root, with or without index.html', () => {
    expect(routeOf('/')).toBe('room');
    expect(routeOf('')).toBe('room');
    expect(routeOf('/index.html')).toBe('room');
  });

  it('shows the not-found page for paths that have no page yet', () => {
    expect(routeOf('/wall')).toBe('not-found');
    expect(routeOf('/room/extra/')).toBe('not-found');
  });
});
