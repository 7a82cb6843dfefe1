// The worker is its own file in maplibre-gl 6, found from the library's URL at run time, which
// a bundle does not keep: hand it the URL Vite gives the copied file. Imported for this effect
// by every module that makes a MapLibre map (the room's, the public page's, the area picker's).
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);
