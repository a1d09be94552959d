import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers on everything the server answers: the three apps, their assets, the API and
 * the printable pages. The apps are vite builds that load only their own module scripts and
 * stylesheets (no inline script or style element; Svelte sets styles through the CSSOM, which
 * CSP does not govern), so the policy allows 'self' and nothing inline.
 * - frame-ancestors 'none' (and X-Frame-Options DENY): no page may frame the console and trick
 *   a click on "publish" or "void";
 * - nosniff: an export or a sheet is never run as a script;
 * - Referrer-Policy no-referrer: no URL of ours travels to another site;
 * - no upgrade-insecure-requests and no HSTS: a hall often runs on plain http on its own LAN
 *   (PUBLIC_URL http://…); a TLS-terminating proxy in front may add HSTS itself.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // blob:: a 民生实事 progress photo, fetched with the token, shown inline (client/src/tablet/year/ProgressFile.svelte).
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        // Socket.IO: same-origin WebSocket and polling ('self' covers ws: to the same host).
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        // The paperless tablet shows an agenda PDF, fetched with its token, from a blob: URL of
        // this page in the browser's own viewer (client/src/tablet/DocumentViewer.svelte).
        frameSrc: ["'self'", 'blob:'],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

/** The CSP source that admits exactly this inline text (a <style> body or an on… attribute). */
function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** What a server-rendered page (seat cards, result sheet) carries inline. */
export interface InlinePageParts {
  /** The exact text of each <style> element. */
  styles: string[];
  /** The exact text of each inline event handler (e.g. "window.print()"). */
  handlers?: string[];
}

/**
 * The stricter policy of a printable page: nothing from anywhere except its own hashed style
 * and handlers, inline QR SVGs, and no script otherwise; it replaces the app policy above.
 */
export function setPagePolicy(res: Response, { styles, handlers = [] }: InlinePageParts): void {
  const directives = [
    "default-src 'none'",
    `style-src ${styles.map(sha256Source).join(' ')}`,
    handlers.length > 0 ? `script-src 'unsafe-hashes' ${handlers.map(sha256Source).join(' ')}` : "script-src 'none'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  res.set('Content-Security-Policy', directives.join('; '));
}

/**
 * Socket.IO answers its HTTP requests (the handshake, long-polling) before express sees them:
 * the same no-sniff, no-framing and no-referrer headers go on those too.
 */
export const SOCKET_HTTP_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};
