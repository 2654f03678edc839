// Runs in: main process (types only). The backend's side of the API table: one handler per method, each taking the
// arguments its schema accepted and answering with the table's result type. Features provide parts of it.
import type { ArgsOf, MethodName, ResultOf } from '../../../shared/api/methods';

export type Handlers = { [K in MethodName]: (...args: ArgsOf<K>) => Promise<ResultOf<K>> };
