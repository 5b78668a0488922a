import { z } from 'zod';

// zod compiles fast parsers with `new Function` when eval is allowed, and probes for it on first use; under the
// console's CSP (script-src 'self', no 'unsafe-eval') the probe is a reported violation. Tell zod not to try.
z.config({ jitless: true });
