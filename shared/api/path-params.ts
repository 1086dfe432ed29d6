import type { Route } from '../http/types.ts';
import { notFound } from './api-context.ts';

/**
 * What any path parameter of the API can be: plan ids, check-in keys (`CHK#<minute>#ritual:walk`),
 * conversation times (ISO, possibly signed), calendar file names. Anything longer or stranger
 * names nothing Kept stores, and a key of ~1,100 characters is refused by the store itself (a
 * 500): so it is a 404 before the session or the store is read.
 */
const PATH_PARAM_PATTERN = /^[A-Za-z0-9_.:#+-]{1,200}$/;

/** The route, answering 404 when one of its path parameters is not a possible id. */
export function withCheckedParams(route: Route): Route {
  return {
    ...route,
    handle: (request, params) =>
      Object.values(params).every((value) => PATH_PARAM_PATTERN.test(value))
        ? route.handle(request, params)
        : notFound(),
  };
}
