/** Errors a route may throw: each carries an HTTP status, a stable code and a message for the public. */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly publicMessage: string,
  ) {
    super(publicMessage);
    this.name = 'HttpError';
  }
}

export const notFound = (what = '您访问的页面') => new HttpError(404, 'not_found', `${what}不存在或已被删除。`);
export const forbidden = (why = '您没有权限访问此页面。') => new HttpError(403, 'forbidden', why);
export const badRequest = (why: string) => new HttpError(400, 'bad_request', why);

/** Thrown when a page needs a signed-in user: the handler redirects to the right sign-in page. */
export class SignInRequired extends Error {
  constructor(public readonly loginPath: string) {
    super('sign-in required');
    this.name = 'SignInRequired';
  }
}
