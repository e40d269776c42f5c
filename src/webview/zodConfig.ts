/**
 * Imported first by main.ts, before any schema is built: zod probes `new Function` when a schema
 * is constructed, and the webview's CSP (no 'unsafe-eval') reports that probe as a violation.
 */
import { z } from 'zod';

z.config({ jitless: true });
