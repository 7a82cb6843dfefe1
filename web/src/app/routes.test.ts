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

  it('shows the commander review at /review and its printable report at /review/report', () => {
    expect(routeOf('/review')).toBe('review');
    expect(routeOf('/review/report/')).toBe('review-report');
  });

  it("shows the trainer's console at /training", () => {
    expect(routeOf('/training')).toBe('training');
    expect(routeOf('/training/')).toBe('training');
  });

  it('shows the not-found page for paths that have no page yet', () => {
    expect(routeOf('/review/other')).toBe('not-found');
    expect(routeOf('/room/extra/')).toBe('not-found');
  });
});
