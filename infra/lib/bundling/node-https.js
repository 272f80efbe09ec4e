// Stands in for `node:https` inside Lambda bundles; see node-http.js (the same facade, the same cost).
const https = process.getBuiltinModule('node:https');
export default https;
export const { Agent, Server, createServer, get, globalAgent, request } = https;
