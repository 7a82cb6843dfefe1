// Imported first by main.tsx, before any module that builds or parses a schema at load time.
import { z } from 'zod';

// The server's CSP forbids eval: zod must not even probe for it (the probe is a CSP violation
// in the console), and parses without compiled validators instead.
z.config({ jitless: true });
