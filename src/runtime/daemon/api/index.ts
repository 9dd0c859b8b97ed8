/** stackd's Docker API server. See README.md. */
export { serveApi, type ApiServer } from './server.ts';
export { apiError, type ApiError } from './api-error.ts';
export { API_VERSION, MIN_API_VERSION } from './routes-system.ts';
