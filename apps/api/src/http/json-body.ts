import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** No request body of the API nests deeper than 4 levels; 32 leaves room and stops abuse. */
export const MAX_JSON_DEPTH = 32;

/** A body refused before it is parsed: carries its HTTP status and problem code. */
export class BodyRefusedError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly problemCode: string,
  ) {
    super(message);
  }
}

/**
 * The deepest nesting of arrays and objects in a JSON text, counted on the raw characters (strings
 * skipped), stopping as soon as `limit` is passed: the check costs one pass and no recursion, so
 * a body of a million `[` is refused before `JSON.parse` could exhaust the stack, and before
 * class-transformer and class-validator walk it recursively.
 */
export const jsonDepthExceeds = (text: string, limit: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
};

/**
 * JSON bodies: Fastify's own parser (prototype-poisoning protection kept), behind a depth check;
 * and no `text/plain` parser, so a body that is not JSON on a JSON route gets 415 instead of
 * being validated as an empty object ("every field missing").
 */
export const hardenJsonBodies = (adapter: FastifyAdapter, maxDepth = MAX_JSON_DEPTH): void => {
  // Nest registers its JSON and form parsers at `init()` unless they already are: register them
  // now (the form parser is kept), then put the checked JSON parser in place of Nest's.
  adapter.registerParserMiddleware();
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (jsonDepthExceeds(text, maxDepth)) {
        done(
          new BodyRefusedError(
            `The JSON body nests arrays or objects deeper than ${maxDepth} levels`,
            400,
            'REQUEST.TOO_DEEP',
          ),
          undefined,
        );
        return;
      }
      parseJson(request, text, done);
    },
  );
};

/**
 * The API takes JSON (and the import routes their files), never an HTML form's body: a form on
 * any site can post `application/x-www-form-urlencoded` or `multipart/form-data` to us with the
 * browser's cookie, so those get 415 under `/api/` before they are parsed. The dashboard's own
 * forms post to `/tableau-de-bord/…` and `/connexion`, with their CSRF token.
 */
export const refuseFormBodiesOnApi = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const type = String(request.headers['content-type'] ?? '').toLowerCase();
    if (
      request.url.startsWith('/api/') &&
      (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/'))
    ) {
      done(
        new BodyRefusedError(
          'The API takes JSON (application/json), or a file with its own content type on the import routes; not a form body',
          415,
          'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        ),
      );
      return;
    }
    done();
  });
};
