/** The one wording source (interfaces.md, RECORD): import from here. */
export * from './lang';
export * from './units';
export * from './body';
export * from './time';
export * from './readout';
export * from './lines';
export * from './figures';
export * from './outcome';
export * from './rules';
export * from './announce';
export * from './announce-step';
export * from './script';
