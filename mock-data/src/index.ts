export * from './facilities.js';
export * from './governorates.js';
export * from './incident-plans.js';
export * from './incidents.js';
export * from './places.js';
export * from './random.js';
export * from './scenarios.js';
export * from './readiness.js';
