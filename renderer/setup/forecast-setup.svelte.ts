// Runs in: renderer. The forecast form's values, validated live with the shared schema.
import type { ForecastConfig, InitializerName, TargetTransform, ThreadsChoice } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import { describeModelSummary, summarizeForecastModel, type ModelSummary } from '../../shared/model/model-summary';
import { FORECAST_DEFAULTS, forecastConfigSchema } from '../../shared/model/run-config';
import { defaultTarget, numericColumns } from './form-defaults';
import type { MissingPolicy, SentinelMark } from '../../shared/model/forecast-data';
import { inputColumns, oneHotWidth } from './input-columns';
import type { NumberValue } from './form-fields';
import { addIssueErrors, ControlState, numberOrUndefined, type FieldErrors, type FormValues } from './control-state.svelte';

export type { FieldErrors } from './control-state.svelte';

export class ForecastSetup extends ControlState {
  dataset = $state.raw<DatasetSummary | null>(null);
  target = $state('');
  features = $state<string[]>([]);
  window = $state<NumberValue>(FORECAST_DEFAULTS.window);
  horizon = $state<NumberValue>(FORECAST_DEFAULTS.horizon);
  initializer = $state<InitializerName>(FORECAST_DEFAULTS.initializer);
  threads = $state<ThreadsChoice>(FORECAST_DEFAULTS.threads);
  stride = $state<NumberValue>(FORECAST_DEFAULTS.stride);
  targetTransform = $state<TargetTransform>(FORECAST_DEFAULTS.targetTransform);
  /** Prediction-interval levels (0.8 = 80%); empty turns intervals off. */
  intervals = $state<number[]>([...FORECAST_DEFAULTS.intervals]);
  /** Per column; a column left out uses 'drop'. */
  missingPolicies = $state<Record<string, MissingPolicy>>({});
  sentinels = $state<SentinelMark[]>([]);

  constructor() {
    super(FORECAST_DEFAULTS);
  }

  readonly numeric = $derived(this.dataset ? numericColumns(this.dataset.columns) : []);
  /** Numeric and category columns, in the file's order: what the input checkboxes list. */
  readonly inputs = $derived(this.dataset ? inputColumns(this.dataset.columns) : []);
  /** Target and inputs with missing values (or a sentinel mark): the ones that get a policy select. */
  readonly columnsWithMissing = $derived.by(() => {
    const used = [this.target, ...this.features];
    const marked = this.sentinels.map((mark) => mark.column);
    return (this.dataset?.columns ?? []).filter((c) => used.includes(c.name) && (c.missing > 0 || marked.includes(c.name)));
  });

  readonly candidate = $derived({
    task: 'forecast' as const,
    datasetId: this.dataset?.id ?? '',
    target: this.target,
    features: [...this.features],
    window: numberOrUndefined(this.window),
    horizon: numberOrUndefined(this.horizon),
    ...this.controlCandidate(),
    initializer: this.initializer,
    threads: this.threads,
    // Only the columns in use: a policy left over from another choice would only clutter the run's settings.
    missing: Object.fromEntries(
      Object.entries(this.missingPolicies).filter(([name, policy]) => policy !== 'drop' && (name === this.target || this.features.includes(name))),
    ),
    sentinels: this.sentinels.map((mark) => ({ ...mark })),
    stride: numberOrUndefined(this.stride),
    targetTransform: this.targetTransform,
    intervals: [...this.intervals],
  });

  readonly validation = $derived(forecastConfigSchema.safeParse(this.candidate));

  /** Layers, shapes and parameter count of the network the current settings build; null while they are invalid. */
  readonly modelSummary: ModelSummary | null = $derived.by(() => {
    if (!this.validation.success) return null;
    const config = this.validation.data as ForecastConfig;
    // Duplicates count once, as the trainer dedupes them.
    const features = oneHotWidth(config.features, this.dataset?.columns ?? []);
    return summarizeForecastModel({ ...config, features });
  });

  readonly modelSummaryText = $derived(this.modelSummary ? describeModelSummary(this.modelSummary) : null);

  readonly errors: FieldErrors = $derived(this.validation.success ? {} : addIssueErrors({}, this.validation.error.issues));

  /**
   * A new file keeps the choices that still apply to it (the target and inputs it also has, their missing-value
   * policies and marks) and picks defaults for the rest; the model and training settings stay as the user left them.
   */
  useDataset(dataset: DatasetSummary): void {
    const ownPast = this.features.length === 1 && this.features[0] === this.target;
    this.dataset = dataset;
    this.keepApplicable(ownPast);
    this.submitted = false;
    this.touched = {};
  }

  /** Drops column choices the current file does not have; a target it lacks becomes the default one. */
  private keepApplicable(ownPast: boolean): void {
    const dataset = this.dataset;
    if (!dataset) return;
    const numeric = numericColumns(dataset.columns);
    // Throwaway lookups, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const inputs = new Set(inputColumns(dataset.columns).map((column) => column.name));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const names = new Set(dataset.columns.map((column) => column.name));
    this.target = numeric.includes(this.target) ? this.target : defaultTarget(numeric);
    const kept = this.features.filter((name) => inputs.has(name));
    this.features = ownPast || kept.length === 0 ? (this.target ? [this.target] : []) : kept;
    this.missingPolicies = Object.fromEntries(Object.entries(this.missingPolicies).filter(([name]) => names.has(name)));
    this.sentinels = this.sentinels.filter((mark) => names.has(mark.column));
  }

  protected override fieldNames(): readonly string[] {
    return [...super.fieldNames(), 'target', 'features', 'window', 'horizon', 'initializer', 'threads', 'stride', 'targetTransform', 'intervals', 'missingPolicies', 'sentinels'];
  }

  /** Saved values back, then the column choices checked against the loaded file. */
  override restoreValues(saved: FormValues): void {
    super.restoreValues(saved);
    // 'auto' or a count: the kind check above would refuse one for the other.
    if (saved.threads === 'auto' || typeof saved.threads === 'number') this.threads = saved.threads as ThreadsChoice;
    this.keepApplicable(false);
  }

  /** "Use these settings": a past run's settings in the form (its columns where the loaded file has them). */
  applyConfig(config: ForecastConfig): void {
    this.applyControls(config);
    this.target = config.target;
    this.features = [...config.features];
    this.window = config.window;
    this.horizon = config.horizon;
    this.initializer = config.initializer ?? this.initializer;
    this.threads = config.threads ?? this.threads;
    this.stride = config.stride ?? this.stride;
    this.targetTransform = config.targetTransform ?? 'none';
    this.intervals = [...(config.intervals ?? [])];
    this.missingPolicies = { ...(config.missing ?? {}) };
    this.sentinels = (config.sentinels ?? []).map((mark) => ({ ...mark }));
    this.keepApplicable(false);
    this.touched = {};
  }

  /** While the inputs are just the old target, they follow the new one (the "predict from its own past" default). */
  setTarget(name: string): void {
    if (this.features.length === 1 && this.features[0] === this.target) this.features = [name];
    this.target = name;
  }

  toggleFeature(name: string, on: boolean): void {
    // A throwaway lookup, not state: a plain Set is right here.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const chosen = new Set(this.features);
    if (on) chosen.add(name);
    else chosen.delete(name);
    // Keep the dataset's column order so configs compare equal across runs.
    this.features = this.inputs.filter((column) => chosen.has(column.name)).map((column) => column.name);
    this.touch('features');
  }

  setMissingPolicy(column: string, policy: MissingPolicy): void {
    this.missingPolicies = { ...this.missingPolicies, [column]: policy };
  }

  isMarked(column: string, value: number): boolean {
    return this.sentinels.some((mark) => mark.column === column && mark.value === value);
  }

  /** "Mark as missing" on a finding (e.g. pressure exactly 0). */
  addSentinel(column: string, value: number): void {
    if (!this.isMarked(column, value)) this.sentinels = [...this.sentinels, { column, value }];
  }

  removeSentinel(column: string, value: number): void {
    this.sentinels = this.sentinels.filter((mark) => !(mark.column === column && mark.value === value));
  }

  /** Marks the form submitted; returns the config when valid. */
  submit(): ForecastConfig | null {
    this.submitted = true;
    return this.validation.success ? (this.validation.data as ForecastConfig) : null;
  }
}
