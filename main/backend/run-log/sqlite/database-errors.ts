// Runs in: main process (plain Node). Moved to ../database-errors.ts (the async store uses it too); kept for this store until it retires.
export { plainDatabaseError, withPlainDatabaseErrors } from '../database-errors';
