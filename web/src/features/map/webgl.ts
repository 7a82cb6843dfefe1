/**
 * Whether this browser can draw a map at all (WebGL 2, which MapLibre 6 needs). Its own module
 * so the public page's map can ask without loading the room's map code.
 */
export function supportsWebGL(): boolean {
  try {
    return document.createElement('canvas').getContext('webgl2') !== null;
  } catch {
    return false;
  }
}
