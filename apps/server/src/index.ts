/**
 * @promptjam/server: the room server on the GPU host. The CLI (`src/cli/main.ts`) is its entry point.
 */
export {};
