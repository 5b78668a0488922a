// Runs autocannon in its own process (so the load generator does not share the server's event loop) and
// prints its result as one JSON line. Options come as a JSON argument.
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2]);
const result = await autocannon(opts);
process.stdout.write(
  `${JSON.stringify({ '2xx': result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, latency: result.latency, requests: result.requests })}\n`,
);
