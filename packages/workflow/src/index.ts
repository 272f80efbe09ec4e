export * from './definition.ts';
export * from './payloads.ts';
