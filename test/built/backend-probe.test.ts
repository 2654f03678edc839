// Runs in: vitest (Node). The backend probe as the main process asks it: a real, short-lived trainer process
// (dist/main/trainer.js) loads TensorFlow.js, answers which backends work, and ends.
import { beforeAll, describe, expect, it } from 'vitest';
import { probeBackendsInTrainer } from '../../main/backend/training/backend-probe';
import { forkTrainerLauncher, type TrainerLauncher } from '../../main/backend/training/trainer-launcher';
import { TRAINER_ENTRY, requireBuilt } from '../support/built';

describe('the backend probe in a trainer process', () => {
  beforeAll(requireBuilt);

  it('answers which backends load here, with wasm and cpu among them, and the process ends', async () => {
    const exits: (number | null)[] = [];
    const fork = forkTrainerLauncher(TRAINER_ENTRY);
    const launch: TrainerLauncher = () => {
      const handle = fork();
      handle.onExit((code) => exits.push(code));
      return handle;
    };
    const info = await probeBackendsInTrainer(launch);
    expect(info.available).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    expect(info.auto).toBe(info.available[0]);
    // tfjs-node cannot install on these machines: its absence is explained, in words, not left out.
    if (!info.available.includes('tensorflow')) expect(info.notes.join(' ')).toMatch(/tensorflow/);
    await expect.poll(() => exits.length, { timeout: 10_000 }).toBe(1);
  });

  it('turns a process that dies before answering into a message for the user', async () => {
    const launch: TrainerLauncher = () => {
      const handle = forkTrainerLauncher(TRAINER_ENTRY)();
      // Killed before it can answer: the probe must settle with a message, not hang.
      setTimeout(() => handle.kill(), 50);
      return handle;
    };
    await expect(probeBackendsInTrainer(launch)).rejects.toThrow(/ended without an answer \(killed\)/);
  });

  it('gives up after its time limit with a message', async () => {
    const launch: TrainerLauncher = () => forkTrainerLauncher(TRAINER_ENTRY)();
    await expect(probeBackendsInTrainer(launch, 1)).rejects.toThrow(/took longer than 0.001 s/);
  });
});
