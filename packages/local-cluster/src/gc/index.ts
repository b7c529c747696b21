export { GarbageCollector, startGarbageCollector } from './GarbageCollector';
