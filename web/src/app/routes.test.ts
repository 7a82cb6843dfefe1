import { describe, expect, it } from 'vitest';
import { routeOf } from './routes.js';

describe('routeOf', () => {
  it('shows the operations room at the root, with or without index.html', () => {
    expect(routeOf('/')).toBe('room');
    expect(routeOf('')).toBe('room');
    expect(routeOf('/index.html')).toBe('room');
  });

  it('shows the wall display at /wall, with or without a trailing slash', () => {
    expect(routeOf('/wall')).toBe('wall');
    expect(routeOf('/wall/')).toBe('wall');
  });

  it('shows the not-found page for paths that have no page yet', () => {
    expect(routeOf('/review')).toBe('not-found');
    expect(routeOf('/room/extra/')).toBe('not-found');
  });
});
