/**
 * `@promptjam/model-hub/testing`: a fake Hugging Face hub on a real local HTTP server and the tiny model's
 * files as a hub repository, for tests of programs that fetch models (the CLI's `models` tests). Not for
 * production code.
 */
export { FAKE_LFS_THRESHOLD_BYTES, startFakeHub, type FakeHub, type FakeHubBehaviour, type RecordedRequest } from './test/fakeHub.js';
export { largestFile, tinyModelRepoFiles } from './test/tinyModelFiles.js';
