import '@testing-library/jest-dom';

// Component tests wait on polling hooks; a busy 2-core CI machine needs more than Jest's 5 s.
jest.setTimeout(30_000);
