// The worker is its own file in maplibre-gl 6, found from the library's URL at run time, which
// a bundle does not keep: hand it the URL Vite gives the copied file. Imported for this effect
// by every module that makes a MapLibre map (the room's, the public page's, the area picker's).
import { setWorkerCount, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

/**
 * MapLibre's workers, shared by every map of the page. MapLibre 6 starts one; with two, the
 * room's plain and clustered incident sources (given to the workers in turn) are parsed and
 * indexed side by side, and at 50,000 incidents that work, not the page's thread, is what the
 * first draw waits for.
 */
const MAP_WORKERS = 2;

setWorkerUrl(workerUrl);
setWorkerCount(MAP_WORKERS);
