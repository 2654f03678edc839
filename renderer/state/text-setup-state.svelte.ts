// Runs in: renderer. The text-classification form's values, validated live with the shared schema (and the same
// column checks main runs), plus the preview request they imply.
import type { BackendChoice, CellType, DatasetSummary, OptimizerName, TextConfig } from '../../shared/api';
import type { TextPreviewRequest } from '../../shared/inference';
import { TEXT_DEFAULTS, textConfigSchema } from '../../shared/run-config';
import { checkTextColumns } from '../../shared/text-columns';
import { defaultLabelColumn, defaultTextColumn, labelColumnCandidates, textColumnCandidates } from '../setup/text-defaults';
import type { FieldErrors } from './setup-state.svelte';

type NumberField = number | null | undefined;

const SPLIT_MESSAGE = 'Must be a fraction between 0 and 1';
const EARLY_STOPPING = { patience: TEXT_DEFAULTS.patience ?? 5, minDelta: TEXT_DEFAULTS.minDelta ?? 0 };

/** The fields the preview depends on; an error in any of them holds the preview back. */
const PREVIEW_KEYS = ['datasetId', 'textColumn', 'labelColumn', 'columns', 'vocabSize', 'minFrequency', 'maxLength', 'truncate', 'seed', 'split', 'split.train', 'split.validation'];

export class TextSetup {
  dataset = $state.raw<DatasetSummary | null>(null);
  textColumn = $state('');
  labelColumn = $state('');
  cell = $state<CellType>(TEXT_DEFAULTS.cell);
  layers = $state<NumberField>(TEXT_DEFAULTS.layers);
  hiddenUnits = $state<NumberField>(TEXT_DEFAULTS.hiddenUnits);
  bidirectional = $state(TEXT_DEFAULTS.bidirectional);
  embeddingDim = $state<NumberField>(TEXT_DEFAULTS.embeddingDim);
  maxLength = $state<NumberField>(TEXT_DEFAULTS.maxLength);
  vocabSize = $state<NumberField>(TEXT_DEFAULTS.vocabSize);
  minFrequency = $state<NumberField>(TEXT_DEFAULTS.minFrequency);
  truncate = $state<'start' | 'end'>(TEXT_DEFAULTS.truncate);
  epochs = $state<NumberField>(TEXT_DEFAULTS.epochs);
  batchSize = $state<NumberField>(TEXT_DEFAULTS.batchSize);
  learningRate = $state<NumberField>(TEXT_DEFAULTS.learningRate);
  optimizer = $state<OptimizerName>(TEXT_DEFAULTS.optimizer ?? 'adam');
  dropout = $state<NumberField>(TEXT_DEFAULTS.dropout);
  recurrentDropout = $state<NumberField>(TEXT_DEFAULTS.recurrentDropout);
  earlyStopping = $state(TEXT_DEFAULTS.earlyStopping ?? false);
  patience = $state<NumberField>(EARLY_STOPPING.patience);
  minDelta = $state<NumberField>(EARLY_STOPPING.minDelta);
  seed = $state<NumberField>(TEXT_DEFAULTS.seed);
  trainFraction = $state<NumberField>(TEXT_DEFAULTS.split.train);
  validationFraction = $state<NumberField>(TEXT_DEFAULTS.split.validation);
  backend = $state<BackendChoice>(TEXT_DEFAULTS.backend);
  /** After the first Train press every error shows; before it, only errors of fields the user changed. */
  submitted = $state(false);
  touched = $state<Record<string, boolean>>({});

  readonly textColumns = $derived(this.dataset ? textColumnCandidates(this.dataset) : []);
  readonly labelColumns = $derived(this.dataset ? labelColumnCandidates(this.dataset) : []);

  readonly candidate = $derived({
    task: 'text' as const,
    datasetId: this.dataset?.id ?? '',
    textColumn: this.textColumn,
    labelColumn: this.labelColumn,
    cell: this.cell,
    layers: numberOrUndefined(this.layers),
    hiddenUnits: numberOrUndefined(this.hiddenUnits),
    bidirectional: this.bidirectional,
    embeddingDim: numberOrUndefined(this.embeddingDim),
    maxLength: numberOrUndefined(this.maxLength),
    vocabSize: numberOrUndefined(this.vocabSize),
    minFrequency: numberOrUndefined(this.minFrequency),
    truncate: this.truncate,
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
    // Hidden while early stopping is off, so they cannot block the form then.
    patience: this.earlyStopping ? numberOrUndefined(this.patience) : EARLY_STOPPING.patience,
    minDelta: this.earlyStopping ? numberOrUndefined(this.minDelta) : EARLY_STOPPING.minDelta,
  });

  readonly validation = $derived(textConfigSchema.safeParse(this.candidate));

  /** Main's own check of the two columns (same column twice, one class only, a column of numbers as text...). */
  readonly columnsError = $derived.by(() => {
    if (!this.dataset || !this.textColumn || !this.labelColumn) return null;
    try {
      checkTextColumns({ textColumn: this.textColumn, labelColumn: this.labelColumn }, this.dataset);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  });

  readonly errors: FieldErrors = $derived.by(() => {
    const errors: FieldErrors = {};
    if (this.columnsError) errors.columns = this.columnsError;
    if (this.validation.success) return errors;
    for (const issue of this.validation.error.issues) {
      const key = issue.path.join('.');
      errors[key] ??= key.startsWith('split.') ? SPLIT_MESSAGE : issue.message;
    }
    return errors;
  });

  readonly valid = $derived(Object.keys(this.errors).length === 0);

  /** What the preview shows for the current settings; null while one of them is invalid. */
  readonly previewRequest: TextPreviewRequest | null = $derived.by(() => {
    if (!this.dataset || PREVIEW_KEYS.some((key) => this.errors[key])) return null;
    const c = this.candidate;
    if (c.vocabSize === undefined || c.minFrequency === undefined || c.maxLength === undefined || c.seed === undefined) return null;
    if (c.split.train === undefined || c.split.validation === undefined) return null;
    return {
      datasetId: c.datasetId,
      textColumn: c.textColumn,
      labelColumn: c.labelColumn,
      vocabSize: c.vocabSize,
      minFrequency: c.minFrequency,
      maxLength: c.maxLength,
      truncate: c.truncate,
      split: { train: c.split.train, validation: c.split.validation },
      seed: c.seed,
    };
  });

  /** The error to show beside a field now, if any. */
  errorFor(key: string): string | undefined {
    if (!this.submitted && !this.touched[key]) return undefined;
    return this.errors[key];
  }

  touch(key: string): void {
    this.touched[key] = true;
  }

  /** A new dataset picks its likeliest text and label columns; the model settings stay as the user left them. */
  useDataset(dataset: DatasetSummary): void {
    this.dataset = dataset;
    this.textColumn = defaultTextColumn(dataset);
    this.labelColumn = defaultLabelColumn(dataset, this.textColumn);
    this.submitted = false;
    this.touched = {};
  }

  /** Marks the form submitted; returns the config when valid. */
  submit(): TextConfig | null {
    this.submitted = true;
    return this.valid && this.validation.success ? (this.validation.data as TextConfig) : null;
  }
}

function numberOrUndefined(value: NumberField): number | undefined {
  return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
}
