// Stands in for `node:http` inside Lambda bundles. Importing a Node built-in as ESM builds a facade
// that reads every export, and node:http's WebSocket, MessageEvent and CloseEvent getters then load
// undici: ~40 ms of every cold start of a function that imports node:http (the SDK's HTTP handler,
// the verifier's guarded fetch) and never uses them. process.getBuiltinModule reads nothing extra.
const http = process.getBuiltinModule('node:http');
export default http;
export const {
  Agent,
  ClientRequest,
  IncomingMessage,
  METHODS,
  OutgoingMessage,
  STATUS_CODES,
  Server,
  ServerResponse,
  createServer,
  get,
  globalAgent,
  request,
  validateHeaderName,
  validateHeaderValue,
} = http;
