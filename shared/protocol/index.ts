export * from './errors';
export * from './meeting';
export * from './socket';
export * from './http';
export * from './ballots';
