/**
 * `ssot-lint/registry`: the one correct way to hold per-key (per-user) managers and their
 * connections. Dependency-free; see docs/registry.md for the guarantees and a migration guide.
 */
export { createRegistry, type Registry, type RegistryOptions, type RegistryStatus } from './registry.js';
export { createConnectionPool, type ConnectionPool, type ConnectionPoolOptions, type PoolStatus } from './pool.js';
export { RegistryError, type RegistryErrorCode, type RegistryErrorDetails } from './errors.js';
