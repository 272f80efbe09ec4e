export * from './errors.ts';
export * from './domain.ts';
export * from './status.ts';
export * from './ports.ts';
export * from './config.ts';
export * from './public-paths.ts';
export * from './parse.ts';
export * from './html.ts';
