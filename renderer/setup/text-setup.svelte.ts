// Runs in: renderer. The text-classification form's values, validated live with the shared schema (and the same
// column checks main runs), plus the preview request they imply.
import type { TextConfig, ThreadsChoice } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { TextPreviewRequest } from '../../shared/model/inference';
import { TEXT_DEFAULTS, textConfigSchema } from '../../shared/model/run-config';
import { checkTextColumns } from '../../shared/model/text-columns';
import { defaultLabelColumn, defaultTextColumn, labelColumnCandidates, textColumnCandidates } from './text-defaults';
import type { NumberValue } from './form-fields';
import { addIssueErrors, ControlState, numberOrUndefined, type FieldErrors, type FormValues } from './control-state.svelte';

/** The fields the preview depends on; an error in any of them holds the preview back. */
const PREVIEW_KEYS = ['datasetId', 'textColumn', 'labelColumn', 'columns', 'vocabSize', 'minFrequency', 'maxLength', 'truncate', 'seed', 'split', 'split.train', 'split.validation'];

export class TextSetup extends ControlState {
  dataset = $state.raw<DatasetSummary | null>(null);
  textColumn = $state('');
  labelColumn = $state('');
  embeddingDim = $state<NumberValue>(TEXT_DEFAULTS.embeddingDim);
  maxLength = $state<NumberValue>(TEXT_DEFAULTS.maxLength);
  vocabSize = $state<NumberValue>(TEXT_DEFAULTS.vocabSize);
  minFrequency = $state<NumberValue>(TEXT_DEFAULTS.minFrequency);
  truncate = $state<'start' | 'end'>(TEXT_DEFAULTS.truncate);
  threads = $state<ThreadsChoice>(TEXT_DEFAULTS.threads ?? 'auto');
  /** Max length follows the preview's suggestion (the length 90% of the texts fit in) until the user sets it. */
  maxLengthSuggested = $state(true);
  /** The length last taken from the preview; the hint says "suggested" only while the field still holds it. */
  maxLengthFromPreview = $state<number | null>(null);

  constructor() {
    super(TEXT_DEFAULTS);
  }

  readonly textColumns = $derived(this.dataset ? textColumnCandidates(this.dataset) : []);
  readonly labelColumns = $derived(this.dataset ? labelColumnCandidates(this.dataset) : []);

  readonly candidate = $derived({
    task: 'text' as const,
    datasetId: this.dataset?.id ?? '',
    textColumn: this.textColumn,
    labelColumn: this.labelColumn,
    ...this.controlCandidate(),
    embeddingDim: numberOrUndefined(this.embeddingDim),
    maxLength: numberOrUndefined(this.maxLength),
    vocabSize: numberOrUndefined(this.vocabSize),
    minFrequency: numberOrUndefined(this.minFrequency),
    truncate: this.truncate,
    threads: this.threads,
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
    return this.validation.success ? errors : addIssueErrors(errors, this.validation.error.issues);
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

  /** A new file keeps the text and label columns it also has, else picks its likeliest; the model settings stay. */
  useDataset(dataset: DatasetSummary): void {
    this.dataset = dataset;
    this.keepApplicable();
    // The new texts have their own lengths: let the preview suggest again.
    this.maxLengthSuggested = true;
    this.submitted = false;
    this.touched = {};
  }

  private keepApplicable(): void {
    const dataset = this.dataset;
    if (!dataset) return;
    if (!textColumnCandidates(dataset).includes(this.textColumn)) this.textColumn = defaultTextColumn(dataset);
    const labels = labelColumnCandidates(dataset).filter((name) => name !== this.textColumn);
    if (!labels.includes(this.labelColumn)) this.labelColumn = defaultLabelColumn(dataset, this.textColumn);
  }

  /** The preview's suggested max length, taken while the user has not chosen one, and never after Train was pressed
   * (the run would have used the old length, and the form must keep showing what it sent). */
  suggestMaxLength(length: number): void {
    if (!this.maxLengthSuggested || this.submitted) return;
    this.maxLengthFromPreview = length;
    if (this.maxLength !== length) this.maxLength = length;
  }

  override touch(key: string): void {
    super.touch(key);
    if (key === 'maxLength') this.maxLengthSuggested = false;
  }

  protected override fieldNames(): readonly string[] {
    return [...super.fieldNames(), 'textColumn', 'labelColumn', 'embeddingDim', 'maxLength', 'vocabSize', 'minFrequency', 'truncate', 'threads', 'maxLengthSuggested'];
  }

  override restoreValues(saved: FormValues): void {
    super.restoreValues(saved);
    // 'auto' or a count: the kind check above would refuse one for the other.
    if (saved.threads === 'auto' || typeof saved.threads === 'number') this.threads = saved.threads as ThreadsChoice;
    this.keepApplicable();
  }

  /** "Use these settings": a past text run's settings in the form (its columns where the loaded file has them). */
  applyConfig(config: TextConfig): void {
    this.applyControls(config);
    this.textColumn = config.textColumn;
    this.labelColumn = config.labelColumn;
    this.embeddingDim = config.embeddingDim;
    this.maxLength = config.maxLength;
    this.vocabSize = config.vocabSize;
    this.minFrequency = config.minFrequency;
    this.truncate = config.truncate;
    // A run logged before the setting trained on one thread.
    this.threads = config.threads ?? 1;
    this.maxLengthSuggested = false;
    this.keepApplicable();
    this.touched = {};
  }

  /** Marks the form submitted; returns the config when valid. */
  submit(): TextConfig | null {
    this.submitted = true;
    return this.valid && this.validation.success ? (this.validation.data as TextConfig) : null;
  }
}
