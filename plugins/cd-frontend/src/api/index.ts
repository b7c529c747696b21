export * from './CdApi';
export * from './CdClient';
