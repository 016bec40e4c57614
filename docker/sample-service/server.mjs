// A stand-in for "your existing container": an HTTP service with a health endpoint.
// POST /health/toggle flips it between 200 and 503, to watch the daemon publish the change
// (rangerctl watch myorg/sample-service).
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
let healthy = true;

const server = createServer((request, response) => {
  if (request.url === '/health/toggle' && request.method === 'POST') healthy = !healthy;
  if (request.url?.startsWith('/health')) {
    response.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' });
    response.end(healthy ? 'ok\n' : 'unhealthy\n');
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('hello from the sample service\n');
});
server.listen(port, () => console.log(`sample service on :${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
