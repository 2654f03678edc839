// Runs in: renderer. The model and training controls the forecast and text forms share (ForecastSetup and TextSetup
// extend it): their values, the part of the config they build, and when a field's error shows.
import type { BackendChoice, CellType, ForecastConfig, OptimizerName } from '../../shared/model/config';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { NumberValue } from './form-fields';

/** Error keys are schema paths joined with dots: 'window', 'split.train', 'split'. */
export type FieldErrors = Partial<Record<string, string>>;

type ControlKey =
  | 'cell' | 'layers' | 'hiddenUnits' | 'bidirectional' | 'epochs' | 'batchSize' | 'learningRate' | 'seed' | 'split'
  | 'backend' | 'optimizer' | 'dropout' | 'recurrentDropout' | 'earlyStopping' | 'patience' | 'minDelta';

/** A task's defaults for the shared controls; the optional ones fall back to the schema's (forecast) defaults. */
export type ControlDefaults = Pick<ForecastConfig, ControlKey>;

const SPLIT_MESSAGE = 'Must be a fraction between 0 and 1';

/** A form's values as plain data: what the window keeps across a reload, and what "Use these settings" fills in. */
export type FormValues = Record<string, unknown>;

/** The shared controls' fields, in the order they are saved. */
const CONTROL_FIELDS = [
  'cell', 'layers', 'hiddenUnits', 'bidirectional', 'dropout', 'recurrentDropout', 'epochs', 'batchSize', 'learningRate', 'seed',
  'optimizer', 'earlyStopping', 'patience', 'minDelta', 'trainFraction', 'validationFraction', 'backend',
] as const;

/** A saved value may replace the current one when it is of the same kind (an empty number field counts as a number). */
function sameKind(saved: unknown, current: unknown): boolean {
  const kind = (value: unknown) =>
    value === null || value === undefined ? 'empty' : Array.isArray(value) ? 'array' : typeof value;
  const a = kind(saved);
  const b = kind(current);
  return a === b || (a === 'empty' && b === 'number') || (a === 'number' && b === 'empty');
}

export abstract class ControlState {
  /** Every current error by field, from the subclass's schema check. */
  abstract readonly errors: FieldErrors;

  cell = $state<CellType>('LSTM');
  layers = $state<NumberValue>();
  hiddenUnits = $state<NumberValue>();
  bidirectional = $state(false);
  dropout = $state<NumberValue>();
  recurrentDropout = $state<NumberValue>();
  epochs = $state<NumberValue>();
  batchSize = $state<NumberValue>();
  learningRate = $state<NumberValue>();
  seed = $state<NumberValue>();
  optimizer = $state<OptimizerName>('adam');
  earlyStopping = $state(false);
  patience = $state<NumberValue>();
  minDelta = $state<NumberValue>();
  trainFraction = $state<NumberValue>();
  validationFraction = $state<NumberValue>();
  backend = $state<BackendChoice>('auto');
  /** After the first Train press every error shows; before it, only errors of fields the user changed. */
  submitted = $state(false);
  touched = $state<Record<string, boolean>>({});

  /** Patience and minimum improvement while early stopping is off (hidden then, so they cannot block the form). */
  private readonly stopping: { patience: number; minDelta: number };

  constructor(defaults: ControlDefaults) {
    this.cell = defaults.cell;
    this.layers = defaults.layers;
    this.hiddenUnits = defaults.hiddenUnits;
    this.bidirectional = defaults.bidirectional;
    this.dropout = defaults.dropout ?? FORECAST_DEFAULTS.dropout;
    this.recurrentDropout = defaults.recurrentDropout ?? FORECAST_DEFAULTS.recurrentDropout;
    this.epochs = defaults.epochs;
    this.batchSize = defaults.batchSize;
    this.learningRate = defaults.learningRate;
    this.seed = defaults.seed;
    this.optimizer = defaults.optimizer ?? FORECAST_DEFAULTS.optimizer;
    this.earlyStopping = defaults.earlyStopping ?? FORECAST_DEFAULTS.earlyStopping;
    this.stopping = { patience: defaults.patience ?? FORECAST_DEFAULTS.patience, minDelta: defaults.minDelta ?? FORECAST_DEFAULTS.minDelta };
    this.patience = this.stopping.patience;
    this.minDelta = this.stopping.minDelta;
    this.trainFraction = defaults.split.train;
    this.validationFraction = defaults.split.validation;
    this.backend = defaults.backend;
  }

  /** The fields `values()` saves: the shared controls, then the form's own (subclasses add theirs). */
  protected fieldNames(): readonly string[] {
    return CONTROL_FIELDS;
  }

  /** The form's values as plain data. */
  values(): FormValues {
    const self = this as unknown as Record<string, unknown>;
    return Object.fromEntries(this.fieldNames().map((key) => [key, $state.snapshot(self[key])]));
  }

  /** Puts saved values back; unknown keys and values of another kind (an older or damaged save) are skipped. */
  restoreValues(saved: FormValues): void {
    const self = this as unknown as Record<string, unknown>;
    for (const key of this.fieldNames()) {
      if (Object.hasOwn(saved, key) && sameKind(saved[key], self[key])) self[key] = saved[key];
    }
  }

  /** The shared part of the config candidate the schema checks (numbers left empty become undefined). */
  protected controlCandidate() {
    return {
      cell: this.cell,
      layers: numberOrUndefined(this.layers),
      hiddenUnits: numberOrUndefined(this.hiddenUnits),
      bidirectional: this.bidirectional,
      epochs: numberOrUndefined(this.epochs),
      batchSize: numberOrUndefined(this.batchSize),
      learningRate: numberOrUndefined(this.learningRate),
      seed: numberOrUndefined(this.seed),
      split: { train: numberOrUndefined(this.trainFraction), validation: numberOrUndefined(this.validationFraction) },
      backend: this.backend,
      optimizer: this.optimizer,
      dropout: numberOrUndefined(this.dropout),
      recurrentDropout: numberOrUndefined(this.recurrentDropout),
      earlyStopping: this.earlyStopping,
      patience: this.earlyStopping ? numberOrUndefined(this.patience) : this.stopping.patience,
      minDelta: this.earlyStopping ? numberOrUndefined(this.minDelta) : this.stopping.minDelta,
    };
  }

  /** The error to show beside a field now, if any. */
  errorFor(key: string): string | undefined {
    if (!this.submitted && !this.touched[key]) return undefined;
    return this.errors[key];
  }

  touch(key: string): void {
    this.touched[key] = true;
  }

  /** Fills the shared controls from a run's settings ("Use these settings"). */
  protected applyControls(config: ControlDefaults): void {
    this.cell = config.cell;
    this.layers = config.layers;
    this.hiddenUnits = config.hiddenUnits;
    this.bidirectional = config.bidirectional;
    this.dropout = config.dropout ?? this.dropout;
    this.recurrentDropout = config.recurrentDropout ?? this.recurrentDropout;
    this.epochs = config.epochs;
    this.batchSize = config.batchSize;
    this.learningRate = config.learningRate;
    this.seed = config.seed;
    this.optimizer = config.optimizer ?? this.optimizer;
    this.earlyStopping = config.earlyStopping ?? this.earlyStopping;
    this.patience = config.patience ?? this.patience;
    this.minDelta = config.minDelta ?? this.minDelta;
    this.trainFraction = config.split.train;
    this.validationFraction = config.split.validation;
    this.backend = config.backend;
  }
}

/** Adds a failed schema check's issues to `errors`, one per field (the first), with one message for split fractions. */
export function addIssueErrors(errors: FieldErrors, issues: readonly { path: PropertyKey[]; message: string }[]): FieldErrors {
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= key.startsWith('split.') ? SPLIT_MESSAGE : issue.message;
  }
  return errors;
}

export function numberOrUndefined(value: NumberValue): number | undefined {
  return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
}
