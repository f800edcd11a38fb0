import { ConfigError, hostConfig } from './config.js';
import { startHost } from './host.js';
import { errorFields, hostLogger } from './logging.js';

// `npm start`: configuration from the environment (exit 2 when it is wrong), then the host until a signal.
let config;
try {
  config = hostConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const logger = hostLogger(config.SHOPSTREAM_LOG_LEVEL);
const starting = startHost(config, { logger }).catch((error: unknown) => {
  // Secrets are read at the start, not kept in the configuration: a missing or malformed one is a configuration error too.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  logger.error('the host could not start', errorFields(error));
  process.exit(1);
});

// Listened for from the first moment: a signal during the start stops the host as soon as it is up.
const shutdown = (signal: NodeJS.Signals) => {
  logger.info('signal received: finishing the requests under way', { signal });
  // A second signal means "now": the operator gave up waiting.
  process.once(signal, () => process.exit(130));
  // The deadline is enforced inside close(); this timer is the last resort if something hangs past it.
  setTimeout(() => process.exit(1), config.SHOPSTREAM_SHUTDOWN_TIMEOUT_MS + 5_000).unref();
  starting
    .then((host) => host.close())
    .then(
      (clean) => process.exit(clean ? 0 : 1),
      (error: unknown) => {
        logger.error('shutdown failed', errorFields(error));
        process.exit(1);
      },
    );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
