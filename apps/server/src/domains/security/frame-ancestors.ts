import { z } from 'zod';

/**
 * One CSP `frame-ancestors` source a tenant may list: `'self'` or an https origin, optionally with a leading
 * `*.` wildcard and a port (`https://shop.example.com`, `https://*.example.com:8443`). Nothing else — no paths,
 * no schemes alone (`https:` would let every site frame the page), no spaces or `;` that could add directives to
 * the header.
 */
const SOURCE = /^(?:'self'|https:\/\/(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?)$/;

/** The frame-ancestors list as the API takes it: up to 20 sources, lower-cased, de-duplicated. */
export const ZFrameAncestors = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(300)
      .regex(SOURCE, "must be 'self' or an https origin such as https://shop.example.com or https://*.example.com"),
  )
  .max(20)
  .transform((list) => [...new Set(list)]);
