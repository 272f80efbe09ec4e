// The outside world behind the core's ports: an AWS and a local implementation of each.
export * from './signer/index.ts';
export * from './mail/index.ts';
export * from './public-site/index.ts';
export * from './workflow/index.ts';
export * from './bulk/index.ts';
export * from './deliveries/index.ts';
