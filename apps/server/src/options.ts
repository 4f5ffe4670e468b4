/**
 * `@promptjam/server/options`: the server's option schema alone (flags, environment variables, defaults,
 * parsers), without loading the server itself (ws, LevelDB, the engine). `promptjam serve` builds its flags
 * from it at start-up and imports the server only when it runs.
 */
export {
  SERVER_OPTIONS,
  LIMIT_OPTIONS,
  allOptionSpecs,
  defaultServerConfig,
  mergeServerConfig,
  resolveServerConfig,
  type OptionSpec,
  type ServerConfig,
  type ServerConfigInput,
  type ServerLimits,
} from './config/serverConfig.js';
export { ConfigError } from './config/optionParsers.js';
