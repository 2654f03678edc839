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
