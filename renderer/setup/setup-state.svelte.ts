// Runs in: renderer. The setup feature's state: the forecast and text forms, and which of them Train submits.
import { createContext } from 'svelte';
import type { RunConfig, TaskType } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import { ForecastSetup } from './forecast-setup.svelte';
import { TextSetup } from './text-setup.svelte';
import { suggestTask } from './text-defaults';

export class SetupState {
  readonly forecast = new ForecastSetup();
  readonly text = new TextSetup();
  /** Which form the sidebar shows and Train submits; set from each imported file, switchable any time. */
  task = $state<TaskType>('forecast');

  /** Both forms take the new file's columns; the task follows what the file looks like. */
  useDataset(dataset: DatasetSummary): void {
    this.forecast.useDataset(dataset);
    this.text.useDataset(dataset);
    this.task = suggestTask(dataset);
  }

  /** "Use these settings": a past run's task and settings in the form. */
  applyConfig(config: RunConfig): void {
    this.task = config.task;
    if (config.task === 'text') this.text.applyConfig(config);
    else this.forecast.applyConfig(config);
  }

  /** Marks the active form submitted; returns its config when valid. */
  submit(): RunConfig | null {
    return this.task === 'text' ? this.text.submit() : this.forecast.submit();
  }

  /** Whether the active form is valid (the window focuses its first error otherwise). */
  get valid(): boolean {
    return this.task === 'text' ? this.text.valid : this.forecast.validation.success;
  }
}

export const [getSetupState, setSetupState] = createContext<SetupState>();
