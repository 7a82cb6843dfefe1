// The server's CSP forbids eval. zod probes for it when it builds its first object schema,
// which happens while modules load, and the probe alone is a CSP violation. So jitless is set
// in the global zod reads when it loads (`globalThis.__zod_globalConfig`, zod's own way for
// several copies to share one configuration), before anything else is evaluated: the app comes
// through a dynamic import, since a static import's chunks run before this module's body.
const zodGlobal = globalThis as { __zod_globalConfig?: Record<string, unknown> };
zodGlobal.__zod_globalConfig = { ...zodGlobal.__zod_globalConfig, jitless: true };

// `/public` is the public warnings page, its own entry: a resident's phone downloads none of the
// room's code, neither the session check nor the socket (see features/public-page/start.tsx).
const isPublicPage = /^\/public\/?$/.test(window.location.pathname);
void (isPublicPage ? import('./features/public-page/start.js') : import('./start.js'));
