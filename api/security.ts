import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Security headers on every response: a Content-Security-Policy without inline script (scripts only from this
 * server; inline styles allowed for the SVG charts), no framing, nosniff, no referrer.
 */
export const securityHeaders = (): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    crossOriginEmbedderPolicy: false,
  });

/**
 * With a token (`SAFERBOARD_TOKEN`), every `/api` request needs `Authorization: Bearer <token>`;
 * hono's bearerAuth compares tokens in constant time. A refusal is a 401 JSON.
 * @example app.use('/api/*', tokenAuth(process.env.SAFERBOARD_TOKEN))
 */
export function tokenAuth(token: string | undefined): MiddlewareHandler {
  if (!token) return async (_c, next) => next();
  const refuse = (error: string) => ({ message: { error, detail: null } });
  return bearerAuth({
    token,
    noAuthenticationHeader: refuse('this server needs a token: send "Authorization: Bearer <token>"'),
    invalidAuthenticationHeader: refuse('malformed Authorization header: expected "Bearer <token>"'),
    invalidToken: refuse('invalid token'),
  });
}

/** True for addresses only this machine can reach. */
export const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);
