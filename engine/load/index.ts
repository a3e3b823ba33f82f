export * from '../source/diagnostic.ts';
export * from './load-organisation.ts';
export type * from './model.ts';
