// Runs in: vitest (Node). The fused kernels' memory allocator (main/trainer/fused/wasm-kernels.ts) on the real module.
import { describe, expect, it } from 'vitest';
import { kernelArena } from '../../main/trainer/fused/wasm-kernels';

describe('the kernels arena', () => {
  it('reuses freed blocks, coalesces neighbours, and hands the top back', () => {
    const arena = kernelArena();
    const a = arena.alloc(100);
    const b = arena.alloc(1000);
    const c = arena.alloc(100);
    expect(a.ptr % 64).toBe(0);
    expect(b.ptr).toBeGreaterThanOrEqual(a.ptr + 400);
    arena.release(b);
    const smaller = arena.alloc(500); // first fit: inside b's old place
    expect(smaller.ptr).toBe(b.ptr);
    arena.release(smaller);
    arena.release(a);
    const big = arena.alloc(1100); // a and b coalesced: room for 1,100 floats before c
    expect(big.ptr).toBe(a.ptr);
    arena.release(big);
    arena.release(c);
    expect(arena.alloc(10).ptr).toBe(a.ptr); // everything free again: the bump pointer went back
  });

  it('grows the memory for a block bigger than what is left, and views see the data', () => {
    const arena = kernelArena();
    const before = arena.reservedBytes;
    const block = arena.alloc(before / 4 + 1000);
    expect(arena.reservedBytes).toBeGreaterThan(before);
    const view = arena.f32(block.ptr, 4);
    view.set([1, 2, 3, 4]);
    arena.kernels.zero(2, block.ptr);
    expect(Array.from(arena.f32(block.ptr, 4))).toEqual([0, 0, 3, 4]);
    arena.release(block);
  });

  it('an owner releases only its own blocks', () => {
    const arena = kernelArena();
    const owned = arena.owned({});
    const mine = owned.alloc(64);
    const foreign = arena.alloc(64);
    owned.release(foreign); // not the owner's: ignored
    const next = arena.alloc(64);
    expect(next.ptr).not.toBe(foreign.ptr);
    owned.release(mine);
    arena.release(foreign);
    arena.release(next);
  });
});
