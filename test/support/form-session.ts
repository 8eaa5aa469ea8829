/**
 * A browser's dashboard session over plain HTTP: signs in with an API key at `/connexion` (the
 * form a person fills), keeps the session cookie, reads each form's CSRF token from its page, and
 * posts forms as a browser does (urlencoded, with `Origin`). For e2e specs of the dashboard forms.
 */
export interface FormResponse {
  readonly status: number;
  readonly location: string | null;
  readonly text: string;
  readonly headers: Headers;
}

/** A form's fields: by name, or as pairs when a name repeats (ticked checkboxes). */
export type FormFields = Record<string, string> | readonly (readonly [string, string])[];

export interface FormSession {
  readonly cookie: string;
  get(path: string): Promise<FormResponse>;
  /** The `_csrf` value of the first form on the page at `path`. */
  csrf(path: string): Promise<string>;
  /**
   * Posts `fields` urlencoded, with `_csrf` read from `path` unless given (`null`: none), and the
   * site's own `Origin` unless another is given (`null`: no Origin header).
   */
  post(
    path: string,
    fields: FormFields,
    options?: { csrf?: string | null; origin?: string | null; from?: string },
  ): Promise<FormResponse>;
}

const read = async (response: Response): Promise<FormResponse> => ({
  status: response.status,
  location: response.headers.get('location'),
  text: await response.text(),
  headers: response.headers,
});

export const csrfIn = (html: string): string | undefined =>
  /name="_csrf" value="([\w-]+)"/.exec(html)?.[1];

export const signInWithKey = async (baseUrl: string, key: string): Promise<FormSession> => {
  const signedIn = await fetch(`${baseUrl}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ cle: key, retour: '/tableau-de-bord' }).toString(),
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('cosinum_session=') && c.length > 'cosinum_session='.length);
  if (signedIn.status !== 303 || !cookie)
    throw new Error(`sign-in with the key failed: HTTP ${signedIn.status}`);
  const get = async (path: string) =>
    read(await fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { cookie } }));
  const csrf = async (path: string) => {
    const page = await get(path);
    const token = csrfIn(page.text);
    if (!token) throw new Error(`no _csrf on ${path} (HTTP ${page.status})`);
    return token;
  };
  return {
    cookie,
    get,
    csrf,
    post: async (path, fields, options = {}) => {
      const token = options.csrf === undefined ? await csrf(options.from ?? path) : options.csrf;
      const origin = options.origin === undefined ? baseUrl : options.origin;
      return read(
        await fetch(`${baseUrl}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            cookie,
            'content-type': 'application/x-www-form-urlencoded',
            ...(origin !== null && { origin }),
          },
          body: new URLSearchParams([
            ...(Array.isArray(fields) ? fields : Object.entries(fields)),
            ...(token !== null ? [['_csrf', token]] : []),
          ] as [string, string][]).toString(),
        }),
      );
    },
  };
};
