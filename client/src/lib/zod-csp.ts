import { z } from 'zod';

/**
 * The pages run under a strict Content-Security-Policy (no 'unsafe-eval'). zod 4 compiles
 * object parsers with `new Function` unless told not to, and even its probe for eval is
 * reported as a CSP violation; jitless parsing is plenty fast for the forms a console validates.
 * Imported first by the console entry (the only client that bundles zod), before any schema is used.
 */
z.config({ jitless: true });
