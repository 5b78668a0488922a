import { z } from 'zod';
import { isTimeZone } from './time.ts';

/** An IANA time zone name (see `isTimeZone`). */
export const ZTimeZone = z
  .string()
  .refine(isTimeZone, { message: 'an IANA time zone name such as Asia/Shanghai, Europe/Berlin or UTC' });
