// Runs in: vitest (jsdom). The forecast form: accessible names, defaults, and validation before training.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { importSzegedSample, renderApp } from '../support/render-app';

function numberInput(name: string): HTMLInputElement {
  return screen.getByRole('spinbutton', { name }) as HTMLInputElement;
}

describe('forecast setup form', () => {
  it('asks for a dataset before showing the form, and Train is disabled until then', async () => {
    renderApp();
    expect(await screen.findByText('Import a CSV to choose what to forecast.')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Target column' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Train' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows every control by its label with the defaults from FORECAST_DEFAULTS', async () => {
    renderApp();
    await importSzegedSample();

    const target = screen.getByRole('combobox', { name: 'Target column' }) as HTMLSelectElement;
    // Numeric columns only, in file order; the temperature column is preferred over the first numeric one.
    expect([...target.options].map((o) => o.value)).toEqual([
      'Humidity',
      'Temperature (C)',
      'Apparent Temperature (C)',
      'Pressure (millibars)',
    ]);
    expect(target.value).toBe('Temperature (C)');

    const inputs = within(screen.getByRole('group', { name: 'Input columns' })).getAllByRole('checkbox') as HTMLInputElement[];
    expect(inputs.filter((box) => box.checked).map((box) => box.parentElement?.textContent?.trim())).toEqual([
      'Temperature (C)',
    ]);

    expect(numberInput('Window').valueAsNumber).toBe(FORECAST_DEFAULTS.window);
    expect(numberInput('Horizon').valueAsNumber).toBe(FORECAST_DEFAULTS.horizon);
    expect(numberInput('Hidden units').valueAsNumber).toBe(FORECAST_DEFAULTS.hiddenUnits);
    expect(numberInput('Layers').valueAsNumber).toBe(FORECAST_DEFAULTS.layers);
    expect(numberInput('Epochs').valueAsNumber).toBe(FORECAST_DEFAULTS.epochs);
    expect(numberInput('Batch size').valueAsNumber).toBe(FORECAST_DEFAULTS.batchSize);
    expect(numberInput('Learning rate').valueAsNumber).toBe(FORECAST_DEFAULTS.learningRate);
    expect(numberInput('Seed').valueAsNumber).toBe(FORECAST_DEFAULTS.seed);

    const cell = screen.getByRole('combobox', { name: 'Cell' }) as HTMLSelectElement;
    expect([...cell.options].map((o) => o.value)).toEqual(['SimpleRNN', 'GRU', 'LSTM']);
    expect(cell.value).toBe(FORECAST_DEFAULTS.cell);
    expect((screen.getByRole('checkbox', { name: 'Bidirectional' }) as HTMLInputElement).checked).toBe(false);

    const backend = screen.getByRole('combobox', { name: 'Backend' }) as HTMLSelectElement;
    await waitFor(() => expect([...backend.options].map((o) => o.textContent)).toContain('Auto (wasm)'));
    expect([...backend.options].map((o) => o.value)).toEqual(['auto', 'wasm', 'cpu']);
    expect(backend.value).toBe('auto');
    expect(screen.getByText(/tfjs-node is not installed/)).toBeTruthy();
  });

  it('moves the inputs along with the target while they are just the target', async () => {
    renderApp();
    await importSzegedSample();
    const target = screen.getByRole('combobox', { name: 'Target column' });
    await fireEvent.change(target, { target: { value: 'Humidity' } });
    expect((screen.getByRole('checkbox', { name: 'Humidity' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Temperature (C)' }) as HTMLInputElement).checked).toBe(false);
  });

  it('shows schema errors beside the fields and does not start training', async () => {
    const fake = renderApp();
    await importSzegedSample();

    await fireEvent.input(numberInput('Layers'), { target: { value: '5' } });
    expect(await screen.findByText('Layers must be at most 4')).toBeTruthy();
    expect(numberInput('Layers').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(numberInput('Learning rate'), { target: { value: '' } });
    expect(await screen.findByText('Learning rate must be a number')).toBeTruthy();

    await fireEvent.click(screen.getByRole('checkbox', { name: 'Temperature (C)' }));
    expect(await screen.findByText('Choose at least one input column')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(fake.api.startTraining).not.toHaveBeenCalled();
    // Keyboard users land on the first field to fix.
    await waitFor(() => expect(document.activeElement).toBe(numberInput('Layers')));

    await fireEvent.input(numberInput('Layers'), { target: { value: '4' } });
    await waitFor(() => expect(screen.queryByText('Layers must be at most 4')).toBeNull());
  });
});
